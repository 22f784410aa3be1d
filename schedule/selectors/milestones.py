"""Reads of the year's milestones and the teams' deliverables, each in a fixed number of queries."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language, gettext

from accounts.models import User
from common.fragments import versioned_value
from teams.enums import ALL_TEAMS_KINDS
from teams.models import IssueTeam
from teams.selectors import current_cycle

from ..enums import DONE_STATUSES, DeliverableStatus, MilestoneStatus
from ..models import CalendarFeed, Deliverable, Milestone


def _with_scope(milestones: QuerySet[Milestone]) -> QuerySet[Milestone]:
    return milestones.prefetch_related(Prefetch("teams", queryset=IssueTeam.objects.select_related("area")))


def _my_team_ids(user: User) -> set[int]:
    return set(user.memberships.values_list("team_id", flat=True)) if user.is_authenticated else set()


def _concerns(milestone: Milestone, team_ids: set[int]) -> bool:
    return milestone.all_teams or any(t.pk in team_ids for t in milestone.teams.all())


# A page of the timeline: about 15 KB of HTML, whatever the number of milestones.
MILESTONES_PER_PAGE = 40
# A scoped milestone names this many of its teams, then "and N more" (its page names them all).
TEAMS_NAMED = 3


@dataclass
class Timeline:
    """One page of milestones, upcoming ones (soonest first) before past ones (latest first)."""

    page: Page
    upcoming: list[Milestone]
    past: list[Milestone]


def _upcoming_first(milestones: QuerySet[Milestone], now) -> QuerySet[Milestone]:
    """Upcoming milestones soonest first, then past ones latest first: one order, so that a page
    is one slice of it and the first page is what comes next."""
    past_last = Case(When(due_at__lte=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    return milestones.annotate(past_last=past_last).order_by(
        "past_last", Case(When(due_at__gt=now, then="due_at")).asc(), F("due_at").desc(), "id"
    )


def _timeline_page(milestones: QuerySet[Milestone], page_number, team_ids: set[int]) -> Timeline:
    """The page asked for (a bad or out-of-range number gives the first or last page), with each
    milestone's teams (at most TEAMS_NAMED named) and `is_mine`: three queries."""
    now = timezone.now()
    page = Paginator(_upcoming_first(milestones, now), MILESTONES_PER_PAGE).get_page(page_number)
    shown = list(page.object_list)
    prefetch_related_objects(shown, Prefetch("teams", queryset=IssueTeam.objects.select_related("area")))
    upcoming, past = [], []
    for milestone in shown:
        teams = list(milestone.teams.all())
        milestone.teams_named = teams[:TEAMS_NAMED]
        milestone.teams_more = len(teams) - len(milestone.teams_named)
        milestone.is_mine = _concerns(milestone, team_ids)
        (past if milestone.due_at <= now else upcoming).append(milestone)
    return Timeline(page=page, upcoming=upcoming, past=past)


def my_team_ids(user: User) -> frozenset[int]:
    """The teams whose milestones are marked "my teams" for this person (one query)."""
    return frozenset(_my_team_ids(user))


def timeline_for(*, user: User, cycle_id: int, team_ids: frozenset[int], page_number=None) -> Timeline:
    """A page of the cycle's published milestones (drafts too for the secretariat), each with
    `is_mine` (concerns one of `team_ids`)."""
    milestones = Milestone.objects.filter(cycle_id=cycle_id)
    if not user.is_secretariat:
        milestones = milestones.filter(status=MilestoneStatus.PUBLISHED)
    return _timeline_page(milestones, page_number, team_ids)


def public_milestones(*, cycle_id: int, page_number=None) -> Timeline:
    """A page of the milestones on the public timeline."""
    return _timeline_page(_public(cycle_id), page_number, set())


def _public(cycle_id: int) -> QuerySet[Milestone]:
    return Milestone.objects.filter(cycle_id=cycle_id, status=MilestoneStatus.PUBLISHED, is_public=True)


@dataclass(frozen=True)
class CycleMilestones:
    """What the milestone pages need to pick a page: the same for everyone until a milestone or a
    team changes, so the pages keep it in the cache by the milestones' and teams' version."""

    cycle_id: int
    cycle_name: str
    milestones: int  # drafts included: what the secretariat pages through
    published: int
    public: int
    # When each deadline asking for deliverables is due (POSIX seconds, in date order): how many
    # have passed, and so which deliverables are late, is known without a query at any moment.
    deadlines_due: tuple[float, ...]
    teams: int


def cycle_milestones() -> CycleMilestones | None:
    """The current cycle's counts (four queries), None when no cycle is open."""
    cycle = current_cycle()
    if cycle is None:
        return None
    published = Q(status=MilestoneStatus.PUBLISHED)
    counts = Milestone.objects.filter(cycle=cycle).aggregate(
        milestones=Count("id"),
        published=Count("id", filter=published),
        public=Count("id", filter=published & Q(is_public=True)),
    )
    return CycleMilestones(
        cycle_id=cycle.pk,
        cycle_name=cycle.name,
        deadlines_due=tuple(due.timestamp() for due in _deadlines(cycle.pk).values_list("due_at", flat=True)),
        teams=IssueTeam.objects.filter(cycle=cycle).count(),
        **counts,
    )


def page_number(count: int, per_page: int, asked) -> int:
    """The page a list of `count` things shows for `asked`: the first for junk, the last for a
    number past the end (no query: cached pages are keyed by it)."""
    return Paginator(range(count), per_page).get_page(asked).number


def due_next_for(*, user: User, limit: int = 8) -> list[Milestone]:
    """The next published milestones that concern my teams, each with `my_deliverables`. The
    database picks the first `limit` (ORDER BY due_at LIMIT on milestone_status_due_idx), so this
    reads `limit` milestones and their deliverables for my teams, however many there are: three
    queries."""
    my_teams = (
        IssueTeam.objects.filter(memberships__user=user)
        if user.is_authenticated
        else IssueTeam.objects.none()
    )
    # The cycles of my teams first (a handful of ids): someone in no team is answered at once,
    # rather than by a walk over every coming milestone that finds none of theirs.
    mine = set(my_teams.order_by().values_list("cycle_id", "kind").distinct())
    my_cycles = {cycle_id for cycle_id, _kind in mine}
    if not my_cycles:
        return []
    # "For all teams": the cycles where I am in an issue team (ALL_TEAMS_KINDS).
    all_teams_cycles = {cycle_id for cycle_id, kind in mine if kind in ALL_TEAMS_KINDS}
    concerns_my_teams = Q(all_teams=True, cycle__in=all_teams_cycles) | Exists(
        Milestone.teams.through.objects.filter(milestone_id=OuterRef("pk"), issueteam__in=my_teams)
    )
    return list(
        Milestone.objects.filter(
            concerns_my_teams,
            status=MilestoneStatus.PUBLISHED,
            due_at__gt=timezone.now(),
            cycle__in=my_cycles,
        )
        .order_by("due_at", "id")
        .prefetch_related(
            Prefetch(
                "deliverables",
                queryset=Deliverable.objects.filter(team__in=my_teams).select_related("team__area"),
                to_attr="my_deliverables",
            )
        )[:limit]
    )


def milestone_get(*, pk: int, user: User) -> Milestone:
    milestones = Milestone.objects.select_related("cycle")
    if not user.is_authenticated or not user.is_secretariat:
        milestones = milestones.filter(status=MilestoneStatus.PUBLISHED)
    return get_object_or_404(milestones, pk=pk)


def milestone_deliverables(*, milestone: Milestone) -> list[Deliverable]:
    return list(
        milestone.deliverables.select_related("team__area").order_by("team__area__name", "team__title")
    )


# A page of the matrix: 10 deadlines × 30 teams, about 25 KB of HTML whatever the year's size.
DEADLINES_PER_PAGE = 10
TEAMS_PER_PAGE = 30
# How a deliverable's status looks in the matrix: a badge's colour class.
_STATUS_CLASS = {
    DeliverableStatus.NOT_STARTED: "",
    DeliverableStatus.IN_PROGRESS: "warn",
    DeliverableStatus.SUBMITTED: "ok",
    DeliverableStatus.ACCEPTED: "ok",
}


@dataclass(frozen=True)
class MatrixPages:
    """Which page of deadlines and of teams the matrix shows, and how many of the cycle's
    deadlines have passed (what makes a deliverable late): what a cached matrix is keyed by."""

    deadlines: int
    teams: int
    deadlines_past: int


@dataclass
class Matrix:
    """Teams (rows) × deadlines asking for deliverables (columns, in date order). A cell is
    (deliverable pk or None when the team is not asked, badge class, status in words)."""

    deadlines: Page  # of numbers: where this page is among the deadlines, for the links
    teams: Page
    milestones: list[Milestone]
    rows: list[tuple[IssueTeam, list[tuple[int | None, str, str]]]]


def _deadlines(cycle_id: int) -> QuerySet[Milestone]:
    return Milestone.objects.filter(
        cycle_id=cycle_id, requires_deliverable=True, status=MilestoneStatus.PUBLISHED
    ).order_by("due_at", "id")


def matrix_pages(*, facts: CycleMilestones, deadlines_page=None, teams_page=None) -> MatrixPages:
    """The pages asked for, made sane (no query). Without a deadlines page, the one with the next
    deadline: what the secretariat follows now."""
    past = bisect.bisect_right(facts.deadlines_due, timezone.now().timestamp())
    if deadlines_page in (None, ""):
        deadlines_page = past // DEADLINES_PER_PAGE + 1
    return MatrixPages(
        deadlines=page_number(len(facts.deadlines_due), DEADLINES_PER_PAGE, deadlines_page),
        teams=page_number(facts.teams, TEAMS_PER_PAGE, teams_page),
        deadlines_past=past,
    )


def _cell_labels() -> dict[tuple[str, bool], tuple[str, str]]:
    """(status, late) → (badge class, words): each translated once, not once per cell."""
    late = gettext("Late")
    labels = {}
    for status in DeliverableStatus:
        words = str(status.label)
        labels[(status.value, False)] = (_STATUS_CLASS[status], words)
        labels[(status.value, True)] = ("bad", f"{late}: {words.lower()}")
    return labels


def _slice(queryset: QuerySet, page: Page) -> list:
    start = (page.number - 1) * page.paginator.per_page
    return list(queryset[start : start + page.paginator.per_page])


def deliverable_matrix(*, facts: CycleMilestones, pages: MatrixPages) -> Matrix:
    """One page of teams × one page of deadlines, each cell's status precomputed (three queries:
    the deadlines, the teams, the cells' deliverables as plain values; the counts are `facts`)."""
    deadlines = Paginator(range(len(facts.deadlines_due)), DEADLINES_PER_PAGE).page(pages.deadlines)
    teams = Paginator(range(facts.teams), TEAMS_PER_PAGE).page(pages.teams)
    milestones = _slice(_deadlines(facts.cycle_id), deadlines)
    team_rows = _slice(
        IssueTeam.objects.filter(cycle_id=facts.cycle_id)
        .select_related("area", "cycle")
        .order_by("area__name", "title", "id"),
        teams,
    )
    now = timezone.now()
    past = {m.pk for m in milestones if m.due_at <= now}
    labels = _cell_labels()
    cells = {
        (team_id, milestone_id): (pk, *labels[(status, milestone_id in past and status not in DONE_STATUSES)])
        for pk, team_id, milestone_id, status in Deliverable.objects.filter(
            milestone__in=milestones, team__in=team_rows
        ).values_list("pk", "team_id", "milestone_id", "status")
    }
    not_asked = (None, "", gettext("not asked"))
    return Matrix(
        deadlines=deadlines,
        teams=teams,
        milestones=milestones,
        rows=[(team, [cells.get((team.pk, m.pk), not_asked) for m in milestones]) for team in team_rows],
    )


# How long a deliverable read for its page may sit unread (a new version makes it unreachable anyway).
DELIVERABLE_SECONDS = 3600


def deliverable_get(*, pk: int) -> Deliverable:
    """The deliverable with its milestone and team: what its page, its permissions and its services
    read (no team's cycle). Kept in the cache under the versions of milestones (which a deliverable's
    save moves) and teams: its page is read far more often than it changes."""
    return versioned_value(
        f"deliverable:{pk}",
        ("milestones", "teams"),
        lambda: get_object_or_404(Deliverable.objects.select_related("milestone", "team__area"), pk=pk),
        timeout=DELIVERABLE_SECONDS,
    )


def deliverable_form_key(*, deliverable: Deliverable) -> str:
    """What the deliverable's unbound form (its status, link and note as they are) varies by besides
    the "milestones" version (which moves when the deliverable is saved): the deliverable and the
    language of its labels."""
    return f"deliverable-form:{deliverable.pk}:{get_language()}"


def public_feed_milestones(*, since: datetime, limit: int) -> list[Milestone]:
    """The current cycle's public milestones due from `since` on, the `limit` soonest (a feed does
    not grow forever)."""
    return list(
        Milestone.objects.filter(
            status=MilestoneStatus.PUBLISHED, is_public=True, cycle__is_current=True, due_at__gte=since
        ).order_by("due_at", "pk")[:limit]
    )


def feed_milestones_for(*, user: User, since: datetime, limit: int) -> list[Milestone]:
    """The milestones of `user`'s groups (and those for all teams, when `user` is in an issue team
    of the year) due from `since` on, the `limit` soonest, in one query."""
    in_all_teams = Exists(
        IssueTeam.objects.filter(cycle=OuterRef("cycle"), kind__in=ALL_TEAMS_KINDS, memberships__user=user)
    )
    mine = Q(Q(all_teams=True), in_all_teams) | Q(
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
