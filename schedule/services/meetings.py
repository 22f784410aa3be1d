"""Meetings: made from a poll's slot (or directly), rescheduled, cancelled, with calendar
invitations through the outbox and a reminder the day before."""

from __future__ import annotations

from datetime import timedelta

from celery import signature
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from common.forms import validate_date_window
from notifications import ledger_keys
from notifications.chores import chore_run
from notifications.emails import Attachment, absolute_url
from notifications.enums import Chore, LedgerStatus, MailKind
from notifications.models import NotificationLedger
from notifications.services.notices import notice_for, notices_record
from notifications.services.preferences import preferences_for
from teams.models import IssueTeam

from ..enums import ANSWERS, MeetingStatus, PollStatus
from ..ical import meeting_calendar
from ..models import AvailabilityPoll, Meeting, MeetingAttendee, Slot
from ..rules import sees_all_attendees
from ..selectors.meetings import meeting_guest_tokens
from .records import parking_lot_carry_into

REMIND_BEFORE = timedelta(hours=24)
# Ledger keys looked up per query when finding who received an earlier version of a meeting.
TOLD_CHUNK = 1000
# The worker's task that renders and records a meeting's notices (by name: services never import
# tasks.py, which imports them).
NOTICES_TASK = "schedule.tasks.send_meeting_notices"
# What the meeting form offers; the same bounds as a poll's calls.
MIN_LENGTH, MAX_LENGTH = timedelta(minutes=15), timedelta(hours=8)


def calendar_copy_for(
    meeting: Meeting, attendees: list[MeetingAttendee], *, reader: User | None, method: str
) -> str:
    """The .ics `reader` may have: every attendee for those who run the meeting, else the organiser
    and the reader alone (nobody, for a reader who is not invited)."""
    if reader is not None and sees_all_attendees(reader, meeting):
        return meeting_calendar(meeting, attendees, method=method)
    mine = [a for a in attendees if reader is not None and a.user_id == reader.pk]
    return meeting_calendar(meeting, mine, method=method)


def _attendee_copy(
    meeting: Meeting, attendees: list[MeetingAttendee], attendee: MeetingAttendee, *, method: str
) -> Attachment:
    if attendee.user_id is not None:
        ics = calendar_copy_for(meeting, attendees, reader=attendee.user, method=method)
    else:  # a guest's copy names the guest alone
        ics = meeting_calendar(meeting, [attendee], method=method)
    return Attachment("invite.ics", ics, f"text/calendar; method={method}")


def _notify(meeting: Meeting, *, method: str, template: str, told_template: str = "") -> list[int]:
    """One email per attendee for this version (SEQUENCE) of the meeting, each with its own .ics:
    `template`, or `told_template` for those who received an earlier version (when given)."""
    attendees = list(meeting.attendees.select_related("user"))
    guest_tokens = meeting_guest_tokens(meeting=meeting)
    told = _told_before(meeting, attendees) if told_template else set()
    return notices_record(
        [
            notice_for(
                key=ledger_keys.meeting(meeting.pk, meeting.sequence, attendee.address),
                kind=MailKind.MEETING,
                template=told_template if attendee.pk in told else template,
                context={"meeting": meeting, "method": method, **_links(meeting, attendee, guest_tokens)},
                user=attendee.user,
                guest=attendee,
                guest_email=attendee.address,
                guest_zone=attendee.zone_name,
                guest_language=attendee.language,
                attachments=(_attendee_copy(meeting, attendees, attendee, method=method),),
                # A guest's links carry their private poll token: sealed in the outbox like the poll's.
                secrets=_guest_secrets(attendee, guest_tokens),
            )
            for attendee in attendees
        ]
    )


def _told_before(meeting: Meeting, attendees: list[MeetingAttendee]) -> set[int]:
    """The attendees (by id) who received an earlier version of the meeting: its invitation or an
    update through the meeting's task, or their own invitation on joining the team. Read from the
    ledger, not guessed from SEQUENCE: the task of the first version may run after a reschedule
    (nobody has the invitation yet), and attendees added since got nothing."""
    keys = {}
    for attendee in attendees:
        for sequence in range(meeting.sequence):
            keys[ledger_keys.meeting(meeting.pk, sequence, attendee.address)] = attendee.pk
            keys[ledger_keys.meeting_joined(meeting.pk, sequence, attendee.pk)] = attendee.pk
    told = set()
    names = list(keys)
    for start in range(0, len(names), TOLD_CHUNK):
        received = (
            NotificationLedger.objects.filter(key__in=names[start : start + TOLD_CHUNK])
            .exclude(status=LedgerStatus.SKIPPED)
            .values_list("key", flat=True)
        )
        told.update(keys[key] for key in received)
    return told


def _notices_enqueue(meeting: Meeting) -> None:
    """After the change commits, one task renders everyone's email and .ics in the worker: for a
    200-person meeting that is about a second, which the facilitator's request no longer waits."""
    meeting_id = meeting.pk
    transaction.on_commit(lambda: signature(NOTICES_TASK, args=(meeting_id,)).delay())


def meeting_notices_send(meeting_id: int) -> list[int]:
    """The worker's half of scheduling, changing or cancelling a meeting: one email per attendee for
    the meeting's current version (SEQUENCE), each with its own .ics. The ledger keys name the
    version and the address, so a retried or duplicated task, or the task of an earlier version
    that runs late, sends nobody anything twice (and nobody an out-of-date copy). Returns the
    outbox ids this run recorded."""
    with transaction.atomic():
        meeting = Meeting.objects.select_related("team__area", "team__cycle", "organizer", "series").get(
            pk=meeting_id
        )
        if meeting.is_cancelled:
            return _notify(meeting, method="CANCEL", template="meeting_cancel")
        # Per attendee: who has an earlier version gets the update, anyone else the invitation.
        return _notify(
            meeting, method="REQUEST", template="meeting_invitation", told_template="meeting_update"
        )


def _guest_secrets(attendee: MeetingAttendee, guest_tokens: dict[str, str]) -> tuple[str, ...]:
    """What the outbox's copy must hide: a guest's poll token and everyone's answer token."""
    token = guest_tokens.get(attendee.email) if attendee.user_id is None else None
    return (token, attendee.rsvp_token) if token else (attendee.rsvp_token,)


def answer_links(attendee: MeetingAttendee) -> list[dict[str, str]]:
    """The attendee's own one-click answers (attending, not attending, apologies): each opens a page
    that asks to confirm (a GET changes nothing: mail scanners follow links), by their private token."""
    page = absolute_url(reverse("schedule:meeting_answer_link", args=[attendee.rsvp_token]))
    return [{"label": label, "url": f"{page}?answer={value}"} for value, label in ANSWERS]


def _links(meeting: Meeting, attendee: MeetingAttendee, guest_tokens: dict[str, str]) -> dict:
    """The meeting's page and calendar file for this attendee: a guest's by their private token
    (no sign-in page), a member's on the site; and their own answer links."""
    token = guest_tokens.get(attendee.email) if attendee.user_id is None else None
    answers = answer_links(attendee)
    if token:
        return {
            "link": absolute_url(reverse("schedule:meeting_guest", args=[token])),
            "calendar_url": absolute_url(reverse("schedule:meeting_guest_ics", args=[token])),
            "answer_links": answers,
        }
    if attendee.user_id is None:
        # A guest whose poll link was withdrawn: no page, no answers.
        return {"link": "", "calendar_url": "", "answer_links": []}
    return {
        "link": absolute_url(reverse("schedule:meeting", args=[meeting.pk])),
        "calendar_url": absolute_url(reverse("schedule:meeting_ics", args=[meeting.pk])),
        "answer_links": answers,
    }


def meeting_invite_poll_people(meeting: Meeting, poll: AvailabilityPoll) -> None:
    """Everyone invited to the poll (not withdrawn) attends the meeting, and so does anyone who
    joined the team after the poll closed (inside the caller's transaction)."""
    invitees = list(poll.invitees.filter(revoked_at__isnull=True).select_related("user"))
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(
            meeting=meeting,
            user=i.user,
            email="" if i.user_id else i.email,
            name=i.name,
            time_zone=i.guest_time_zone,
            language=i.guest_language,
        )
        for i in invitees
    )
    # Who joined the team after the poll closed was invited to no poll, but is in the team now.
    invited = {i.user_id for i in invitees if i.user_id}
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, user_id=uid)
        for uid in poll.team.memberships.exclude(user_id__in=invited).values_list("user_id", flat=True)
    )


def _validate_times(start, end):
    validate_date_window(start)
    validate_date_window(end)
    if end <= start:
        raise ValidationError(_("A meeting ends after it starts."))
    if not MIN_LENGTH <= end - start <= MAX_LENGTH:
        raise ValidationError(_("A call lasts between 15 minutes and 8 hours."))
    if start <= timezone.now():
        raise ValidationError(_("The meeting time is in the past."))


@transaction.atomic
def meeting_create_from_slot(
    *,
    actor: User,
    poll: AvailabilityPoll,
    slot: Slot,
    title: str = "",
    video_link: str = "",
    agenda: str = "",
    is_public: bool = False,
) -> Meeting:
    """The facilitator picks a slot: it becomes the team's meeting, everyone invited to the poll (and
    anyone who joined the team after the poll closed) is invited to it with an .ics, and the poll is
    done. `is_public`: the group publishes it (the public meetings page and feed)."""
    poll = AvailabilityPoll.objects.select_for_update().get(pk=poll.pk)
    if poll.status == PollStatus.FINALISED:
        raise ValidationError(_("This poll already became a meeting."))
    if slot.poll_id != poll.pk:
        raise ValidationError(_("Choose one of this poll's slots."))
    validate_date_window(
        slot.start
    )  # before adding the duration: a stored slot may be at the end of year 9999
    _validate_times(slot.start, slot.start + poll.duration)
    meeting = Meeting(
        team_id=poll.team_id,
        poll=poll,
        title=(title or poll.title).strip(),
        start=slot.start,
        end=slot.start + poll.duration,
        video_link=video_link,
        agenda=agenda,
        is_public=is_public,
        organizer=actor,
    )
    meeting.full_clean()
    meeting.save()
    # What earlier meetings parked goes on this one's agenda, before the invitations are written.
    parking_lot_carry_into(meeting)
    meeting_invite_poll_people(meeting, poll)
    poll.status = PollStatus.FINALISED
    poll.closed_at = poll.closed_at or timezone.now()
    poll.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_SCHEDULED,
        target=meeting.title,
        start=meeting.start.isoformat(),
        **({"public": True} if is_public else {}),
    )
    _notices_enqueue(meeting)
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, **fields) -> Meeting:
    """Change a meeting. A new time, title or link raises SEQUENCE and sends everyone an update;
    agenda and notes change quietly, and so does publishing it (`is_public`: the public meetings
    page and feed), which the audit row says."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    announced = {name: getattr(meeting, name) for name in ("start", "end", "title", "video_link")}
    was_public = meeting.is_public
    for name, value in fields.items():
        setattr(meeting, name, value)
    if (meeting.start, meeting.end) != (announced["start"], announced["end"]):
        _validate_times(meeting.start, meeting.end)
    changed = any(getattr(meeting, name) != value for name, value in announced.items())
    if changed:
        meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    published = {} if meeting.is_public == was_public else {"public": meeting.is_public}
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_CHANGED,
        target=meeting.title,
        sequence=meeting.sequence,
        **published,
    )
    if changed:
        _notices_enqueue(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        return meeting
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(actor=actor, action=AuditAction.MEETING_CANCELLED, target=meeting.title)
    _notices_enqueue(meeting)
    return meeting


@transaction.atomic
def meeting_attendance_withdraw(*, user: User, team: IssueTeam) -> list[int]:
    """Someone left the team: they no longer attend its meetings that have not started, and each
    scheduled one is taken off their calendar by a cancellation of their own copy (METHOD:CANCEL,
    same UID and SEQUENCE, a newer DTSTAMP), sent once through the ledger. The others' copies do
    not change. Meetings that started or took place keep them as attendees, readable as history."""
    attendances = list(
        MeetingAttendee.objects.filter(
            meeting__team=team, user=user, meeting__start__gt=timezone.now()
        ).select_related("meeting", "user")
    )
    link = absolute_url(team.get_absolute_url())
    notices = []
    for attendance in attendances:
        meeting = attendance.meeting
        if meeting.is_cancelled:
            continue
        ics = meeting_calendar(meeting, [attendance], method="CANCEL")
        notices.append(
            notice_for(
                # Per attendance: someone who rejoined (a new attendance, a new invitation) and leaves
                # again gets the cancellation of that copy too.
                key=ledger_keys.meeting_withdrawn(meeting.pk, meeting.sequence, attendance.pk),
                kind=MailKind.MEETING,
                template="meeting_withdrawn",
                user=user,
                context={"meeting": meeting, "team": team, "link": link, "method": "CANCEL"},
                attachments=(Attachment("invite.ics", ics, "text/calendar; method=CANCEL"),),
            )
        )
    MeetingAttendee.objects.filter(pk__in=[a.pk for a in attendances]).delete()
    return notices_record(notices)


@transaction.atomic
def meeting_attendance_join(*, user: User, team: IssueTeam) -> list[int]:
    """Someone joined the team: they attend its scheduled meetings that have not started, and get one
    invitation to each with their own calendar copy (the organiser and them), sent once through the
    ledger: the key names the attendance, so that rejoining after leaving (which cancelled their
    copy) invites again. A meeting they already attend changes nothing. Returns the outbox ids."""
    upcoming = list(
        Meeting.objects.filter(team=team, status=MeetingStatus.SCHEDULED, start__gt=timezone.now())
        .exclude(attendees__user=user)
        .select_related("team__area", "organizer")
    )
    notices = []
    for meeting in upcoming:
        attendee = MeetingAttendee.objects.create(meeting=meeting, user=user)
        attendees = list(meeting.attendees.select_related("user"))
        notices.append(
            notice_for(
                key=ledger_keys.meeting_joined(meeting.pk, meeting.sequence, attendee.pk),
                kind=MailKind.MEETING,
                template="meeting_invitation",
                user=user,
                context={"meeting": meeting, "method": "REQUEST", **_links(meeting, attendee, {})},
                attachments=(_attendee_copy(meeting, attendees, attendee, method="REQUEST"),),
                secrets=(attendee.rsvp_token,),
            )
        )
    return notices_record(notices)


def meeting_reminders(*, now=None) -> list[int]:
    """Attendees with an account who want it get one reminder in the 24 hours before a meeting
    (per version of its time). Each meeting is one item of the chore: one that fails is recorded
    and the others' reminders go."""
    now = now or timezone.now()
    with chore_run(Chore.MEETING_REMINDERS) as run:
        meetings = Meeting.objects.filter(
            status=MeetingStatus.SCHEDULED, start__gt=now, start__lte=now + REMIND_BEFORE
        ).select_related("team__area")
        return run.each(meetings, _meeting_reminders_record, describe=lambda m: f"meeting {m.pk} “{m.title}”")


def _meeting_reminders_record(meeting: Meeting) -> list[int]:
    attendees = list(
        MeetingAttendee.objects.filter(meeting=meeting, user__isnull=False).select_related("user")
    )
    prefs = preferences_for([a.user for a in attendees])
    keys = {a.pk: ledger_keys.meeting_reminder(meeting.pk, meeting.sequence, a.user_id) for a in attendees}
    recorded = set(NotificationLedger.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    link = absolute_url(reverse("schedule:meeting", args=[meeting.pk]))
    return notices_record(
        [
            notice_for(
                key=keys[attendee.pk],
                kind=MailKind.MEETING_REMINDER,
                template="meeting_reminder",
                user=attendee.user,
                context={"meeting": meeting, "link": link},
            )
            for attendee in attendees
            if keys[attendee.pk] not in recorded and prefs[attendee.user_id].meeting_reminders
        ]
    )
