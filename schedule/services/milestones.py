"""State changes of the year's schedule: milestones and the teams' deliverables."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from common.timezones import plain_when
from notifications import ledger_keys
from notifications.enums import LedgerStatus, MailKind
from notifications.models import NotificationLedger
from notifications.services.notices import notice_for, notices_record
from notifications.services.preferences import preferences_for
from notifications.validators import validate_reminder_offsets
from teams.enums import ALL_TEAMS_KINDS
from teams.models import IssueTeam

from ..enums import DeliverableStatus, MilestoneKind, MilestoneStatus
from ..models import Deliverable, Milestone


def _validate(milestone: Milestone, teams: list[IssueTeam]) -> None:
    errors = {}
    if milestone.requires_deliverable and milestone.kind != MilestoneKind.DEADLINE:
        errors["requires_deliverable"] = _("Only a deadline can ask the teams for a deliverable.")
    if not milestone.all_teams and not teams:
        errors["teams"] = _("Choose the groups this milestone concerns, or all issue teams.")
    try:
        validate_reminder_offsets(milestone.reminder_offsets)
    except ValidationError as error:
        errors["reminder_offsets"] = error.messages
    if errors:
        raise ValidationError(errors)


def _ensure_deliverables(milestone: Milestone) -> None:
    if not (milestone.requires_deliverable and milestone.is_published):
        return
    teams = (
        IssueTeam.objects.filter(cycle=milestone.cycle, kind__in=ALL_TEAMS_KINDS)
        if milestone.all_teams
        else milestone.teams.all()
    )
    Deliverable.objects.bulk_create(
        [Deliverable(milestone=milestone, team=t) for t in teams], ignore_conflicts=True
    )


@transaction.atomic
def milestone_create(
    *, actor: User, cycle, teams: list[IssueTeam], publish: bool = False, **fields
) -> Milestone:
    """A new milestone, a draft or (`publish`) published at once. Everything is checked before
    anything is written: a milestone that cannot be published is not saved as a draft either."""
    milestone = Milestone(cycle=cycle, **fields)
    _validate(milestone, teams)
    if publish:
        _require_publishable(milestone)
    milestone.full_clean()
    milestone.save()
    milestone.teams.set(teams)
    audit_record(actor=actor, action=AuditAction.MILESTONE_CREATED, target=milestone.title)
    if publish:
        _mark_published(milestone, actor=actor)
    return milestone


@transaction.atomic
def milestone_update(
    *, actor: User, milestone: Milestone, teams: list[IssueTeam], publish: bool = False, **fields
) -> Milestone:
    """Change a milestone. A published one whose date moves gets a new SEQUENCE, its unsent
    reminders follow the new date, and those already reminded get one notice of the change.
    With `publish`, a draft is changed and published together, or (when it cannot be published)
    left exactly as it was."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    previous_due = milestone.due_at
    for name, value in fields.items():
        setattr(milestone, name, value)
    _validate(milestone, teams)
    publish = publish and not milestone.is_published
    if publish:
        _require_publishable(milestone)
    if milestone.is_published and milestone.due_at <= timezone.now() and milestone.due_at != previous_due:
        raise ValidationError({"due_at": _("A published milestone cannot move into the past.")})
    milestone.full_clean()
    moved = milestone.is_published and milestone.due_at != previous_due
    if milestone.is_published:
        milestone.sequence += 1
    milestone.updated_at = timezone.now()
    milestone.save()
    milestone.teams.set(teams)
    _ensure_deliverables(milestone)
    audit_record(
        actor=actor,
        action=AuditAction.MILESTONE_UPDATED,
        target=milestone.title,
        **({"from": previous_due.isoformat(), "to": milestone.due_at.isoformat()} if moved else {}),
    )
    if moved:
        _notify_date_change(milestone, previous_due)
    if publish:
        _mark_published(milestone, actor=actor)
    return milestone


def _notify_date_change(milestone: Milestone, previous_due) -> None:
    reminded = {
        e.user
        for e in NotificationLedger.objects.filter(
            milestone=milestone,
            kind=MailKind.REMINDER,
            status__in=[LedgerStatus.QUEUED, LedgerStatus.IN_DIGEST, LedgerStatus.DIGESTED],
        ).select_related("user")
    }
    prefs = preferences_for(reminded)
    notices = []
    for user in reminded:
        if not prefs[user.pk].change_notices:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            summary = _("“%(title)s” moved from %(old)s to %(new)s.") % {
                "title": milestone.localized("title"),
                "old": plain_when(previous_due, user.zone),
                "new": plain_when(milestone.due_at, user.zone),
            }
        notices.append(
            notice_for(
                key=ledger_keys.date_change(milestone.pk, user.pk, milestone.sequence),
                kind=MailKind.CHANGE,
                template="change",
                context={"milestone": milestone, "previous_due": previous_due},
                user=user,
                summary=summary,
                subject=milestone,
            )
        )
    notices_record(notices)


def _require_publishable(milestone: Milestone) -> None:
    # A drafted year's plan is reviewed, then published once the year is current (schedule/services/years.py).
    if milestone.cycle.is_draft:
        raise ValidationError(_("This milestone's year is a draft: publish it once the year is current."))
    if milestone.due_at <= timezone.now():
        raise ValidationError(_("The due date is in the past: change it before publishing."))


def _mark_published(milestone: Milestone, *, actor: User) -> None:
    milestone.status = MilestoneStatus.PUBLISHED
    milestone.published_at = milestone.updated_at = timezone.now()
    milestone.save(update_fields=["status", "published_at", "updated_at"])
    _ensure_deliverables(milestone)
    audit_record(actor=actor, action=AuditAction.MILESTONE_PUBLISHED, target=milestone.title)


@transaction.atomic
def milestone_publish(*, actor: User, milestone: Milestone) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.is_published:
        return milestone
    _require_publishable(milestone)
    _validate(milestone, list(milestone.teams.all()))
    _mark_published(milestone, actor=actor)
    return milestone


@transaction.atomic
def deliverable_update(
    *, actor: User, deliverable: Deliverable, status: str, link: str = "", note: str = ""
) -> Deliverable:
    """A facilitator marks the team's deliverable in progress or submitted (with a link or a note)."""
    if status not in (DeliverableStatus.IN_PROGRESS, DeliverableStatus.SUBMITTED):
        raise ValidationError({"status": _("Choose in progress or submitted.")})
    if status == DeliverableStatus.SUBMITTED and not (link or note.strip()):
        raise ValidationError({"link": _("Give a link or a note with what you submit.")})
    deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    if deliverable.status == DeliverableStatus.ACCEPTED:
        raise ValidationError(_("The secretariat has accepted this deliverable already."))
    deliverable.status, deliverable.link, deliverable.note = status, link, note
    deliverable.updated_at, deliverable.updated_by = timezone.now(), actor
    if status == DeliverableStatus.SUBMITTED:
        deliverable.submitted_at = timezone.now()
    deliverable.full_clean()
    deliverable.save()
    audit_record(actor=actor, action=AuditAction.DELIVERABLE_UPDATED, target=deliverable, status=status)
    return deliverable


@transaction.atomic
def deliverable_accept(*, actor: User, deliverable: Deliverable) -> Deliverable:
    deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    if deliverable.status != DeliverableStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted deliverable can be accepted."))
    deliverable.status, deliverable.accepted_at = DeliverableStatus.ACCEPTED, timezone.now()
    deliverable.updated_at, deliverable.updated_by = timezone.now(), actor
    deliverable.save()
    audit_record(actor=actor, action=AuditAction.DELIVERABLE_ACCEPTED, target=deliverable)
    return deliverable
