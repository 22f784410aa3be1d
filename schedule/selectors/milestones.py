"""Reads of the year's milestones and the teams' deliverables, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from teams.models import Cycle, IssueTeam

from ..enums import MilestoneStatus
from ..models import CalendarFeed, Deliverable, Milestone


def _with_scope(milestones: QuerySet[Milestone]) -> QuerySet[Milestone]:
    return milestones.prefetch_related(Prefetch("teams", queryset=IssueTeam.objects.select_related("area")))


def _my_team_ids(user: User) -> set[int]:
    return set(user.memberships.values_list("team_id", flat=True)) if user.is_authenticated else set()


def _concerns(milestone: Milestone, team_ids: set[int]) -> bool:
    return milestone.all_teams or any(t.pk in team_ids for t in milestone.teams.all())


@dataclass
class Timeline:
    upcoming: list[Milestone]
    past: list[Milestone]


def timeline_for(*, user: User, cycle: Cycle) -> Timeline:
    """The cycle's published milestones (drafts too for the secretariat); each with `is_mine`."""
    milestones = Milestone.objects.filter(cycle=cycle)
    if not user.is_secretariat:
        milestones = milestones.filter(status=MilestoneStatus.PUBLISHED)
    team_ids = _my_team_ids(user)
    now = timezone.now()
    upcoming, past = [], []
    for milestone in _with_scope(milestones):
        milestone.is_mine = _concerns(milestone, team_ids)
        (upcoming if milestone.due_at > now else past).append(milestone)
    past.reverse()
    return Timeline(upcoming=upcoming, past=past)


def public_milestones(*, cycle: Cycle) -> list[Milestone]:
    return list(
        _with_scope(Milestone.objects.filter(cycle=cycle, status=MilestoneStatus.PUBLISHED, is_public=True))
    )


def due_next_for(*, user: User, limit: int = 8) -> list[Milestone]:
    """The next published milestones that concern my teams, each with `my_deliverables`."""
    team_ids = _my_team_ids(user)
    if not team_ids:
        return []
    candidates = _with_scope(
        Milestone.objects.filter(
            status=MilestoneStatus.PUBLISHED, due_at__gt=timezone.now(), cycle__teams__in=team_ids
        ).distinct()
    ).prefetch_related(
        Prefetch(
            "deliverables",
            queryset=Deliverable.objects.filter(team__in=team_ids).select_related("team__area"),
        )
    )
    mine = [m for m in candidates if _concerns(m, team_ids)][:limit]
    for milestone in mine:
        milestone.my_deliverables = list(milestone.deliverables.all())
    return mine


def milestone_get(*, pk: int, user: User) -> Milestone:
    milestones = Milestone.objects.select_related("cycle")
    if not user.is_authenticated or not user.is_secretariat:
        milestones = milestones.filter(status=MilestoneStatus.PUBLISHED)
    return get_object_or_404(milestones, pk=pk)


def milestone_deliverables(*, milestone: Milestone) -> list[Deliverable]:
    return list(milestone.deliverables.select_related("team__area").order_by("team__area__name"))


@dataclass
class Matrix:
    milestones: list[Milestone]
    rows: list[tuple[IssueTeam, list[Deliverable | None]]]


def deliverable_matrix(*, cycle: Cycle) -> Matrix:
    """Teams × deadlines that ask for deliverables, with each cell's deliverable (three queries)."""
    milestones = list(
        Milestone.objects.filter(cycle=cycle, requires_deliverable=True, status=MilestoneStatus.PUBLISHED)
    )
    teams = list(IssueTeam.objects.filter(cycle=cycle).select_related("area", "cycle"))
    cells = {
        (d.team_id, d.milestone_id): d
        for d in Deliverable.objects.filter(milestone__in=milestones).select_related("milestone")
    }
    return Matrix(
        milestones=milestones,
        rows=[(team, [cells.get((team.pk, m.pk)) for m in milestones]) for team in teams],
    )


def deliverable_get(*, pk: int) -> Deliverable:
    return get_object_or_404(
        Deliverable.objects.select_related("milestone", "team__area", "team__cycle"), pk=pk
    )


def public_feed_milestones(*, since: datetime, limit: int) -> list[Milestone]:
    """The current cycle's public milestones due from `since` on, the `limit` soonest (a feed does
    not grow forever)."""
    return list(
        Milestone.objects.filter(
            status=MilestoneStatus.PUBLISHED, is_public=True, cycle__is_current=True, due_at__gte=since
        ).order_by("due_at", "pk")[:limit]
    )


def feed_milestones_for(*, user: User, since: datetime, limit: int) -> list[Milestone]:
    """The milestones of `user`'s teams (and those for every team) due from `since` on, the `limit`
    soonest, in one query."""
    mine = Q(all_teams=True) | Q(
        pk__in=Milestone.teams.through.objects.filter(issueteam__memberships__user=user).values(
            "milestone_id"
        )
    )
    return list(
        Milestone.objects.filter(
            mine, status=MilestoneStatus.PUBLISHED, cycle__is_current=True, due_at__gte=since
        ).order_by("due_at", "pk")[:limit]
    )


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    """The active person's feed the token opens, else None."""
    return CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
