"""busy_intervals: each person's busy times in a window, merged, in one query."""

from datetime import timedelta

import pytest

from schedule.models import BusyCalendar, BusyTime
from schedule.selectors.busy import busy_calendars_of, busy_intervals
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _busy(cal, start, end):
    BusyTime.objects.create(calendar=cal, user=cal.user, starts_at=start, ends_at=end)


def test_intervals_are_merged_per_person_within_the_window(django_assert_num_queries, now):
    ann, bob, cid = UserFactory(), UserFactory(), UserFactory()
    work = BusyCalendar.objects.create(user=ann)
    home = BusyCalendar.objects.create(user=ann, url="https://example.org/me.ics")
    bobs = BusyCalendar.objects.create(user=bob)
    h = timedelta(hours=1)
    _busy(work, now + 1 * h, now + 3 * h)
    _busy(home, now + 2 * h, now + 4 * h)  # overlaps, across calendars
    _busy(work, now + 4 * h, now + 5 * h)  # touches
    _busy(work, now + 2 * h, now + 2.5 * h)  # inside
    _busy(home, now + 7 * h, now + 8 * h)
    _busy(work, now - 5 * h, now - 4 * h)  # before the window
    _busy(work, now + 30 * h, now + 31 * h)  # after it
    _busy(bobs, now + 6 * h, now + 9 * h)
    with django_assert_num_queries(1):
        result = busy_intervals([ann.pk, bob.pk, cid.pk], now, now + 24 * h)
    assert result == {
        ann.pk: [(now + 1 * h, now + 5 * h), (now + 7 * h, now + 8 * h)],
        bob.pk: [(now + 6 * h, now + 9 * h)],
    }


def test_an_interval_across_the_window_edge_counts(now):
    ann = UserFactory()
    cal = BusyCalendar.objects.create(user=ann)
    _busy(cal, now - timedelta(hours=1), now + timedelta(hours=1))
    assert busy_intervals([ann.pk], now, now + timedelta(hours=5)) == {
        ann.pk: [(now - timedelta(hours=1), now + timedelta(hours=1))]
    }
    assert busy_intervals([], now, now + timedelta(hours=5)) == {}


def test_the_page_counts_the_next_eight_weeks(django_assert_num_queries, now):
    ann = UserFactory()
    cal = BusyCalendar.objects.create(user=ann)
    _busy(cal, now + timedelta(days=1), now + timedelta(days=1, hours=1))
    _busy(cal, now + timedelta(weeks=9), now + timedelta(weeks=9, hours=1))
    BusyCalendar.objects.create(user=UserFactory())
    with django_assert_num_queries(1):
        (mine,) = busy_calendars_of(user=ann)
    assert mine.upcoming == 1
