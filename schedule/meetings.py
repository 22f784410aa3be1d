"""Meetings: made from a poll's slot (or directly), rescheduled, cancelled, with calendar
invitations through the outbox and a reminder the day before."""
from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from notifications.chores import chore_run
from notifications.emails import Attachment, absolute_url
from notifications.enums import Chore, MailKind
from notifications.models import NotificationLedger
from notifications.services import notice_for, notices_record, preferences_for

from .enums import MeetingStatus, PollStatus
from .ical import meeting_calendar
from .models import AvailabilityPoll, Meeting, MeetingAttendee, Slot

REMIND_BEFORE = timedelta(hours=24)


def _notify(meeting: Meeting, *, method: str, template: str) -> list[int]:
    """One email per attendee for this version (SEQUENCE) of the meeting, with the .ics."""
    attendees = list(meeting.attendees.select_related("user"))
    ics = meeting_calendar(meeting, attendees, method=method)
    attachment = Attachment("invite.ics", ics, f"text/calendar; method={method}")
    link = absolute_url(reverse("schedule:meeting", args=[meeting.pk]))
    return notices_record([
        notice_for(key=f"meeting:{meeting.pk}:{meeting.sequence}:{attendee.address}", kind=MailKind.MEETING,
                   template=template, context={"meeting": meeting, "link": link, "method": method},
                   user=attendee.user, guest=attendee, guest_email=attendee.address, guest_zone=attendee.zone_name,
                   attachments=(attachment,))
        for attendee in attendees])


def _validate_times(start, end):
    if end <= start:
        raise ValidationError(_("A meeting ends after it starts."))
    if start <= timezone.now():
        raise ValidationError(_("The meeting time is in the past."))


@transaction.atomic
def meeting_create_from_slot(*, actor: User, poll: AvailabilityPoll, slot: Slot, title: str = "",
                             video_link: str = "", agenda: str = "") -> Meeting:
    """The facilitator picks a slot: it becomes the team's meeting, everyone invited to the poll is
    invited to it with an .ics, and the poll is done."""
    poll = AvailabilityPoll.objects.select_for_update().get(pk=poll.pk)
    if poll.status == PollStatus.FINALISED:
        raise ValidationError(_("This poll already became a meeting."))
    if slot.poll_id != poll.pk:
        raise ValidationError(_("Choose one of this poll's slots."))
    _validate_times(slot.start, slot.start + poll.duration)
    meeting = Meeting.objects.create(team_id=poll.team_id, poll=poll, title=(title or poll.title).strip(),
                                     start=slot.start, end=slot.start + poll.duration, video_link=video_link,
                                     agenda=agenda, organizer=actor)
    invitees = list(poll.invitees.filter(revoked_at__isnull=True).select_related("user"))
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, user=i.user, email="" if i.user_id else i.email, name=i.name,
                        time_zone=i.guest_time_zone) for i in invitees)
    poll.status = PollStatus.FINALISED
    poll.closed_at = poll.closed_at or timezone.now()
    poll.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action=AuditAction.MEETING_SCHEDULED, target=meeting.title,
                 start=meeting.start.isoformat())
    _notify(meeting, method="REQUEST", template="meeting_invitation")
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, **fields) -> Meeting:
    """Change a meeting. A new time, title or link raises SEQUENCE and sends everyone an update;
    agenda and notes change quietly."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    announced = {name: getattr(meeting, name) for name in ("start", "end", "title", "video_link")}
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
    audit_record(actor=actor, action=AuditAction.MEETING_CHANGED, target=meeting.title, sequence=meeting.sequence)
    if changed:
        _notify(meeting, method="REQUEST", template="meeting_update")
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
    _notify(meeting, method="CANCEL", template="meeting_cancel")
    return meeting


def meeting_reminders(*, now=None) -> list[int]:
    """Attendees with an account who want it get one reminder in the 24 hours before a meeting
    (per version of its time). Each meeting is one item of the chore: one that fails is recorded
    and the others' reminders go."""
    now = now or timezone.now()
    with chore_run(Chore.MEETING_REMINDERS) as run:
        meetings = Meeting.objects.filter(status=MeetingStatus.SCHEDULED, start__gt=now,
                                          start__lte=now + REMIND_BEFORE).select_related("team__area")
        return run.each(meetings, _meeting_reminders_record, describe=lambda m: f"meeting {m.pk} “{m.title}”")


def _meeting_reminders_record(meeting: Meeting) -> list[int]:
    attendees = list(MeetingAttendee.objects.filter(meeting=meeting, user__isnull=False).select_related("user"))
    prefs = preferences_for([a.user for a in attendees])
    keys = {a.pk: f"meeting-reminder:{meeting.pk}:{meeting.sequence}:{a.user_id}" for a in attendees}
    recorded = set(NotificationLedger.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    link = absolute_url(reverse("schedule:meeting", args=[meeting.pk]))
    return notices_record([
        notice_for(key=keys[attendee.pk], kind=MailKind.MEETING_REMINDER, template="meeting_reminder",
                   user=attendee.user, context={"meeting": meeting, "link": link})
        for attendee in attendees
        if keys[attendee.pk] not in recorded and prefs[attendee.user_id].meeting_reminders])
