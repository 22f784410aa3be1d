"""What the build page and the resources pages read: a fixed number of queries each, whatever the
size of the programme (one day of it at a time, the other lists a page at a time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.db.models.functions import TruncDate
from django.utils import timezone

from review.models import Entry
from schedule.enums import MeetingStatus
from schedule.models import Meeting

from ..clashes import clashes_by_session
from ..enums import SessionStatus
from ..models import ProgrammeSession, Resource, ResourceBooking
from ..services.build import ACCEPTED_STATUSES

PAGE_SIZE = 20
# A day holds at most this many sessions on the page (a full day of the 2021 programme held 12).
DAY_SESSIONS_MAX = 60
# The day switcher lists at most this many days (the preparatory phase lasts weeks, not years).
DAYS_MAX = 120
RESOURCES_MAX = 200
UPCOMING_MEETINGS_MAX = 100


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass
class Draft:
    days: list[date]
    day: date | None
    sessions: list = field(default_factory=list)
    more: bool = False


def page_number(text) -> int:
    try:
        number = int(text or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 10_000)


def _paged(queryset, number: int) -> Page:
    start = (number - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])
    return Page(rows=rows[:PAGE_SIZE], number=number, has_next=len(rows) > PAGE_SIZE)


def _sessions():
    return ProgrammeSession.objects.select_related("kind", "team__area").prefetch_related(
        "issue_areas",
        Prefetch("bookings", queryset=ResourceBooking.objects.select_related("resource")),
    )


def _with_clashes(sessions: list, clashes: dict) -> list:
    for session in sessions:
        session.clashes = clashes.get(session.pk, [])
    return sessions


def draft_days(cycle, zone: str) -> list[date]:
    """The days (in `zone`) that have a placed or cancelled session."""
    return list(
        ProgrammeSession.objects.filter(cycle=cycle, starts_at__isnull=False)
        .exclude(status=SessionStatus.UNPLACED)
        .annotate(day=TruncDate("starts_at", tzinfo=ZoneInfo(zone)))
        .values_list("day", flat=True)
        .distinct()
        .order_by("day")[:DAYS_MAX]
    )


def draft_day(cycle, zone: str, asked: str | None) -> Draft:
    """One day of the draft in `zone`: the day asked (YYYY-MM-DD), else the first from today, else
    the last one."""
    days = draft_days(cycle, zone)
    if not days:
        return Draft(days=[], day=None)
    try:
        day = date.fromisoformat(asked) if asked else None
    except ValueError:
        day = None
    if day not in days:
        today = timezone.localdate(timezone=ZoneInfo(zone))
        day = next((d for d in days if d >= today), days[-1])
    start = datetime.combine(day, time(), tzinfo=ZoneInfo(zone))
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=ZoneInfo(zone))
    rows = list(
        _sessions()
        .filter(cycle=cycle, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=SessionStatus.UNPLACED)
        .order_by("starts_at", "title", "id")[: DAY_SESSIONS_MAX + 1]
    )
    clashes = clashes_by_session(cycle)
    return Draft(
        days=days,
        day=day,
        sessions=_with_clashes(rows[:DAY_SESSIONS_MAX], clashes),
        more=len(rows) > DAY_SESSIONS_MAX,
    )


def unplaced_sessions(cycle, number: int) -> Page:
    return _paged(
        _sessions().filter(cycle=cycle, status=SessionStatus.UNPLACED).order_by("title", "id"), number
    )


def entries_to_add(cycle, number: int) -> Page:
    """The review's accepted entries that are not in the programme yet."""
    return _paged(
        Entry.objects.filter(round__cycle=cycle, status__in=ACCEPTED_STATUSES, programme_session__isnull=True)
        .select_related("issue_area", "kind", "team__area")
        .order_by("title", "id"),
        number,
    )


def session_for_edit(cycle, pk: int) -> ProgrammeSession | None:
    return _sessions().filter(cycle=cycle, pk=pk).first()


def resources(*, active_only: bool = False) -> list[Resource]:
    queryset = Resource.objects.all()
    if active_only:
        queryset = queryset.filter(is_active=True)
    return list(queryset[:RESOURCES_MAX])


def upcoming_bookings(resource: Resource, number: int) -> Page:
    return _paged(
        resource.bookings.filter(ends_at__gte=timezone.now())
        .select_related("session", "meeting__team__area")
        .order_by("starts_at", "id"),
        number,
    )


def upcoming_meetings() -> list:
    """The meetings a resource may be booked for: scheduled, not over, the soonest first."""
    return list(
        Meeting.objects.filter(status=MeetingStatus.SCHEDULED, end__gte=timezone.now())
        .select_related("team__area")
        .order_by("start", "id")[:UPCOMING_MEETINGS_MAX]
    )
