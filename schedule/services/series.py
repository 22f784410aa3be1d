"""A poll's result as a series of calls: each call an ordinary meeting, linked to its series."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record

from ..enums import PollStatus
from ..models import AvailabilityPoll, Meeting, MeetingSeries, Slot
from ..selectors.series import candidate_calls
from .meetings import _notices_enqueue, _validate_times, meeting_invite_poll_people
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
