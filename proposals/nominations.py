"""Nominations of a chair or a moderator inside the group (issue 14: "That's my nomination to be the
chair … I see there is some support in the chat").

A member of the group nominates a member (themselves too) for a role; the nomination counts as the
nominator's support, and the other members add theirs, or take it back. The proposal's
facilitators and editors appoint a nominee: the nominee joins the panel in that role, with the
address, stakeholder group, UN regional group and gender of their profile, unless someone already
holds it. The nominator (or a facilitator) withdraws a nomination not yet appointed. Each
function is one transaction; a rule a person can break raises ValidationError with the message to
show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.versions import version_bump
from teams.models import Membership

from . import services
from .enums import PanelRole, ProposalStatus
from .models import (
    NOMINATED_ROLES,
    NOMINATIONS_PER_PROPOSAL,
    Nomination,
    NominationSupport,
    Panelist,
    Proposal,
)
from .rules import edits_proposal

# The supporters named under a nomination; the others are counted ("and 12 more").
SUPPORTER_NAMES_SHOWN = 10


def _open(proposal: Proposal, actor: User) -> None:
    # The rule (proposals.rules.may_nominate) with the membership read from the database, not from
    # the reader's cached places: a service called right after the person joined the group.
    is_member = (
        actor.is_authenticated and Membership.objects.filter(team_id=proposal.team_id, user=actor).exists()
    )
    if proposal.status == ProposalStatus.WITHDRAWN or (
        proposal.status == ProposalStatus.DRAFT and not proposal.shared
    ):
        is_member = False
    if not is_member:
        raise ValidationError(
            _(
                "Only the group's members nominate and support, on a draft shared with the group or a "
                "submitted proposal."
            )
        )


@transaction.atomic
def nomination_create(*, actor: User, proposal: Proposal, role: str, nominee: User) -> Nomination:
    """`nominee` put forward for `role` by `actor`, whose support it counts. Nominating someone
    already nominated for the role adds the actor's support to that nomination."""
    proposal = services._lock(proposal)  # read afresh: its state decides
    _open(proposal, actor)
    if role not in NOMINATED_ROLES:
        raise ValidationError(_("One nominates a chair or a moderator."))
    if not Membership.objects.filter(team_id=proposal.team_id, user=nominee).exists():
        raise ValidationError(_("Only a member of the group may be nominated."))
    nomination = Nomination.objects.filter(proposal=proposal, role=role, nominee=nominee).first()
    if nomination is None:
        if Nomination.objects.filter(proposal=proposal).count() >= NOMINATIONS_PER_PROPOSAL:
            raise ValidationError(
                _("A proposal has at most %(count)d nominations.") % {"count": NOMINATIONS_PER_PROPOSAL}
            )
        nomination = Nomination.objects.create(
            proposal=proposal, role=role, nominee=nominee, nominated_by=actor
        )
    NominationSupport.objects.get_or_create(nomination=nomination, user=actor)
    return nomination


@transaction.atomic
def nomination_support(*, actor: User, nomination: Nomination) -> bool:
    """The actor supports the nomination; False if they already did."""
    _open(services._lock(nomination.proposal), actor)
    try:
        with transaction.atomic():
            _support, made = NominationSupport.objects.get_or_create(nomination=nomination, user=actor)
    except IntegrityError:  # the same press in two tabs
        return False
    return made


@transaction.atomic
def nomination_unsupport(*, actor: User, nomination: Nomination) -> bool:
    """The actor takes back their own support; False if they had none."""
    _open(services._lock(nomination.proposal), actor)
    deleted, _rows = NominationSupport.objects.filter(nomination=nomination, user=actor).delete()
    return bool(deleted)


@transaction.atomic
def nomination_appoint(*, actor: User, nomination: Nomination) -> Panelist:
    """The nominee joins the panel in the nomination's role (one chair, one moderator)."""
    proposal = services._lock(nomination.proposal)
    proposal.editor_ids = getattr(nomination.proposal, "editor_ids", None)
    if not edits_proposal(actor, proposal):
        raise ValidationError(_("Only the group's facilitators and the proposal's editors appoint."))
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn: take it back to draft to change its panel."))
    nomination = (
        Nomination.objects.select_for_update(of=("self",)).select_related("nominee").get(pk=nomination.pk)
    )
    if nomination.appointed_at is not None:
        raise ValidationError(_("This nominee is already appointed."))
    holder = Panelist.objects.filter(proposal=proposal, role=nomination.role).first()
    if holder is not None:
        if nomination.role == PanelRole.CHAIR:
            message = _(
                "The panel already has a chair: %(name)s. Remove them in the panel planner first to "
                "appoint someone else."
            )
        else:
            message = _(
                "The panel already has a moderator: %(name)s. Remove them in the panel planner first "
                "to appoint someone else."
            )
        raise ValidationError(message % {"name": holder.name})
    person = nomination.nominee
    # What the planner weighs and the address to invite them at, from the member's profile.
    panelist = services.panelist_add(
        actor=actor,
        proposal=proposal,
        name=person.name,
        email=person.email,
        role=nomination.role,
        stakeholder_group=person.stakeholder_group,
        region=person.un_region,
        gender=person.gender,
    )
    nomination.appointed_at = timezone.now()
    nomination.save(update_fields=["appointed_at"])
    return panelist


@transaction.atomic
def nomination_withdraw(*, actor: User, nomination: Nomination) -> None:
    """The nominator (or a facilitator) takes the nomination back, with the support it had; an
    appointed nominee is on the panel, and is removed there instead."""
    services._lock(nomination.proposal)
    nomination = Nomination.objects.select_for_update(of=("self",)).filter(pk=nomination.pk).first()
    if nomination is None:
        return  # withdrawn twice, in two tabs
    if nomination.appointed_at is not None:
        raise ValidationError(
            _("This nominee is already appointed: remove them in the panel planner if they should not be.")
        )
    nomination.delete()
    # Nominations are not among the proposals version's models: the proposal's page shows them.
    version_bump("proposals")


# Reads.


@dataclass
class NominationRow:
    nomination: Nomination
    supporters: int
    names: list[str] = field(default_factory=list)
    supported: bool = False

    @property
    def more(self) -> int:
        return self.supporters - len(self.names)


def nominations_of(
    *, proposal: Proposal, user, with_names: bool = True
) -> list[tuple[str, list[NominationRow]]]:
    """The proposal's nominations by role (chair first), the most supported first, each with its
    count, whether `user` supports it and (`with_names`: the group's own people) the first
    SUPPORTER_NAMES_SHOWN supporters' names: two queries whatever the numbers (at most
    NOMINATIONS_PER_PROPOSAL nominations)."""
    nominations = Nomination.objects.filter(proposal=proposal).select_related("nominee")
    nominations = nominations.annotate(supporter_count=Count("supports"))
    if user.is_authenticated:
        nominations = nominations.annotate(
            supported=Exists(NominationSupport.objects.filter(nomination=OuterRef("pk"), user_id=user.pk))
        )
    rows = {
        nomination.pk: NominationRow(
            nomination, nomination.supporter_count, supported=getattr(nomination, "supported", False)
        )
        for nomination in nominations.order_by("-supporter_count", "created_at", "id")[
            :NOMINATIONS_PER_PROPOSAL
        ]
    }
    if rows and with_names:
        first = (
            NominationSupport.objects.filter(nomination_id__in=list(rows))
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=[F("nomination_id")], order_by=[F("created_at"), F("id")]
                )
            )
            .filter(rank__lte=SUPPORTER_NAMES_SHOWN)
            .select_related("user")
            .order_by("nomination_id", "rank")
        )
        for support in first:
            rows[support.nomination_id].names.append(support.user.name)
    by_role: dict[str, list[NominationRow]] = {role.value: [] for role in NOMINATED_ROLES}
    for row in rows.values():
        by_role[row.nomination.role].append(row)
    return list(by_role.items())


def nomination_get(*, proposal: Proposal, pk: int) -> Nomination:
    nomination = get_object_or_404(Nomination.objects.select_related("nominee"), pk=pk, proposal=proposal)
    nomination.proposal = proposal
    return nomination
