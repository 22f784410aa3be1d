"""Reads of session proposals, each a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from teams.models import PolicyQuestion

from .models import Panelist, Proposal, SessionKind


def proposal_get(*, pk: int) -> Proposal:
    """A proposal with its group, kind, milestone, policy questions and editors' ids (which the
    rules read: proposals.rules), in three queries."""
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "team__cycle", "team__area", "kind", "due", "created_by"
        ).prefetch_related(
            Prefetch("policy_questions", queryset=PolicyQuestion.objects.select_related("area"))
        ),
        pk=pk,
    )
    proposal.editor_ids = set(proposal.editors.values_list("pk", flat=True))
    return proposal


def session_kinds(*, offered_only: bool = False) -> QuerySet[SessionKind]:
    kinds = SessionKind.objects.all()
    return kinds.filter(is_active=True) if offered_only else kinds


def panelists_of(*, proposal: Proposal) -> list[Panelist]:
    """The proposal's panel in its order, in one query (a panel has at most PANEL_SIZE_MAX people)."""
    return list(Panelist.objects.filter(proposal=proposal).order_by("position", "id"))


def panelist_get(*, proposal: Proposal, pk: int) -> Panelist:
    """One person of the proposal's panel (404 for another proposal's), with the proposal already read."""
    panelist = get_object_or_404(Panelist, pk=pk, proposal=proposal)
    panelist.proposal = proposal
    return panelist
