"""Answers to a meeting's invitation (attending, not attending, apologies), who came as the
facilitators mark it, and a group's quorum rule. Each in one transaction with an audit row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from common.versions import version_bump
from teams.enums import QuorumKind
from teams.models import QUORUM_COUNT_MAX, IssueTeam

from ..enums import MeetingResponse
from ..models import Meeting, MeetingAttendee
from ..models.meetings import RESPONSE_NOTE_MAX


@transaction.atomic
def meeting_answer(
    *, attendee: MeetingAttendee, response: str, note: str = "", actor: User | None
) -> MeetingAttendee:
    """The invitee's answer and optional note, from the meeting page (`actor` is them) or from their
    one-click link (a guest has no account: `actor` None). Answering again replaces the answer;
    the same answer twice changes nothing but the time. Refused once the meeting is over or cancelled."""
    attendee = MeetingAttendee.objects.select_for_update().select_related("meeting").get(pk=attendee.pk)
    meeting = attendee.meeting
    if response not in MeetingResponse.values or response == MeetingResponse.NONE:
        raise ValidationError({"response": _("Choose attending, not attending or apologies.")})
    note = (note or "").strip()
    if len(note) > RESPONSE_NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note to %(max)d characters.") % {"max": RESPONSE_NOTE_MAX}}
        )
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.end <= timezone.now():
        raise ValidationError(_("This meeting is over: answers are closed."))
    attendee.response = response
    attendee.response_note = note
    attendee.responded_at = timezone.now()
    attendee.save(update_fields=["response", "response_note", "responded_at"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_ANSWERED,
        target=meeting.title,
        meeting=meeting.pk,
        attendee=attendee.pk,
        response=response,
    )
    return attendee


@transaction.atomic
def attendance_mark(*, actor: User, meeting: Meeting, shown, present) -> int:
    """The facilitators' record of who came, for the attendees `shown` (ids: a page of the form):
    those in `present` came, the others shown did not; nobody else changes. Once the meeting has
    started; marking again replaces the record. Returns how many of those shown came."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.start > timezone.now():
        raise ValidationError(_("Attendance can be marked once the meeting has started."))
    shown, present = set(shown), set(present)
    attendees = meeting.attendees.filter(pk__in=shown)
    if not present <= shown or len(shown) != attendees.count():
        raise ValidationError(_("Mark only the people invited to this meeting."))
    now = timezone.now()
    came = attendees.filter(pk__in=present).update(present=True, marked_by=actor, marked_at=now)
    attendees.exclude(pk__in=present).update(present=False, marked_by=actor, marked_at=now)
    version_bump("meetings")  # QuerySet.update() sends no signal: the meeting page shows the count
    audit_record(
        actor=actor,
        action=AuditAction.ATTENDANCE_MARKED,
        target=meeting.title,
        meeting=meeting.pk,
        present=came,
    )
    return came


@transaction.atomic
def quorum_rule_set(*, actor: User, team: IssueTeam, kind: str, value: int | None) -> IssueTeam:
    """The group's quorum: none, a number of its MAG members (1 to 500), or a percent of them."""
    team = IssueTeam.objects.select_for_update().get(pk=team.pk)
    if kind not in QuorumKind.values:
        raise ValidationError({"quorum_kind": _("Choose one of the quorum rules.")})
    if kind == QuorumKind.NONE:
        value = None
    else:
        top = 100 if kind == QuorumKind.SHARE else QUORUM_COUNT_MAX
        if value is None or not 1 <= value <= top:
            raise ValidationError({"quorum_value": _("Give a quorum between 1 and %(max)d.") % {"max": top}})
    team.quorum_kind, team.quorum_value = kind, value
    team.save(update_fields=["quorum_kind", "quorum_value"])
    audit_record(actor=actor, action=AuditAction.QUORUM_RULE_SET, target=str(team), kind=kind, value=value)
    return team
