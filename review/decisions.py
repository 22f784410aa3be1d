"""The MAG's decisions on workshop proposals and what they send.

A decision is one `Decision` row (a change is a new row: the entry's history), mirrored in the
entry's `status` and `decision`, and mailed once to its proposers through the ledger (its key
names the decision, so a changed decision mails again, once). A conditional accept's proposers get
one reminder before the condition's deadline; at the deadline the chore turns an unfulfilled
condition into "condition not met", which is a decision too and is mailed once.

Proposers are an imported entry's contact email (a guest, in the entry's language) or the
confirmed facilitators of a proposal's group (users, each in their own language). The anonymised
phase hides proposers from reviewers, not from themselves: each email goes to its own proposers
and names no other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.forms import validate_date_window
from common.versions import version_bump
from notifications import ledger_keys
from notifications.chores import chore_run
from notifications.emails import absolute_url
from notifications.enums import Chore, MailKind
from notifications.services.notices import notice_for, notices_record
from teams.enums import FacilitatorStatus
from teams.models import FacilitatorRole

from .enums import DECIDABLE, EntrySource, EntryStatus
from .models import Decision, Entry, ProposerAnnouncement
from .services import round_for

# The reminder goes this long before the deadline, or halfway there when the condition was given
# less time than twice this.
REMIND_BEFORE = timedelta(hours=48)


@dataclass(frozen=True)
class Guest:
    """An imported entry's proposer, as an email template reads its recipient."""

    name: str


@dataclass(frozen=True)
class Recipient:
    address: str
    user: object = None  # a User, or None for an imported entry's contact
    guest: Guest | None = None
    language: str = ""


def recipients_of(entries, *, leads=None) -> dict[int, list[Recipient]]:
    """Each entry's proposers (two queries whatever the number of entries)."""
    entries = list(entries)
    if leads is None:
        leads = _leads({e.team_id for e in entries if e.source == EntrySource.PROPOSAL and e.team_id})
    found = {}
    for entry in entries:
        if entry.source == EntrySource.IMPORTED:
            found[entry.pk] = (
                [
                    Recipient(
                        address=entry.contact_email.lower(),
                        guest=Guest(name=entry.proposers or entry.contact_email),
                        language=entry.language or settings.LANGUAGE_CODE,
                    )
                ]
                if entry.contact_email
                else []
            )
        else:
            found[entry.pk] = [
                Recipient(address=user.email.lower(), user=user) for user in leads.get(entry.team_id, [])
            ]
    return found


def _leads(team_ids) -> dict[int, list]:
    leads: dict[int, list] = {}
    for role in FacilitatorRole.objects.filter(
        team_id__in=team_ids, status=FacilitatorStatus.CONFIRMED, user__is_active=True
    ).select_related("user"):
        leads.setdefault(role.team_id, []).append(role.user)
    return leads


def _link(recipient: Recipient, subject) -> str:
    """What a decision's email is about: the proposal's page for its group's facilitators; an
    imported workshop's contact has no page here, so none (not the site's home, which tells them
    nothing); an announcement, none."""
    if recipient.user is not None and isinstance(subject, Entry) and subject.proposal_id:
        return absolute_url(reverse("proposals:detail", args=[subject.proposal_id]))
    return ""


def _notice(recipient: Recipient, *, key, kind, template, context, subject):
    context = {**context, "link": _link(recipient, subject)}
    if recipient.user is not None:
        return notice_for(
            key=key, kind=kind, template=template, context=context, user=recipient.user, subject=subject
        )
    return notice_for(
        key=key,
        kind=kind,
        template=template,
        context=context,
        guest=recipient.guest,
        guest_email=recipient.address,
        guest_language=recipient.language,
        subject=subject,
    )


def _decision_notices(decision: Decision) -> list[int]:
    entry = decision.entry
    context = {"entry": entry, "decision": decision}
    return notices_record(
        _notice(
            recipient,
            key=ledger_keys.review_decision(decision.pk, recipient.address),
            kind=MailKind.DECISION,
            template="review_decision",
            context=context,
            subject=entry,
        )
        for recipient in recipients_of([entry])[entry.pk]
    )


def _record(entry: Entry, **fields) -> Decision:
    decision = Decision(entry=entry, **fields)
    decision.full_clean()
    decision.save()
    entry.status = decision.outcome
    entry.decision = decision
    entry.save(update_fields=["status", "decision"])
    version_bump("review")
    _decision_notices(decision)
    return decision


@transaction.atomic
def decision_make(
    *,
    actor,
    entry: Entry,
    outcome: str,
    reasons: str = "",
    condition: str = "",
    deadline=None,
    recommended_format: str = "",
    language: str = "",
) -> Decision:
    """The MAG's decision on `entry`, recorded and mailed to its proposers once. Only what the
    outcome needs is kept: a condition and deadline for a conditional accept, a format for a
    change of format."""
    entry = Entry.objects.select_for_update(of=("self",)).select_related("team").get(pk=entry.pk)
    if outcome not in DECIDABLE:
        raise ValidationError({"outcome": _("Choose one of the decisions offered.")})
    conditional = outcome == EntryStatus.CONDITIONAL
    errors = {}
    if conditional:
        if not condition.strip():
            errors["condition"] = _("Say what the proposers must fulfil.")
        if deadline is None:
            errors["deadline"] = _("Give the moment by which the condition must be fulfilled.")
        elif deadline <= timezone.now():
            errors["deadline"] = _("The deadline must be in the future.")
        else:
            try:
                validate_date_window(deadline)
            except ValidationError as error:
                errors["deadline"] = error.messages
    if outcome == EntryStatus.FORMAT_CHANGED and not recommended_format:
        errors["recommended_format"] = _("Choose the format the MAG recommends.")
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the site's languages.")
    if errors:
        raise ValidationError(errors)
    if language and entry.source == EntrySource.IMPORTED and language != entry.language:
        entry.language = language
        entry.save(update_fields=["language"])
    return _record(
        entry,
        outcome=outcome,
        reasons=reasons.strip(),
        condition=condition.strip() if conditional else "",
        deadline=deadline if conditional else None,
        recommended_format=recommended_format if outcome == EntryStatus.FORMAT_CHANGED else "",
        decided_by=actor,
    )


@transaction.atomic
def condition_fulfil(*, actor, entry: Entry) -> Decision:
    """The secretariat marks a conditional accept's condition fulfilled (before the chore lapses it)."""
    entry = Entry.objects.select_for_update(of=("self",)).select_related("team", "decision").get(pk=entry.pk)
    if entry.status != EntryStatus.CONDITIONAL:
        raise ValidationError(_("“%(title)s” has no open condition.") % {"title": entry.shown_title})
    return _record(
        entry,
        outcome=EntryStatus.CONDITION_MET,
        condition=entry.decision.condition,
        decided_by=actor,
    )


def remind_at(decision: Decision):
    """When the one reminder of the condition goes: REMIND_BEFORE the deadline, or halfway from
    the decision when it gave less time than that."""
    return max(
        decision.deadline - REMIND_BEFORE, decision.decided_at + (decision.deadline - decision.decided_at) / 2
    )


def _remind(entry: Entry) -> list[int]:
    decision = entry.decision
    context = {"entry": entry, "decision": decision}
    return notices_record(
        _notice(
            recipient,
            key=ledger_keys.review_condition_reminder(decision.pk, recipient.address),
            kind=MailKind.CONDITION_REMINDER,
            template="review_condition_reminder",
            context=context,
            subject=entry,
        )
        for recipient in recipients_of([entry])[entry.pk]
    )


def _lapse(entry_id: int, now) -> list[int]:
    """Turn the condition to "not met" if it is still open (looked up again, locked)."""
    entry = Entry.objects.select_for_update(of=("self",)).select_related("team", "decision").get(pk=entry_id)
    if entry.status != EntryStatus.CONDITIONAL or entry.decision.deadline > now:
        return []
    _record(
        entry,
        outcome=EntryStatus.CONDITION_NOT_MET,
        condition=entry.decision.condition,
        reasons=entry.decision.reasons,
    )
    return []


def conditions_sweep(*, now=None) -> int:
    """Beat's chore: the one reminder of each open condition whose moment has come, and the lapse
    of each whose deadline passed. Each entry is its own item (one that fails is recorded and the
    others go on); running it twice changes nothing (the ledger's keys, the status). Returns how
    many entries were handled."""
    now = now or timezone.now()
    with chore_run(Chore.REVIEW_CONDITIONS) as run:
        open_conditions = list(
            Entry.objects.filter(status=EntryStatus.CONDITIONAL, decision__deadline__isnull=False)
            .select_related("decision", "team")
            .order_by("decision__deadline", "pk")
        )
        lapsed = [e for e in open_conditions if e.decision.deadline <= now]
        due = [e for e in open_conditions if e.decision.deadline > now and remind_at(e.decision) <= now]
        run.each(lapsed, lambda entry: _lapse(entry.pk, now), describe=lambda e: f"review entry {e.pk}")
        run.each(due, _remind, describe=lambda e: f"review entry {e.pk}")
        return len(lapsed) + len(due)


def _addressed(review_round, areas, outcomes) -> list[Entry]:
    if review_round.pk is None:
        return []
    return list(
        Entry.objects.filter(round_id=review_round.pk, issue_area__in=areas, status__in=outcomes).order_by(
            "created_at", "id"
        )
    )


def announcement_recipients(*, review_round, areas, outcomes) -> list[Recipient]:
    """The proposers of the round's entries in `areas` with a status in `outcomes`, each address
    once (a facilitator of two groups, or a contact of two workshops, gets one email). Bounded by
    the round's ENTRIES_MAX."""
    by_address: dict[str, Recipient] = {}
    entries = _addressed(review_round, areas, outcomes)
    for found in recipients_of(entries).values():
        for recipient in found:
            by_address.setdefault(recipient.address, recipient)
    return list(by_address.values())


@transaction.atomic
def proposer_announcement_send(
    *, actor, cycle, subject: str, body: str, areas, outcomes
) -> ProposerAnnouncement:
    """Record the announcement and queue it to each proposer once, each in their language; the
    anonymised phase does not stop it (the addresses never reach a page)."""
    if not areas:
        raise ValidationError({"areas": _("Choose at least one issue area.")})
    if not outcomes or any(o not in EntryStatus.values for o in outcomes):
        raise ValidationError({"outcomes": _("Choose at least one decision.")})
    review_round = round_for(cycle=cycle)
    announcement = ProposerAnnouncement(
        round=review_round, author=actor, subject=subject.strip(), body=body.strip(), outcomes=list(outcomes)
    )
    announcement.full_clean()
    recipients = announcement_recipients(review_round=review_round, areas=areas, outcomes=outcomes)
    if not recipients:
        raise ValidationError(_("No proposer matches these issue areas and decisions."))
    announcement.recipient_count = len(recipients)
    announcement.save()
    announcement.areas.set(areas)
    context = {"announcement": announcement}
    notices_record(
        _notice(
            recipient,
            key=ledger_keys.review_announcement(announcement.pk, recipient.address),
            kind=MailKind.ANNOUNCEMENT,
            template="review_announcement",
            context=context,
            subject=announcement,
        )
        for recipient in recipients
    )
    return announcement
