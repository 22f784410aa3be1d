"""Which outside events a window overlaps (the programme's clash check), and a calendar's upcoming
events by day in the reader's zone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from schedule.models import OutsideCalendar
from schedule.selectors.outside import outside_events_between, upcoming_events_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def nri(now):
    calendar = OutsideCalendar.objects.create(name="NRI events")

    def add(summary, start, hours=2, **fields):
        return calendar.events.create(
            uid=f"{summary}@x",
            summary=summary,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            **fields,
        )

    calendar.add = add
    return calendar


def _summaries(events):
    return [event.summary for event in events]


def test_events_overlapping_the_window_with_their_calendar(nri, now):
    nri.add("before", now - timedelta(hours=3))  # ends an hour before the window
    nri.add("touching", now - timedelta(hours=2))  # ends as it starts: no clash
    nri.add("overlapping start", now - timedelta(hours=1))
    nri.add("inside", now + timedelta(minutes=30), hours=0)  # no length, inside
    nri.add("overlapping end", now + timedelta(hours=3))
    nri.add("after", now + timedelta(hours=4))  # starts as the window ends
    nri.add("spanning", now - timedelta(days=1), hours=72)
    events = outside_events_between(now, now + timedelta(hours=4))
    assert _summaries(events) == ["spanning", "overlapping start", "inside", "overlapping end"]
    assert events[0].calendar.name == "NRI events"


def test_an_inactive_calendar_clashes_with_nothing(nri, now):
    nri.add("forum", now)
    OutsideCalendar.objects.filter(pk=nri.pk).update(is_active=False)
    assert outside_events_between(now, now + timedelta(hours=1)) == []


def test_upcoming_events_by_day_in_the_reader_s_zone(nri, now):
    nri.add("ended", now - timedelta(days=1))
    late = nri.add("late evening UTC", now.replace(hour=23, minute=0) + timedelta(days=2))
    nri.add("all day", (now + timedelta(days=3)).replace(hour=0, minute=0), hours=24, all_day=True)
    with timezone.override("Asia/Tokyo"):
        page, days = upcoming_events_page(calendar=nri, page_number=None)
    # 23:00 UTC is the next morning in Tokyo: the same day as the all-day event, which comes first.
    assert [[event.summary for event in day.events] for day in days] == [["all day", "late evening UTC"]]
    assert days[0].day == (late.starts_at + timedelta(hours=9)).date() == (now + timedelta(days=3)).date()
    with timezone.override("UTC"):
        page, days = upcoming_events_page(calendar=nri, page_number=None)
    assert [[event.summary for event in day.events] for day in days] == [["late evening UTC"], ["all day"]]
    assert page.paginator.count == 2


def test_an_all_day_event_after_a_late_one_the_day_before_in_a_zone_west_of_utc(nri, now):
    nri.add("evening in New York", (now + timedelta(days=3)).replace(hour=2, minute=0))
    nri.add("all day", (now + timedelta(days=3)).replace(hour=0, minute=0), hours=24, all_day=True)
    with timezone.override("America/New_York"):
        _page, days = upcoming_events_page(calendar=nri, page_number=None)
    assert [[event.summary for event in day.events] for day in days] == [["evening in New York"], ["all day"]]
    assert days[0].day < days[1].day
