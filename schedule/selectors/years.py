"""Reads of the yearly rollover's pages, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accounts.enums import Role
from accounts.models import User
from teams.models import Cycle, IssueTeam
from teams.selectors import in_list_order

from ..models import Milestone


def cycles_all() -> list[Cycle]:
    """Every year, the newest first (one query)."""
    return list(Cycle.objects.order_by("-year"))


def current_mag_members() -> QuerySet[User]:
    return User.objects.filter(role=Role.MAG).order_by("display_name", "email")


def groups_of(cycle: Cycle) -> list[IssueTeam]:
    return list(in_list_order(IssueTeam.objects.filter(cycle=cycle).select_related("area", "cycle")))


@dataclass(frozen=True)
class DraftReview:
    cycle: Cycle
    previous: Cycle
    groups: list[IssueTeam]
    milestones: list[Milestone]
    terms_ending: list[User]


def draft_review(*, year: int) -> DraftReview:
    """The draft of `year` as the secretariat reviews it before the switch (five queries): its
    groups, its milestone plan with the groups each concerns, and the MAG terms that end. Not a draft: 404."""
    cycle = Cycle.objects.select_related("drafted_from").filter(year=year, is_draft=True).first()
    if cycle is None:
        raise Http404
    groups = groups_of(cycle)
    milestones = list(
        Milestone.objects.filter(cycle=cycle)
        .order_by("due_at", "pk")
        .prefetch_related(Prefetch("teams", queryset=IssueTeam.objects.select_related("area", "cycle")))
    )
    return DraftReview(
        cycle=cycle,
        previous=cycle.drafted_from,
        groups=groups,
        milestones=milestones,
        terms_ending=list(cycle.mag_terms_ending.order_by("display_name", "email")),
    )
