"""What proposals holds about a person, for their own download (accounts/personal_data.py): the
session proposals they started or may edit, their comments, their places on panels (by their
address: a panelist need not have an account), the nominations of them or by them and the ones
they supported. Connected in ProposalsConfig.ready(). Never a panelist's private link."""

from django.db.models import Q
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.personal_data import Section, iso
from accounts.signals import personal_data_requested

from .models import Nomination, NominationSupport, Panelist, Proposal, ProposalComment


def _proposal(proposal) -> dict:
    return {"proposal": proposal.title, "group": str(proposal.team.name), "year": proposal.team.cycle.year}


_TEAM = ("proposal__team__cycle", "proposal__team__area")


@receiver(personal_data_requested, dispatch_uid="proposals.personal_data")
def personal_data(sender, user, own_addresses, **kwargs) -> list[Section]:
    """Six queries, whatever the number of proposals."""
    proposals = (
        Proposal.objects.filter(Q(created_by=user) | Q(editors=user))
        .distinct()
        .select_related("team__cycle", "team__area")
        .order_by("created_at", "id")
    )
    comments = ProposalComment.objects.filter(author=user).select_related(*_TEAM).order_by("created_at", "id")
    panels = (
        Panelist.objects.alias(address=Lower("email"))
        .filter(address__in=own_addresses)
        .select_related(*_TEAM)
        .order_by("proposal_id", "id")
    )
    nominations = (
        Nomination.objects.filter(Q(nominee=user) | Q(nominated_by=user))
        .select_related(*_TEAM)
        .order_by("created_at", "id")
    )
    supports = (
        NominationSupport.objects.filter(user=user)
        .select_related("nomination__proposal__team__cycle", "nomination__proposal__team__area")
        .order_by("created_at", "id")
    )
    return [
        Section(
            "proposals",
            _("Session proposals you started or may edit"),
            [
                {
                    "proposal": p.title,
                    "group": str(p.team.name),
                    "year": p.team.cycle.year,
                    "started_by_you": p.created_by_id == user.pk,
                    "status": p.status,
                    "status_label": p.get_status_display(),
                    "created_at": iso(p.created_at),
                    "submitted_at": iso(p.submitted_at),
                }
                for p in proposals
            ],
        ),
        Section(
            "proposal_comments",
            _("Your comments on session proposals"),
            [{**_proposal(c.proposal), "text": c.body, "at": iso(c.created_at)} for c in comments],
        ),
        Section(
            "panel_places",
            _("Your places on session panels"),
            [
                {
                    **_proposal(p.proposal),
                    "name": p.name,
                    "email": p.email,
                    "role": p.role,
                    "role_label": p.get_role_display(),
                    "stakeholder_group": p.stakeholder_group,
                    "region": p.region,
                    "gender": p.gender,
                    "takes_part": p.presence,
                    "invitation": p.invitation,
                    "invited_at": iso(p.invited_at),
                    "reply_by": iso(p.reply_by),
                    "replied_at": iso(p.replied_at),
                    "language": p.language,
                    "time_zone": p.time_zone,
                }
                for p in panels
            ],
        ),
        Section(
            "nominations",
            _("Nominations of you, or made by you"),
            [
                {
                    **_proposal(n.proposal),
                    "role": n.role,
                    "you_are_the_nominee": n.nominee_id == user.pk,
                    "you_nominated": n.nominated_by_id == user.pk,
                    "created_at": iso(n.created_at),
                    "appointed_at": iso(n.appointed_at),
                }
                for n in nominations
            ],
        ),
        Section(
            "nomination_supports",
            _("Nominations you supported"),
            [
                {**_proposal(s.nomination.proposal), "role": s.nomination.role, "at": iso(s.created_at)}
                for s in supports
            ],
        ),
    ]
