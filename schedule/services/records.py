"""A meeting's record: the minutes and links, decisions, action items and the parking lot, written
by the meeting's facilitators (an action item's owner closes it too). Each write is one transaction
with its audit row; the meeting page and the dashboard see it through the "meetings" version."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from common.forms import MARKDOWN_MAX, validate_date_window
from teams.models import Membership

from ..enums import ActionItemStatus, MeetingStatus
from ..models import ActionItem, Decision, Meeting, MeetingRecord, ParkingLotItem
from ..models.records import ITEMS_PER_MEETING
from ..selectors.attendance import attendance_summary


def _writable(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("team").get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled: it has no record."))
    return meeting


FULL_OF_DECISIONS = gettext_lazy("This meeting already has %(n)d decisions, the most one meeting holds.")
FULL_OF_ACTION_ITEMS = gettext_lazy(
    "This meeting already has %(n)d action items, the most one meeting holds."
)
FULL_OF_PARKED_ITEMS = gettext_lazy(
    "This meeting already has %(n)d parked items, the most one meeting holds."
)


def _room_for_one_more(queryset, full: str) -> None:
    """`full`: the message when the meeting already has ITEMS_PER_MEETING of these items."""
    if queryset.count() >= ITEMS_PER_MEETING:
        raise ValidationError(full % {"n": ITEMS_PER_MEETING})


@transaction.atomic
def record_save(
    *,
    actor: User,
    meeting: Meeting,
    minutes: str = "",
    recording_url: str = "",
    transcript_url: str = "",
    report_url: str = "",
) -> MeetingRecord:
    """Save the minutes and links. The first minutes saved stop the "minutes are not in" reminder."""
    meeting = _writable(meeting)
    record, _created = MeetingRecord.objects.get_or_create(meeting=meeting)
    record.minutes = minutes.strip()
    record.recording_url, record.transcript_url, record.report_url = recording_url, transcript_url, report_url
    if record.minutes and record.minutes_published_at is None:
        record.minutes_published_at = timezone.now()
    record.updated_at = timezone.now()
    record.updated_by = actor
    record.full_clean()
    record.save()
    audit_record(actor=actor, action=AuditAction.MEETING_CHANGED, target=meeting.title, part="record")
    return record


@transaction.atomic
def decision_add(*, actor: User, meeting: Meeting, text: str, decided_by: str) -> Decision:
    """Record a decision, who took it, and whether the meeting had its quorum then: from the
    attendance marked so far and the group's rule (None: no rule, or nobody marked yet). Kept on
    the decision, so a later change of rule or attendance does not rewrite history."""
    meeting = _writable(meeting)
    _room_for_one_more(meeting.decisions.all(), FULL_OF_DECISIONS)
    decision = Decision(
        meeting=meeting,
        text=text.strip(),
        decided_by=decided_by.strip(),
        quorum_reached=attendance_summary(meeting=meeting).quorum_reached,
        recorded_by=actor,
    )
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action=AuditAction.MEETING_CHANGED, target=meeting.title, part="decision")
    return decision


@transaction.atomic
def action_item_add(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    due_at: datetime,
    owner_id: int | None = None,
    owner_is_secretariat: bool = False,
    entered_time_zone: str = "UTC",
) -> ActionItem:
    """Give a member of the meeting's team, or the secretariat, something to do by `due_at`."""
    meeting = _writable(meeting)
    if (owner_id is None) == (not owner_is_secretariat):
        raise ValidationError(_("Choose who does it: a member of the group or the secretariat."))
    members = Membership.objects.filter(team_id=meeting.team_id, user_id=owner_id)
    if owner_id is not None and not members.exists():
        raise ValidationError(_("An action item goes to a member of the group or to the secretariat."))
    validate_date_window(due_at)
    _room_for_one_more(meeting.action_items.all(), FULL_OF_ACTION_ITEMS)
    item = ActionItem(
        meeting=meeting,
        text=text.strip(),
        owner_id=owner_id,
        owner_is_secretariat=owner_is_secretariat,
        due_at=due_at,
        entered_time_zone=entered_time_zone,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_CHANGED,
        target=meeting.title,
        part="action item",
        owner=owner_id or "secretariat",
        due=due_at.isoformat(),
    )
    return item


@transaction.atomic
def action_item_status_set(*, actor: User, item: ActionItem, status: str) -> ActionItem:
    """Mark an action item done or dropped, or open again."""
    if status not in ActionItemStatus.values:
        raise ValidationError(_("Choose done, dropped or open."))
    item = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.status == status:
        return item
    item.status = status
    item.closed_at = None if status == ActionItemStatus.OPEN else timezone.now()
    item.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_CHANGED,
        subject=item.owner,
        target=item.meeting.title,
        part="action item",
        status=status,
    )
    return item


@transaction.atomic
def parking_lot_add(*, actor: User, meeting: Meeting, text: str) -> ParkingLotItem:
    meeting = _writable(meeting)
    _room_for_one_more(meeting.parking_lot.all(), FULL_OF_PARKED_ITEMS)
    item = ParkingLotItem(meeting=meeting, text=text.strip(), created_by=actor)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action=AuditAction.MEETING_CHANGED, target=meeting.title, part="parking lot")
    return item


def next_meeting_of(meeting: Meeting) -> Meeting | None:
    """The team's next scheduled meeting after `meeting`, that has not started."""
    return (
        Meeting.objects.filter(
            team_id=meeting.team_id,
            status=MeetingStatus.SCHEDULED,
            start__gt=max(meeting.start, timezone.now()),
        )
        .exclude(pk=meeting.pk)
        .order_by("start", "pk")
        .first()
    )


def _agenda_with(agenda: str, items: list[ParkingLotItem]) -> str:
    lines = "\n".join(f"- {' '.join(item.text.split())}" for item in items)
    heading = _("Carried from the parking lot")
    return f"{agenda.rstrip()}\n\n**{heading}**\n\n{lines}\n".lstrip()


def _carry(items: list[ParkingLotItem], target: Meeting) -> bool:
    """Append `items` to `target`'s agenda and mark them carried; False if the agenda would pass its limit."""
    if not items:
        return True
    agenda = _agenda_with(target.agenda, items)
    if len(agenda) > MARKDOWN_MAX:
        return False
    target.agenda = agenda
    target.updated_at = timezone.now()
    target.save(update_fields=["agenda", "updated_at"])
    ParkingLotItem.objects.filter(pk__in=[item.pk for item in items]).update(carried_to=target)
    return True


@transaction.atomic
def parking_lot_carry(*, actor: User, meeting: Meeting) -> Meeting:
    """Append the meeting's parking-lot items not yet carried to the agenda of the team's next
    scheduled meeting; returns that meeting. Refused when there is none yet: they are carried when
    it is scheduled (parking_lot_carry_into)."""
    meeting = _writable(meeting)
    items = list(meeting.parking_lot.filter(carried_to__isnull=True))
    if not items:
        raise ValidationError(_("Every parking-lot item has been carried already."))
    target = next_meeting_of(meeting)
    if target is None:
        raise ValidationError(
            _("The group has no next meeting scheduled: the items will be carried when one is.")
        )
    target = Meeting.objects.select_for_update().get(pk=target.pk)
    if not _carry(items, target):
        raise ValidationError(_("The next meeting's agenda is too long to take these items."))
    audit_record(
        actor=actor, action=AuditAction.MEETING_CHANGED, target=target.title, part="parking lot carried"
    )
    return target


def parking_lot_carry_into(meeting: Meeting) -> int:
    """A meeting was just scheduled: the parking-lot items of the team's earlier meetings not yet
    carried go on its agenda (inside the caller's transaction). Returns how many."""
    items = list(
        ParkingLotItem.objects.filter(
            meeting__team_id=meeting.team_id,
            meeting__start__lt=meeting.start,
            carried_to__isnull=True,
        ).order_by("meeting__start", "created_at", "pk")[:ITEMS_PER_MEETING]
    )
    return len(items) if _carry(items, meeting) else 0
