"""Reads that pages need, each with a fixed number of queries whatever the amount of data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accounts.enums import Gender, StakeholderGroup, UNRegion
from accounts.models import User
from accounts.selectors import role_claims_pending

from .enums import CO_CHAIRS_WANTED, FacilitatorKind, FacilitatorStatus
from .models import Cycle, FacilitatorRole, IssueTeam, Membership


def current_cycle() -> Cycle | None:
    return Cycle.objects.filter(is_current=True).first()


def cycle_get(*, year: int) -> Cycle:
    return get_object_or_404(Cycle, year=year)


def _with_facilitator_counts(teams: QuerySet[IssueTeam]) -> QuerySet[IssueTeam]:
    confirmed = Q(facilitator_roles__status=FacilitatorStatus.CONFIRMED)
    return teams.annotate(
        member_count=Count("memberships", distinct=True),
        chair_count=Count(
            "facilitator_roles",
            filter=confirmed & Q(facilitator_roles__kind=FacilitatorKind.CHAIR),
            distinct=True,
        ),
        co_chair_count=Count(
            "facilitator_roles",
            filter=confirmed & Q(facilitator_roles__kind=FacilitatorKind.CO_CHAIR),
            distinct=True,
        ),
    )


def teams_for_cycle(*, cycle: Cycle) -> list[IssueTeam]:
    """The cycle's teams, each with member_count, chair_count and co_chair_count."""
    return list(
        _with_facilitator_counts(IssueTeam.objects.filter(cycle=cycle).select_related("area", "cycle"))
    )


def team_get(*, year: int, slug: str) -> IssueTeam:
    return get_object_or_404(
        IssueTeam.objects.select_related("area", "cycle"), cycle__year=year, area__slug=slug
    )


def facilitator_role_get(*, role_id: int) -> FacilitatorRole:
    return get_object_or_404(
        FacilitatorRole.objects.select_related("team__area", "team__cycle", "user"), pk=role_id
    )


@dataclass
class Share:
    label: str
    count: int
    percent: int


@dataclass
class Balance:
    """How a team's members spread across one dimension, with 'not given' counted too."""

    title: str
    shares: list[Share] = field(default_factory=list)


def _balance(title, choices, values, total) -> Balance:
    counts = Counter(values)
    shares = [
        Share(str(label), counts.get(value, 0), round(100 * counts.get(value, 0) / total) if total else 0)
        for value, label in choices
        if value != ""
    ]
    unknown = counts.get("", 0)
    if unknown:
        shares.append(Share(str(_("Not given")), unknown, round(100 * unknown / total)))
    return Balance(title, shares)


def team_balance(members: list[User]) -> list[Balance]:
    total = len(members)
    return [
        _balance(
            _("Stakeholder groups"), StakeholderGroup.choices, [m.stakeholder_group for m in members], total
        ),
        _balance(_("UN regional groups"), UNRegion.choices, [m.un_region for m in members], total),
        _balance(_("Gender"), Gender.choices, [m.gender for m in members], total),
    ]


@dataclass
class TeamPage:
    team: IssueTeam
    policy_questions: list
    facilitators: list[FacilitatorRole]
    volunteers: list[FacilitatorRole]
    memberships: list[Membership]
    my_membership: Membership | None
    my_role: FacilitatorRole | None

    @property
    def has_chair(self):
        return any(r.kind == FacilitatorKind.CHAIR for r in self.facilitators)


def team_page(*, team: IssueTeam, viewer: User) -> TeamPage:
    """Everything the team page shows, in four queries whatever the team's size."""
    questions = list(team.area.policy_questions.all())
    roles = list(
        team.facilitator_roles.filter(
            status__in=[FacilitatorStatus.VOLUNTEERED, FacilitatorStatus.CONFIRMED]
        ).select_related("user")
    )
    memberships = list(team.memberships.select_related("user").order_by("user__display_name", "user__email"))
    viewer_id = viewer.pk if viewer.is_authenticated else None
    return TeamPage(
        team=team,
        policy_questions=questions,
        facilitators=[r for r in roles if r.is_confirmed],
        volunteers=[r for r in roles if not r.is_confirmed],
        memberships=memberships,
        my_membership=next((m for m in memberships if m.user_id == viewer_id), None),
        my_role=next((r for r in roles if r.user_id == viewer_id), None),
    )


def roster_rows(*, team: IssueTeam) -> QuerySet[Membership]:
    return team.memberships.select_related("user").order_by("user__display_name", "user__email")


def teams_short_of_facilitators(*, cycle: Cycle) -> list[IssueTeam]:
    """Teams that still lack a chair or have fewer than CO_CHAIRS_WANTED co-chairs."""
    return [
        t for t in teams_for_cycle(cycle=cycle) if t.chair_count == 0 or t.co_chair_count < CO_CHAIRS_WANTED
    ]


@dataclass
class Dashboard:
    cycle: Cycle | None
    memberships: list[Membership]
    roles: list[FacilitatorRole]
    teams_short: list[IssueTeam]
    role_claims: list[User]
    volunteers: list[FacilitatorRole]


def dashboard_for(*, user: User) -> Dashboard:
    """The signed-in dashboard: my teams and roles, teams short of facilitators, and for the
    secretariat the queues. A fixed number of queries, whatever the number of teams or people."""
    cycle = current_cycle()
    memberships = list(
        user.memberships.select_related("team__area", "team__cycle").order_by("team__area__name")
    )
    roles = list(
        user.facilitator_roles.filter(status__in=[FacilitatorStatus.VOLUNTEERED, FacilitatorStatus.CONFIRMED])
    )
    roles_by_team = {role.team_id: role for role in roles}
    for membership in memberships:
        membership.facilitator_role = roles_by_team.get(membership.team_id)
    role_claims, volunteers = [], []
    if user.is_secretariat:
        role_claims = list(role_claims_pending())
        volunteers = list(
            FacilitatorRole.objects.filter(status=FacilitatorStatus.VOLUNTEERED)
            .select_related("user", "team__area", "team__cycle")
            .order_by("volunteered_at", "id")
        )
    return Dashboard(
        cycle=cycle,
        memberships=memberships,
        roles=roles,
        teams_short=teams_short_of_facilitators(cycle=cycle) if cycle else [],
        role_claims=role_claims,
        volunteers=volunteers,
    )


def confirmed_facilitator_teams(*, user: User) -> list[IssueTeam]:
    return list(
        IssueTeam.objects.filter(
            facilitator_roles__user=user, facilitator_roles__status=FacilitatorStatus.CONFIRMED
        ).select_related("area")
    )
