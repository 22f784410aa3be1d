"""Reads of session proposals, each a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from teams.models import PolicyQuestion

from .models import Proposal, SessionKind


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


def session_kinds_with_use() -> QuerySet[SessionKind]:
    """Every kind (the list is bounded: services.SESSION_KINDS_MAX), each with `proposal_count`,
    the proposals of that kind whatever their state, in one query."""
    used = (
        Proposal.objects.filter(kind=OuterRef("pk"))
        .order_by()
        .values("kind")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return SessionKind.objects.annotate(
        proposal_count=Coalesce(Subquery(used, output_field=IntegerField()), 0)
    )


def session_kind_get(*, pk: int) -> SessionKind:
    return get_object_or_404(SessionKind, pk=pk)
