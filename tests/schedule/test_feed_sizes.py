"""Both calendar feeds keep their size however much the data grows: they start FEED_DAYS_BACK
days ago and hold at most FEED_MAX_MILESTONES milestones and FEED_MAX_MEETINGS meetings."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from schedule.models import CalendarFeed, Meeting, MeetingAttendee
from schedule.selectors import feeds
from tests.conftest import BASE_NOW as NOW
from tests.factories import MembershipFactory, MilestoneFactory
from tests.support.sizes import assert_html_does_not_grow

pytestmark = pytest.mark.usefixtures("now")


@pytest.fixture
def small_caps(monkeypatch):
    """Caps of a few events, so that a test fills them with a few rows; the code is the same."""
    monkeypatch.setattr(feeds, "FEED_MAX_MILESTONES", 4)
    monkeypatch.setattr(feeds, "FEED_MAX_MEETINGS", 3)


def _milestones(cycle, days, prefix):
    for i, day in enumerate(days):
        MilestoneFactory(cycle=cycle, title=f"{prefix} {i:03d}", due_at=NOW + timedelta(days=day))


def _meetings(team, user, days, prefix):
    for i, day in enumerate(days):
        start = NOW + timedelta(days=day)
        meeting = Meeting.objects.create(
            team=team, title=f"{prefix} {i:03d}", start=start, end=start + timedelta(hours=1), organizer=user
        )
        MeetingAttendee.objects.create(meeting=meeting, user=user)


def _events(client, url):
    return Calendar.from_ical(client.get(url).content).walk("VEVENT")


def test_the_public_feed_does_not_grow_with_the_milestones(client, cycle, small_caps):
    _milestones(cycle, [3, 10, 40, 200], "Soon")
    url = reverse("schedule:public_feed")

    def grow():
        # Another year's worth, before, inside and after the window; the cache is cleared as a
        # new version would (no commit runs in this test's transaction).
        _milestones(cycle, range(-400, 400, 7), "More")
        cache.clear()

    assert_html_does_not_grow(client, url, grow)
    assert len(_events(client, url)) == 4


def test_the_private_feed_does_not_grow_with_milestones_or_meetings(client, team, community, small_caps):
    MembershipFactory(team=team, user=community)
    _milestones(team.cycle, [3, 10, 40, 200], "Soon")
    _meetings(team, community, [1, 8, 30], "Call")
    url = reverse("schedule:private_feed", args=[CalendarFeed.objects.create(user=community).token])

    def grow():
        _milestones(team.cycle, range(-400, 400, 7), "More")
        _meetings(team, community, range(-200, 300, 5), "Meet")
        cache.clear()

    assert_html_does_not_grow(client, url, grow)
    summaries = [str(event["summary"]) for event in _events(client, url)]
    assert len(summaries) == 4 + 3


def test_a_real_igf_year_fits_in_the_feeds(client, team, community):
    """About 30 milestones over the year and a meeting a week: all of the coming year is there."""
    MembershipFactory(team=team, user=community)
    _milestones(team.cycle, range(-feeds.FEED_DAYS_BACK + 1, 365, 12), "Milestone")
    _meetings(team, community, range(-feeds.FEED_DAYS_BACK + 1, 365, 7), "Weekly call")
    url = reverse("schedule:private_feed", args=[CalendarFeed.objects.create(user=community).token])
    events = _events(client, url)
    assert len([e for e in events if "Milestone" in str(e["summary"])]) == len(
        range(-feeds.FEED_DAYS_BACK + 1, 365, 12)
    )
    assert len([e for e in events if "Weekly call" in str(e["summary"])]) == len(
        range(-feeds.FEED_DAYS_BACK + 1, 365, 7)
    )


def test_the_public_feed_does_not_grow_with_public_meetings(client, team, community, small_caps):
    _milestones(team.cycle, [3, 10, 40, 200], "Soon")
    _meetings(team, community, [1, 8, 30], "Open call")
    Meeting.objects.update(is_public=True)
    url = reverse("schedule:public_feed")

    def grow():
        _meetings(team, community, range(-200, 300, 5), "More")
        Meeting.objects.update(is_public=True)
        cache.clear()

    assert_html_does_not_grow(client, url, grow)
    events = _events(client, url)
    assert len(events) == 4 + 3
    assert not [event for event in events if "attendee" in event or "organizer" in event]
