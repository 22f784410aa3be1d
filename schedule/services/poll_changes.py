"""Changing an open availability poll after it was created: slots added and removed, guests added,
the deadline moved. Those invited are told once per change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from notifications import ledger_keys
from notifications.enums import MailKind
from notifications.services.notices import Skip, notices_record

from ..models import AvailabilityPoll, Invitee, Slot, Vote
from ..models.polls import new_guest_token
from .poll_mail import NUDGE_BEFORE, invitee_notice
from .polls import _clean_guests, _validate

NUDGE_COVERED = "the change notice gave the new deadline"


def _guests_to_add(poll: AvailabilityPoll, emails: list[str]) -> tuple[list[str], list[Invitee]]:
    """New guest addresses, and withdrawn guests invited again; team members and guests already
    invited are left as they are."""
    members = set(poll.team.memberships.values_list("user__email", flat=True))
    known = {i.email: i for i in poll.invitees.filter(user__isnull=True, email__in=emails)}
    new = [e for e in emails if e not in members and e not in known]
    again = [known[e] for e in emails if e in known and known[e].revoked_at is not None]
    return new, again


@transaction.atomic
def poll_update(
    *,
    actor: User,
    poll: AvailabilityPoll,
    add_slots: Iterable[datetime] = (),
    remove_slot_ids: Iterable[int] = (),
    add_guests: Iterable[str] = (),
    deadline: datetime | None = None,
) -> AvailabilityPoll:
    """One change to an open poll by those who run it; all of it or nothing, audited.

    - Added slots follow the rules of a new poll (inside the date window, in the future, after the
      deadline, at most MAX_SLOTS in all, none twice).
    - Removed slots take their answers with them; someone left with no answer counts as not
      having answered (and is nudged).
    - Added guests get an invitation with a private link; a guest whose link was withdrawn gets a
      new link. Team members' addresses are skipped: they are invited as members.
    - `deadline` moves the deadline, earlier or later, still in the future and before the first slot.

    Everyone else invited gets one notice of a change to the slots or the deadline (its key: the
    poll's change sequence). The 24-hour nudge is keyed by the deadline (`ledger_keys.poll_nudge`), so a moved
    deadline arms it once more and no deadline is nudged twice; whoever the change notice has just
    told of a deadline less than 24 hours away is not nudged for it again."""
    # The poll alone is locked: its group's area may be missing (an outer join PostgreSQL will not lock).
    poll = (
        AvailabilityPoll.objects.select_for_update(of=("self",)).select_related("team__area").get(pk=poll.pk)
    )
    if not poll.is_open:
        raise ValidationError(_("This poll is closed: it can no longer change."))
    slots = {slot.pk: slot for slot in poll.slots.all()}
    remove = set(remove_slot_ids)
    if remove - slots.keys():
        raise ValidationError(_("Some of the slots to remove are not this poll's."))
    add = sorted(set(add_slots))
    if deadline == poll.deadline:
        deadline = None
    new_guests, guests_again = _guests_to_add(poll, _clean_guests(add_guests))
    if not (add or remove or new_guests or guests_again or deadline):
        raise ValidationError(_("Nothing to change: add or remove slots, add guests or move the deadline."))
    kept = [slot.start for pk, slot in slots.items() if pk not in remove]
    if not kept and not add:
        raise ValidationError(_("A poll keeps at least one slot: add one before you remove the last."))
    twice = set(add) & set(kept)
    if twice:
        raise ValidationError(
            ngettext(
                "%(n)d of the slots to add is already in the poll.",
                "%(n)d of the slots to add are already in the poll.",
                len(twice),
            )
            % {"n": len(twice)}
        )
    _validate(slots=kept + add, deadline=deadline or poll.deadline, duration_minutes=poll.duration_minutes)

    removed = sorted(slots[pk].start for pk in remove)
    answers_deleted = Vote.objects.filter(slot_id__in=remove).count()
    Slot.objects.filter(pk__in=remove).delete()
    Invitee.objects.filter(poll=poll, answered_at__isnull=False, votes__isnull=True).update(answered_at=None)
    Slot.objects.bulk_create(Slot(poll=poll, start=start) for start in add)
    previous_deadline = poll.deadline
    poll.deadline = deadline or poll.deadline
    poll.sequence += 1
    poll.save(update_fields=["deadline", "sequence"])
    invited = Invitee.objects.bulk_create(Invitee(poll=poll, email=email) for email in new_guests)
    for invitee in guests_again:
        invitee.token, invitee.revoked_at, invitee.answered_at = new_guest_token(), None, None
        invitee.save(update_fields=["token", "revoked_at", "answered_at"])
    details = {
        "change": poll.sequence,
        "slots_added": len(add),
        "slots_removed": len(removed),
        "answers_deleted": answers_deleted,
        "guests_added": len(invited) + len(guests_again),
    }
    if deadline:
        details["deadline"] = deadline.isoformat()
    audit_record(
        actor=actor,
        action=AuditAction.POLL_CHANGED,
        target=f"{poll.title} ({poll.team.name.text})",
        **details,
    )

    newcomers = {i.pk for i in [*invited, *guests_again]}
    told = []
    if add or removed or deadline:
        told = [
            i
            for i in poll.invitees.filter(revoked_at__isnull=True)
            .exclude(pk__in=newcomers)
            .select_related("user")
            if i.user_id != actor.pk
        ]
    context = {
        "poll": poll,
        "added": add,
        "removed": removed,
        "previous_deadline": previous_deadline if deadline else None,
    }
    notices = [
        invitee_notice(
            i,
            key=ledger_keys.poll_change(poll.pk, poll.sequence, i.pk),
            kind=MailKind.POLL_CHANGE,
            template="poll_change",
            context=context,
        )
        for i in told
    ]
    all_slots = list(poll.slots.all())
    notices += [
        invitee_notice(
            i,
            key=ledger_keys.poll_invitation(poll.pk, i.pk),
            kind=MailKind.POLL_INVITATION,
            template="poll_invitation",
            context={"poll": poll, "slots": all_slots},
        )
        for i in invited
    ]
    notices += [
        invitee_notice(
            i,
            key=ledger_keys.poll_invitation_on_change(poll.pk, i.pk, poll.sequence),
            kind=MailKind.POLL_INVITATION,
            template="poll_invitation",
            context={"poll": poll, "slots": all_slots},
        )
        for i in guests_again
    ]
    skips = []
    if deadline and poll.deadline <= timezone.now() + NUDGE_BEFORE:
        skips = [
            Skip(
                key=ledger_keys.poll_nudge(poll.pk, i.pk, poll.deadline),
                kind=MailKind.POLL_REMINDER,
                user=i.user,
                reason=NUDGE_COVERED,
            )
            for i in [*told, *invited, *guests_again]
            if i.answered_at is None
        ]
    notices_record(notices, skips)
    return poll
