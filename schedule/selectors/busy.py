"""Reads of people's busy times: for the person's own page, and for pre-filling availability polls
(never shown to anybody else)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User

from ..models.busy import BusyCalendar, BusyTime

# What the person's page counts: "N busy times in the next 8 weeks".
SUMMARY_WEEKS = 8


def busy_intervals(user_ids, start: datetime, end: datetime) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each person's busy intervals overlapping [start, end), overlapping and touching ones merged
    (across their calendars), sorted; a person with none is absent. One query."""
    rows = (
        BusyTime.objects.filter(user_id__in=list(user_ids), starts_at__lt=end, ends_at__gt=start)
        .order_by("user_id", "starts_at", "ends_at")
        .values_list("user_id", "starts_at", "ends_at")
    )
    merged: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for user_id, starts_at, ends_at in rows:
        intervals = merged[user_id]
        if intervals and starts_at <= intervals[-1][1]:
            if ends_at > intervals[-1][1]:
                intervals[-1] = (intervals[-1][0], ends_at)
        else:
            intervals.append((starts_at, ends_at))
    return dict(merged)


def busy_calendars_of(*, user: User, now: datetime | None = None) -> list[BusyCalendar]:
    """The person's calendars, each with `upcoming` (its busy times in the next SUMMARY_WEEKS
    weeks): one query."""
    now = now or timezone.now()
    soon = Q(times__ends_at__gt=now, times__starts_at__lt=now + timedelta(weeks=SUMMARY_WEEKS))
    return list(
        BusyCalendar.objects.filter(user=user)
        .annotate(upcoming=Count("times", filter=soon))
        .order_by("created_at", "pk")
    )


def busy_calendar_get(*, user: User, pk: int) -> BusyCalendar:
    """One of the reader's own calendars; anybody else's is not found (404), whoever asks."""
    return get_object_or_404(BusyCalendar, pk=pk, user=user)
