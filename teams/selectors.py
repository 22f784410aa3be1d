"""Reads that pages need, each with a fixed number of queries whatever the amount of data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lower, NullIf
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from accounts.enums import Gender, StakeholderGroup, UNRegion
from accounts.models import User
from accounts.selectors import role_claims_pending
from common.versions import versioned_get_or_set

from .enums import CO_CHAIRS_WANTED, GROUP_KIND_ORDER, Capacity, FacilitatorKind, FacilitatorStatus
from .models import Cycle, FacilitatorRole, IssueTeam, Membership
from .places import version_and_places


def current_cycle() -> Cycle | None:
    return Cycle.objects.filter(is_current=True).first()


def cycle_get(*, year: int) -> Cycle:
    return get_object_or_404(Cycle, year=year)


def _count_per_team(rows: QuerySet) -> Subquery:
    """One team's number of `rows` (already filtered to that team by OuterRef), as a subquery: each
    count reads only that team's rows through the (team, ...) index, where COUNT(DISTINCT) over
    joined memberships and roles multiplied them and sorted the product on disk."""
    return Coalesce(
        Subquery(rows.order_by().values("team_id").annotate(n=Count("*")).values("n")[:1]),
        0,
        output_field=IntegerField(),
    )


def _with_facilitator_counts(teams: QuerySet[IssueTeam]) -> QuerySet[IssueTeam]:
    confirmed = FacilitatorRole.objects.filter(team=OuterRef("pk"), status=FacilitatorStatus.CONFIRMED)
    return teams.annotate(
        member_count=_count_per_team(Membership.objects.filter(team=OuterRef("pk"))),
        chair_count=_count_per_team(confirmed.filter(kind=FacilitatorKind.CHAIR)),
        co_chair_count=_count_per_team(confirmed.filter(kind=FacilitatorKind.CO_CHAIR)),
    )


def in_list_order(teams: QuerySet[IssueTeam]) -> QuerySet[IssueTeam]:
    """Groups as the group list shows them: by kind (issue teams first, GROUP_KIND_ORDER), then by
    name (an issue team's area's, another group's own)."""
    position = Case(
        *(When(kind=kind, then=Value(i)) for i, kind in enumerate(GROUP_KIND_ORDER)),
        default=Value(len(GROUP_KIND_ORDER)),
        output_field=IntegerField(),
    )
    return teams.order_by(position, Coalesce(NullIf("title", Value("")), "area__name"), "pk")


TEAMS_PAGE_SIZE = 60


TEAMS_LISTING_TIMEOUT = 86400


def cycle_listing(*, year: int | None, versions: str) -> tuple[Cycle | None, int]:
    """The cycle of that year (the current one without a year; None if there is none) and its
    number of teams, cached under the teams' version `versions` (version_of("teams")): the team
    list and the home page then read nothing from the database while no team changes."""

    def read():
        cycle = current_cycle() if year is None else Cycle.objects.filter(year=year).first()
        return (cycle, IssueTeam.objects.filter(cycle=cycle).count() if cycle else 0)

    return versioned_get_or_set(f"teams:listing:{year or 'current'}:{versions}", read, TEAMS_LISTING_TIMEOUT)


def years_listed(*, versions: str) -> list[tuple[int, str]]:
    """(year, name) of every year but a draft, the newest first, for the year switcher of the
    lists that are per year; cached under the teams' version `versions` like `cycle_listing`."""

    def read():
        return list(Cycle.objects.filter(is_draft=False).order_by("-year").values_list("year", "name"))

    return versioned_get_or_set(f"teams:years:{versions}", read, TEAMS_LISTING_TIMEOUT)


class _ReadWhenIterated:
    """The cycle's teams with their counts, as a sequence for Paginator whose slices are built and
    read only when a page is iterated: the annotated query costs as much Python to build as the
    rest of a cached page, and a page whose cards are cached never needs it."""

    def __init__(self, cycle: Cycle, count: int):
        self.cycle, self._count = cycle, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key):
        cycle = self.cycle
        return SimpleLazyObject(
            lambda: list(
                in_list_order(
                    _with_facilitator_counts(
                        IssueTeam.objects.filter(cycle=cycle).select_related("area", "cycle")
                    )
                )[key]
            )
        )


def teams_page(*, cycle: Cycle, page_number, team_count: int | None = None) -> Page:
    """One page of the cycle's teams, read only when the page is iterated (a page that caches the
    cards reads them only when the cached fragment is missing); `team_count` is the cycle's number
    of teams when known (cycle_listing). A page number that is not a number, or is past the end,
    gives the first or the last page."""
    if team_count is None:
        team_count = IssueTeam.objects.filter(cycle=cycle).count()
    return Paginator(_ReadWhenIterated(cycle, team_count), TEAMS_PAGE_SIZE).get_page(page_number)


def teams_for_cycle(*, cycle: Cycle) -> list[IssueTeam]:
    """The cycle's teams, each with member_count, chair_count and co_chair_count."""
    return list(
        in_list_order(
            _with_facilitator_counts(IssueTeam.objects.filter(cycle=cycle).select_related("area", "cycle"))
        )
    )


def team_get(*, year: int, slug: str) -> IssueTeam:
    return get_object_or_404(IssueTeam.objects.select_related("area", "cycle"), cycle__year=year, slug=slug)


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


def _balance(title, choices, counts: dict, total: int) -> Balance:
    shares = [
        Share(str(label), counts.get(value, 0), round(100 * counts.get(value, 0) / total) if total else 0)
        for value, label in choices
        if value != ""
    ]
    unknown = counts.get("", 0)
    if unknown:
        shares.append(Share(str(_("Not given")), unknown, round(100 * unknown / total)))
    return Balance(title, shares)


def team_balance(*, team: IssueTeam) -> list[Balance]:
    """How the team's members spread across capacities, stakeholder groups, regions and genders,
    counted by the database in one query: at most one row per combination of those four, however
    many people join."""
    combinations = (
        team.memberships.order_by()
        .values_list("capacity", "user__stakeholder_group", "user__un_region", "user__gender")
        .annotate(n=Count("*"))
    )
    by_capacity, by_group, by_region, by_gender = Counter(), Counter(), Counter(), Counter()
    for capacity, group, region, gender, n in combinations:
        by_capacity[capacity] += n
        by_group[group] += n
        by_region[region] += n
        by_gender[gender] += n
    total = sum(by_capacity.values())
    return [
        _balance(_("Capacities"), Capacity.choices, by_capacity, total),
        _balance(_("Stakeholder groups"), StakeholderGroup.choices, by_group, total),
        _balance(_("UN regional groups"), UNRegion.choices, by_region, total),
        _balance(_("Gender"), Gender.choices, by_gender, total),
    ]


ROSTER_PAGE_SIZE = 50
# A cached team page lives a day at most; any change to the team or to what it shows of its people
# makes a new version, and so a new key, at once.
TEAM_PAGE_TIMEOUT = 86400
CALLS_VERSIONS = ("polls", "meetings")


@dataclass
class TeamPage:
    """What the team page shows above its roster. All but `my_membership` and `my_role` is the same
    for every viewer and comes from the cache; `versions` is what it was read at (the roster's
    cached fragment is keyed by it)."""

    team: IssueTeam
    policy_questions: list
    facilitators: list[FacilitatorRole]
    volunteers: list[FacilitatorRole]
    member_count: int
    versions: str
    # The versions of the team's calls (schedule's polls and meetings), read in the same round trip
    # as `versions` for the calls panel of a signed-in viewer.
    calls_versions: str | None = None
    my_membership: Membership | None = None
    my_role: FacilitatorRole | None = None

    @property
    def has_chair(self):
        return any(r.kind == FacilitatorKind.CHAIR for r in self.facilitators)


def team_page(*, year: int, slug: str, viewer: User) -> TeamPage:
    """The team page above its roster, for `viewer`: what everyone sees is cached under the teams'
    and people's versions, and a signed-in viewer's own membership under their own key; the roster is
    paged (team_roster_page) and summed up (team_balance), both read only when their cached
    fragment is missing. Http404 for an unknown team."""
    # The viewer's places in the teams (who may see the roster, the calls) in the same round trip.
    flat = version_and_places(viewer, "teams", "people", *CALLS_VERSIONS).split(".")
    versions, calls_versions = ".".join(flat[:2]), ".".join(flat[2:])
    shared = versioned_get_or_set(
        f"teams:page:{year}:{slug}:{versions}",
        lambda: _team_page_read(year=year, slug=slug, versions=versions),
        TEAM_PAGE_TIMEOUT,
    )
    if not viewer.is_authenticated:
        return shared
    return replace(
        shared,
        calls_versions=calls_versions,
        # The viewer's own, under a key of their own: a reload reads it from this process.
        my_membership=versioned_get_or_set(
            f"teams:my-membership:{shared.team.pk}:{viewer.pk}:{versions}",
            lambda: (Membership.objects.filter(team=shared.team, user=viewer).first(),),  # None is cached too
            TEAM_PAGE_TIMEOUT,
        )[0],
        my_role=_role_of(viewer, shared),
    )


def _role_of(viewer: User, page: TeamPage) -> FacilitatorRole | None:
    # A loop, not next() over a generator, and the viewer's id read once: this runs on every
    # request to the team page, through every volunteer.
    viewer_id = viewer.pk
    for role in page.facilitators + page.volunteers:
        if role.user_id == viewer_id:
            return role
    return None


def _team_page_read(*, year: int, slug: str, versions: str) -> TeamPage:
    team = team_get(year=year, slug=slug)
    roles = list(
        team.facilitator_roles.filter(status__in=[FacilitatorStatus.VOLUNTEERED, FacilitatorStatus.CONFIRMED])
        .select_related("user")
        # Only what the page shows of each person: the cache holds no password hash.
        .only("team_id", "user_id", "kind", "status", "volunteered_at", "user__display_name", "user__email")
    )
    for role in roles:
        role.team = team  # what the group calls the role (FacilitatorRole.title), without a query
    facilitators = [r for r in roles if r.is_confirmed]
    # Read by teams.rules.is_team_facilitator: who sees the members' addresses, who starts a poll.
    team.confirmed_facilitator_ids = frozenset(r.user_id for r in facilitators)
    return TeamPage(
        team=team,
        policy_questions=list(team.area.policy_questions.all()) if team.area_id else [],
        facilitators=facilitators,
        volunteers=[r for r in roles if not r.is_confirmed],
        member_count=team.memberships.count(),
        versions=versions,
    )


def roster_page_number(*, member_count: int, page_number) -> int:
    """The roster page that `page_number` (from the address: anything) gives, without a query: a
    page number that is not a number, or is past the end, gives the first or the last page."""
    # Paginator.get_page's rule, reckoned here: a Paginator costs a queryset and its checks, on
    # every request to the team page, for two lines of arithmetic.
    last = max(1, -(-member_count // ROSTER_PAGE_SIZE))
    try:
        number = int(page_number)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= last else last


def team_roster_page(*, team: IssueTeam, page_number, member_count: int | None = None) -> Page:
    """One page of the roster, by name. A page number that is not a number, or is past the end,
    gives the first or the last page (Paginator.get_page), never an error."""
    paginator = Paginator(roster_rows(team=team), ROSTER_PAGE_SIZE)
    if member_count is not None:
        paginator.count = member_count  # counted already (TeamPage.member_count): one query less
    page = paginator.get_page(page_number)
    # Each label translated once per page rather than once per row and column: get_FOO_display
    # rebuilds the choices and translates on every call, the larger part of the roster's rendering.
    capacities = _labels(Capacity.choices)
    groups = _labels(StakeholderGroup.choices)
    regions = _labels(UNRegion.choices)
    for membership in page:
        membership.capacity_label = capacities.get(membership.capacity, membership.capacity)
        membership.stakeholder_group_label = groups.get(membership.user.stakeholder_group, "")
        membership.un_region_label = regions.get(membership.user.un_region, "")
    return page


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def roster_rows(*, team: IssueTeam) -> QuerySet[Membership]:
    """The roster by name, with what the page and the CSV export show of each person."""
    return (
        team.memberships.select_related("user")
        .only(
            "team_id",
            "capacity",
            "joined_at",
            "user__display_name",
            "user__email",
            "user__organisation",
            "user__stakeholder_group",
            "user__un_region",
        )
        .order_by("user__display_name", "user__email")
    )


def teams_short_of_facilitators(*, cycle: Cycle) -> QuerySet[IssueTeam]:
    """Teams that still lack a chair or have fewer than CO_CHAIRS_WANTED co-chairs, filtered by the
    database so that a caller can take the first few and count the rest."""
    return _with_facilitator_counts(
        IssueTeam.objects.filter(cycle=cycle).select_related("area", "cycle")
    ).filter(Q(chair_count=0) | Q(co_chair_count__lt=CO_CHAIRS_WANTED))


# The dashboard lists the first few of each list that grows with the data, with the total and a
# way to the rest: the page stays small however many teams or people are waiting.
DASHBOARD_LIST_SIZE = 10


@dataclass
class FirstFew:
    """The first rows of a longer list, and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)

    def __bool__(self):
        return bool(self.total)

    def __iter__(self):
        return iter(self.rows)


def first_few(rows: QuerySet, size: int = DASHBOARD_LIST_SIZE) -> FirstFew:
    """One query, short list or long: the total comes with the rows (COUNT(*) OVER (), which the
    database computes before the LIMIT)."""
    found = list(rows.annotate(total_rows=Window(Count("pk")))[:size])
    return FirstFew(found, found[0].total_rows if found else 0)


def teams_short_first_few(*, cycle: Cycle) -> FirstFew:
    """The first few teams short of facilitators, and how many there are: the same for everyone."""
    return first_few(teams_short_of_facilitators(cycle=cycle))


def my_memberships(*, user: User) -> list[Membership]:
    """My teams, each with `facilitator_role`: my offer or role in it, if any (two queries)."""
    memberships = list(
        user.memberships.select_related("team__area", "team__cycle").order_by(
            "team__area__name", "team__title"
        )
    )
    roles = user.facilitator_roles.filter(
        status__in=[FacilitatorStatus.VOLUNTEERED, FacilitatorStatus.CONFIRMED]
    )
    roles_by_team = {role.team_id: role for role in roles}
    for membership in memberships:
        membership.facilitator_role = role = roles_by_team.get(membership.team_id)
        if role is not None:
            role.team = membership.team
    return memberships


def carry_over_questions(*, user: User) -> list[IssueTeam]:
    """The current year's groups that carry on a group `user` was in, which they are not in and
    have not answered about yet (one query): the dashboard asks once whether to join each."""
    return list(
        IssueTeam.objects.filter(cycle__is_current=True, carried_from__memberships__user=user)
        .exclude(memberships__user=user)
        .exclude(carry_over_answers__user=user)
        .select_related("area", "cycle")
        .distinct()
        .order_by("pk")
    )


def volunteers_pending() -> QuerySet[FacilitatorRole]:
    """Facilitator offers waiting for the secretariat, oldest first."""
    return (
        FacilitatorRole.objects.filter(status=FacilitatorStatus.VOLUNTEERED)
        .select_related("user", "team__area", "team__cycle")
        .order_by("volunteered_at", "id")
    )


@dataclass
class SecretariatQueues:
    """The oldest few of each of the secretariat's queues, with the totals: a bounded number of
    queries and rows, whatever the number of people waiting."""

    role_claims: FirstFew
    volunteers: FirstFew


def secretariat_queues() -> SecretariatQueues:
    return SecretariatQueues(
        role_claims=first_few(role_claims_pending()), volunteers=first_few(volunteers_pending())
    )


def confirmed_facilitator_teams(*, user: User) -> list[IssueTeam]:
    return list(
        IssueTeam.objects.filter(
            facilitator_roles__user=user, facilitator_roles__status=FacilitatorStatus.CONFIRMED
        ).select_related("area")
    )


# At most this many members are named back to one choosing a member (suggestions, or the names an
# ambiguous entry matches): a group of thousands is never listed.
MEMBER_MATCHES_MAX = 10


def members_named(*, team_id: int, text: str, limit: int = MEMBER_MATCHES_MAX) -> list[User]:
    """The group's members whose chosen name holds `text` (case-insensitive), by name: at most
    `limit` + 1, so that the caller knows there are more. The name only: an address is never
    matched in part (the names go back to the reader, the addresses must not)."""
    text = text.strip()
    if not text:
        return []
    people = (
        User.objects.filter(memberships__team_id=team_id, display_name__icontains=text)
        .only("display_name", "email")
        .order_by(Lower("display_name"), "pk")
    )
    return list(people[: limit + 1])


def member_by_email(*, team_id: int, email: str) -> User | None:
    """The group's member with this address, whatever its case; None for anyone else."""
    return (
        User.objects.filter(memberships__team_id=team_id, email__iexact=email.strip())
        .only("display_name", "email")
        .first()
    )


def members_called(*, team_id: int, name: str) -> list[User]:
    """The group's members whose chosen name is `name`, whatever its case (two at most: enough to
    know whether it names one)."""
    people = User.objects.filter(memberships__team_id=team_id, display_name__iexact=name.strip())
    return list(people.only("display_name", "email").order_by("pk")[:2])
