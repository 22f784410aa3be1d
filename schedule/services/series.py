"""A poll's result as a series of calls: each call an ordinary meeting, linked to its series."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record

from ..enums import PollStatus
from ..models import AvailabilityPoll, Meeting, MeetingAttendee, MeetingSeries, Slot
from ..selectors.series import candidate_calls
from .meetings import (
    _notices_enqueue,
    _validate_times,
    meeting_cancel,
    meeting_invite_poll_people,
    meeting_update,
)
from .records import parking_lot_carry_into

MIN_CALLS, MAX_CALLS = 2, 26
MAX_EVERY_WEEKS = 8


@transaction.atomic
def series_create(
    *,
    actor: User,
    poll: AvailabilityPoll,
    slots: list[Slot],
    pattern: tuple[int, ...],
    every_weeks: int,
    title: str = "",
    video_link: str = "",
    until=None,
) -> MeetingSeries:
    """The series and its calls in one transaction: the k-th call at `slots[pattern[k]]`'s time,
    moved on every_weeks × k weeks keeping its wall-clock time in the poll's zone. Everyone invited
    to the poll (and who joined the team since) attends each call and receives one invitation per
    call, each with its own .ics (ledger keys per call, version and address: never twice). The poll
    is then done: a second submit is refused."""
    poll = AvailabilityPoll.objects.select_for_update().get(pk=poll.pk)
    if poll.status == PollStatus.FINALISED:
        raise ValidationError(_("This poll already became a meeting or a series."))
    if not 1 <= len(slots) <= 3 or any(slot.poll_id != poll.pk for slot in slots):
        raise ValidationError(_("Choose one to three of this poll's slots."))
    if not 1 <= every_weeks <= MAX_EVERY_WEEKS:
        raise ValidationError(_("A series repeats every 1 to 8 weeks."))
    if not MIN_CALLS <= len(pattern) <= MAX_CALLS or any(not 0 <= s < len(slots) for s in pattern):
        raise ValidationError(_("A series has 2 to 26 calls."))
    calls = candidate_calls(poll=poll, slots=slots, every_weeks=every_weeks, count=len(pattern))
    times = [calls[s][k] for k, s in enumerate(pattern)]
    for start, end in times:
        _validate_times(start, end)
    series = MeetingSeries(
        team_id=poll.team_id,
        poll=poll,
        title=(title or poll.title).strip(),
        every_weeks=every_weeks,
        count=len(pattern),
        until=until,
        slots=[slot.pk for slot in slots],
        pattern=list(pattern),
        time_zone=poll.entered_time_zone,
        duration_minutes=poll.duration_minutes,
        created_by=actor,
    )
    series.full_clean()
    series.save()
    for position, (start, end) in enumerate(times):
        meeting = Meeting(
            team_id=poll.team_id,
            title=series.title,
            start=start,
            end=end,
            video_link=video_link,
            organizer=actor,
            series=series,
            position=position,
        )
        meeting.full_clean()
        meeting.save()
        if position == 0:  # what earlier meetings parked goes on the first call's agenda
            parking_lot_carry_into(meeting)
        meeting_invite_poll_people(meeting, poll)
        _notices_enqueue(meeting)
    poll.status = PollStatus.FINALISED
    poll.closed_at = poll.closed_at or timezone.now()
    poll.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_SCHEDULED,
        target=series.title,
        start=times[0][0].isoformat(),
        calls=len(times),
        every_weeks=every_weeks,
    )
    return series


def _wall_clock_after(start: datetime, weeks: int, zone: ZoneInfo) -> datetime:
    """`weeks` weeks after `start`, at the same wall-clock time in `zone` (as rotation.py does)."""
    local = start.astimezone(zone).replace(tzinfo=None) + timedelta(weeks=weeks)
    return local.replace(tzinfo=zone).astimezone(UTC)


@transaction.atomic
def series_cadence_change(
    *, actor: User, series: MeetingSeries, every_weeks: int, count: int
) -> MeetingSeries:
    """A new cadence (every `every_weeks` weeks, `count` calls in all) for the calls still to come.
    The calls held (or under way) stay as they were; from the first call to come, each call is
    re-timed: the first stays in its week, the next follow every_weeks apart, each at its slot's
    wall-clock time in the series' zone (the rotation's pattern goes on turning). A call whose time
    changes is updated (SEQUENCE + 1, one update to each attendee, through meeting_update); calls
    past the new count are cancelled (one cancellation each); new calls are created and invited to
    like the first ones. A cancelled call stays cancelled."""
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    if not 1 <= every_weeks <= MAX_EVERY_WEEKS:
        raise ValidationError(_("A series repeats every 1 to 8 weeks."))
    if not MIN_CALLS <= count <= MAX_CALLS:
        raise ValidationError(_("A series has 2 to 26 calls."))
    slots = {slot.pk: slot for slot in Slot.objects.filter(pk__in=series.slots)}
    if len(slots) != len(series.slots):
        raise ValidationError(_("The poll of this series was deleted: its calls can be moved one by one."))
    meetings = {m.position: m for m in series.meetings.all()}
    now = timezone.now()
    upcoming = sorted(k for k, m in meetings.items() if m.start > now)
    if not upcoming:
        raise ValidationError(_("All the calls of this series have taken place."))
    first = upcoming[0]
    if count <= first:
        raise ValidationError(_("The series already has more calls than that."))
    zone = ZoneInfo(series.time_zone or "UTC")
    duration = timedelta(minutes=series.duration_minutes)
    cycle = list(series.pattern)
    pattern = cycle[:first] + [cycle[k % len(cycle)] for k in range(first, count)]
    # Week of call `first` as the series had it; the following ones every_weeks on from it.
    first_week = series.every_weeks * first
    template = meetings[upcoming[0]]
    for k in range(first, max(count, max(meetings) + 1)):
        meeting = meetings.get(k)
        if k >= count:
            if meeting is not None and not meeting.is_cancelled:
                meeting_cancel(actor=actor, meeting=meeting)
            continue
        slot = slots[series.slots[pattern[k]]]
        start = _wall_clock_after(slot.start, first_week + every_weeks * (k - first), zone)
        if meeting is None:
            _series_call_add(series, template, k, start, start + duration)
        elif not meeting.is_cancelled and (meeting.start, meeting.end) != (start, start + duration):
            meeting_update(actor=actor, meeting=meeting, start=start, end=start + duration)
    series.every_weeks, series.count, series.pattern = every_weeks, count, pattern
    series.full_clean()
    series.save(update_fields=["every_weeks", "count", "pattern"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_CHANGED,
        target=series.title,
        calls=count,
        every_weeks=every_weeks,
    )
    return series


def _series_call_add(series: MeetingSeries, template: Meeting, position: int, start, end) -> Meeting:
    """A new call of the series, like `template` (title, link, organiser, its attendees), invited."""
    _validate_times(start, end)
    meeting = Meeting(
        team_id=series.team_id,
        title=template.title,
        start=start,
        end=end,
        video_link=template.video_link,
        is_public=template.is_public,
        organizer=template.organizer,
        series=series,
        position=position,
    )
    meeting.full_clean()
    meeting.save()
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(
            meeting=meeting,
            user_id=a.user_id,
            email=a.email,
            name=a.name,
            time_zone=a.time_zone,
            language=a.language,
        )
        for a in template.attendees.all()
    )
    _notices_enqueue(meeting)
    return meeting
