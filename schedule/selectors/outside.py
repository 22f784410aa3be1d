"""Reads of the outside calendars and their events: a fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from common.timezones import in_zone

from ..models.outside import OutsideCalendar, OutsideEvent

EVENTS_PER_PAGE = 50


def outside_calendars() -> list[OutsideCalendar]:
    """Every outside calendar with `event_count`: one query (there are at most CALENDARS_MAX)."""
    return list(OutsideCalendar.objects.annotate(event_count=Count("events")).order_by("name", "pk"))


def outside_calendar_get(*, pk: int) -> OutsideCalendar:
    return get_object_or_404(OutsideCalendar, pk=pk)


@dataclass
class EventDay:
    day: date
    events: list[OutsideEvent] = field(default_factory=list)


def upcoming_events_page(
    *, calendar: OutsideCalendar, page_number, now: datetime | None = None
) -> tuple[Page, list[EventDay]]:
    """A page of the calendar's events that have not ended, by day in the viewer's zone (an
    all-day event on its own date): two queries (the count and the page)."""
    now = now or timezone.now()
    events = OutsideEvent.objects.filter(calendar=calendar, ends_at__gt=now).order_by("starts_at", "pk")
    page = Paginator(events, EVENTS_PER_PAGE).get_page(page_number)
    zone = timezone.get_current_timezone()
    # An all-day event (midnight UTC) can sort before a late event of the day before in a zone west
    # of UTC: the page's days are sorted, all-day events first within each.
    by_day: dict[date, EventDay] = {}
    for event in page.object_list:
        day = event.starts_at.date() if event.all_day else in_zone(event.starts_at, zone).date()
        by_day.setdefault(day, EventDay(day)).events.append(event)
    days = sorted(by_day.values(), key=lambda group: group.day)
    for group in days:
        group.events.sort(key=lambda event: (not event.all_day, event.starts_at, event.pk))
    return page, days


def outside_events_between(start: datetime, end: datetime) -> list[OutsideEvent]:
    """The events of active outside calendars that overlap [start, end), each with its calendar:
    one query, whatever their number (the programme's clash check asks it for its whole window).
    An event of no length counts when it falls inside the window."""
    overlapping = Q(starts_at__lt=end, ends_at__gt=start) | Q(
        starts_at__gte=start, starts_at__lt=end, ends_at=F("starts_at")
    )
    return list(
        OutsideEvent.objects.filter(overlapping, calendar__is_active=True)
        .select_related("calendar")
        .order_by("starts_at", "pk")
    )
