"""What the public sees of the programme: the current year's sessions as its latest release
published them (`ReleasedSession`: placed ones, and those cancelled after being placed); before the
first release nothing is public, and a change to the draft shows only once it is released.

Every function here asks a fixed number of queries, whatever the number of sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import F, Prefetch, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from proposals.enums import InvitationState, Modality
from proposals.models import Panelist, SessionKind
from teams.models import Cycle, IssueArea, PolicyQuestion
from teams.selectors import current_cycle

from ..models import ProgrammeRelease, ProgrammeSelection, ProgrammeSession, ReleasedSession, ResourceBooking

# One day of a programme holds a few dozen sessions at most (the 2021 preparatory phase: a handful
# a day); the page shows at most this many of one day and says so when there are more.
DAY_MAX_SESSIONS = 200
# The exports and a personal feed: a whole year's programme, ten times the largest one seen.
EXPORT_MAX_SESSIONS = 2_000
# The filter lists: kinds and issue areas that public sessions have.
FILTER_CHOICES_MAX = 100
# The speakers named on a session's page and in the exports, per session.
SPEAKERS_MAX = 50


@dataclass(frozen=True)
class Published:
    """The year whose programme the public sees, and its latest release (None: not published)."""

    cycle: Cycle | None
    release: ProgrammeRelease | None

    @property
    def is_public(self) -> bool:
        return self.release is not None


def published() -> Published:
    """The current year and its latest release: two queries."""
    cycle = current_cycle()
    if cycle is None:
        return Published(None, None)
    release = (
        ProgrammeRelease.objects.filter(cycle=cycle)
        .only("id", "cycle_id", "number", "released_at", "approved_on")
        .order_by("-number")
        .first()
    )
    return Published(cycle, release)


def public_sessions(cycle: Cycle) -> QuerySet[ReleasedSession]:
    """The year's sessions as the latest release published them (no relations loaded)."""
    return ReleasedSession.objects.filter(cycle=cycle)


@dataclass(frozen=True)
class Filters:
    kind: SessionKind | None = None
    area: IssueArea | None = None
    convener: str = ""
    held: str = ""  # "onsite" or "online"; a hybrid session is both
    day: date | None = None

    def apply(self, sessions: QuerySet) -> QuerySet:
        if self.kind is not None:
            sessions = sessions.filter(kind=self.kind)
        if self.area is not None:
            sessions = sessions.filter(issue_areas=self.area)
        if self.convener:
            sessions = sessions.filter(convener=self.convener)
        if self.held:
            sessions = sessions.filter(modality__in=[self.held, Modality.HYBRID])
        return sessions


def filter_kinds(cycle: Cycle) -> list[SessionKind]:
    """The kinds that the year's public sessions have, for the filter."""
    used = public_sessions(cycle).values("kind_id")
    return list(SessionKind.objects.filter(pk__in=used)[:FILTER_CHOICES_MAX])


def filter_areas(cycle: Cycle) -> list[IssueArea]:
    """The issue areas that the year's public sessions cover, for the filter."""
    used = ReleasedSession.issue_areas.through.objects.filter(
        releasedsession__in=public_sessions(cycle)
    ).values("issuearea_id")
    return list(IssueArea.objects.filter(pk__in=used).order_by("name")[:FILTER_CHOICES_MAX])


def day_bounds(day: date, zone) -> tuple[datetime, datetime]:
    """The UTC moments a local day in `zone` starts and ends (23 or 25 hours at a DST change)."""
    start = datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    return start, end


def days_of(sessions: QuerySet, zone) -> list[date]:
    """The local days (in `zone`) that `sessions` start on, in order: one query."""
    return list(
        sessions.annotate(day=TruncDate("starts_at", tzinfo=zone))
        .order_by("day")
        .values_list("day", flat=True)
        .distinct()[: 10 * 366]
    )


def _speakers() -> Prefetch:
    return Prefetch(
        "entry__proposal__panelists",
        queryset=Panelist.objects.filter(invitation=InvitationState.CONFIRMED)
        .only("id", "proposal_id", "name", "role", "position")
        .order_by("position", "id"),
        to_attr="confirmed_speakers",
    )


def with_details(sessions: QuerySet, *, speakers: bool = False) -> QuerySet:
    """Sessions with their kind, issue areas (and policy questions, confirmed speakers): a fixed
    number of queries for any number of sessions."""
    sessions = sessions.select_related("kind").prefetch_related(
        Prefetch("issue_areas", queryset=IssueArea.objects.order_by("name")),
    )
    if speakers:
        sessions = sessions.select_related("entry__proposal").prefetch_related(
            Prefetch(
                "policy_questions", queryset=PolicyQuestion.objects.order_by("area_id", "position", "id")
            ),
            _speakers(),
        )
    return sessions


def speakers_of(session: ProgrammeSession | ReleasedSession) -> list[Panelist]:
    """The confirmed speakers of a session read `with_details(speakers=True)`."""
    entry = session.entry
    proposal = entry.proposal if entry is not None else None
    if proposal is None:
        return []
    return proposal.confirmed_speakers[:SPEAKERS_MAX]


def day_sessions(cycle: Cycle, filters: Filters, day: date, zone) -> list[ReleasedSession]:
    """The public sessions that start on `day` (local to `zone`) and pass the filters: one more
    than DAY_MAX_SESSIONS at most, so the page can say some are left out."""
    start, end = day_bounds(day, zone)
    sessions = filters.apply(public_sessions(cycle)).filter(starts_at__gte=start, starts_at__lt=end)
    return list(with_details(sessions).order_by("starts_at", "title", "pk")[: DAY_MAX_SESSIONS + 1])


def public_session(pk: int) -> ReleasedSession:
    """A session the public may see, with all its page shows; else 404 (a draft is not public)."""
    found = published()
    if not found.is_public:
        raise Http404
    session = with_details(public_sessions(found.cycle).filter(pk=pk), speakers=True).first()
    if session is None:
        raise Http404
    return session


def is_public_session(pk: int) -> bool:
    """Whether the session is on the released programme of the current year (for a POST)."""
    found = published()
    return found.is_public and public_sessions(found.cycle).filter(pk=pk).exists()


def released_sessions(cycle: Cycle, *, kind: SessionKind | None = None, area: IssueArea | None = None):
    """The released programme for an export: every public session with its details."""
    sessions = Filters(kind=kind, area=area).apply(public_sessions(cycle))
    return list(
        with_details(sessions, speakers=True).order_by("starts_at", "title", "pk")[:EXPORT_MAX_SESSIONS]
    )


def draft_sessions(cycle: Cycle) -> list[ProgrammeSession]:
    """Every session of the year's draft, placed or not, with the resources booked for it (the
    secretariat's CSV)."""
    sessions = ProgrammeSession.objects.filter(cycle=cycle).prefetch_related(
        Prefetch(
            "bookings",
            queryset=ResourceBooking.objects.select_related("resource").order_by("starts_at", "id"),
        )
    )
    return list(
        with_details(sessions, speakers=True).order_by(F("starts_at").asc(nulls_last=True), "title", "pk")[
            :EXPORT_MAX_SESSIONS
        ]
    )


def chosen_ids(user, session_ids) -> set[int]:
    """Which of `session_ids` the person added to their schedule: one query."""
    if not user.is_authenticated:
        return set()
    return set(
        ProgrammeSelection.objects.filter(user=user, session_id__in=session_ids).values_list(
            "session_id", flat=True
        )
    )


def my_sessions(user, cycle: Cycle) -> list[ReleasedSession]:
    """The public sessions the person added to their schedule, in time order."""
    sessions = public_sessions(cycle).filter(session__selections__user=user)
    return list(with_details(sessions).order_by("starts_at", "title", "pk")[:EXPORT_MAX_SESSIONS])


def today_in(zone) -> date:
    return timezone.now().astimezone(zone).date()
