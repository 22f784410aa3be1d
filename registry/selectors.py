"""Reads of the intersessional registry, each a fixed number of queries whatever the number of
entries, areas or checks."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from teams.models import IssueArea

from .models import ActivityCheck, IntersessionalActivity

ACTIVITIES_PER_PAGE = 25
# The secretariat's history of checks on an entry's page: the newest this many.
CHECKS_SHOWN = 20


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    area: IssueArea | None = None
    status: str = ""

    def key(self) -> str:
        """What the filters select, for a cache key."""
        return f"{self.kind}.{self.area.pk if self.area else ''}.{self.status}"


def page_number(asked) -> int:
    """The page asked for, as a number (1 for junk; past the end shows the last page)."""
    try:
        return max(1, min(int(asked), 10_000))
    except (TypeError, ValueError):
        return 1


def _listed() -> QuerySet:
    """Entries with their issue areas (one query for a page) and their latest check's outcome and
    date (`latest_outcome`, `latest_checked_on`), read in the same query as the entries."""
    latest = ActivityCheck.objects.filter(activity=OuterRef("pk")).order_by("-checked_on", "-id")
    return IntersessionalActivity.objects.annotate(
        latest_outcome=Subquery(latest.values("outcome")[:1]),
        latest_checked_on=Subquery(latest.values("checked_on")[:1]),
    ).prefetch_related(Prefetch("areas", queryset=IssueArea.objects.order_by("name")))


def activities_page(*, filters: Filters, page_number) -> Page:
    """A page of the registry, filtered; three queries (the count, the page, its areas)."""
    entries = _listed()
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.area is not None:
        entries = entries.filter(areas=filters.area)
    if filters.status:
        entries = entries.with_status(filters.status)
    return Paginator(entries.order_by("name", "id"), ACTIVITIES_PER_PAGE).get_page(page_number)


def filter_areas() -> QuerySet:
    """The issue areas one can filter by: those some entry works on."""
    return IssueArea.objects.filter(intersessional_activities__isnull=False).distinct().order_by("name")


def activity_get(*, slug: str) -> IntersessionalActivity:
    try:
        return _listed().get(slug=slug)
    except IntersessionalActivity.DoesNotExist:
        raise Http404 from None


def checks_of(activity: IntersessionalActivity) -> list[ActivityCheck]:
    """The newest checks of an entry, with who made them: the secretariat's (one query)."""
    return list(activity.checks.select_related("checked_by").order_by("-checked_on", "-id")[:CHECKS_SHOWN])
