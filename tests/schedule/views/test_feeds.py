"""Calendar feeds: the public milestones, a person's private feed of their teams' milestones and
their meetings, and resetting its address."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from schedule.models import CalendarFeed
from schedule.selectors import feeds
from schedule.selectors.feeds import FEED_DAYS_BACK, FEED_MAX_MEETINGS, FEED_MAX_MILESTONES
from schedule.services import meetings, polls
from schedule.services.milestones import milestone_update
from tests.conftest import BASE_NOW as NOW
from tests.factories import MembershipFactory, MilestoneFactory

pytestmark = pytest.mark.usefixtures("now")


def test_public_page_and_feed_list_only_public_published_milestones(client, cycle):
    MilestoneFactory(cycle=cycle, title="Open deadline")
    MilestoneFactory(cycle=cycle, title="Internal deadline", is_public=False)
    MilestoneFactory(cycle=cycle, title="Draft deadline", status="draft")
    page = client.get(reverse("schedule:public")).content.decode()
    assert "Open deadline" in page and "Internal deadline" not in page and "Draft deadline" not in page

    calendar = Calendar.from_ical(client.get(reverse("schedule:public_feed")).content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Deadline: Open deadline"]


def test_feed_events_keep_their_uid_and_raise_sequence_on_change(
    client, secretariat, cycle, django_capture_on_commit_callbacks
):
    due = (NOW + timedelta(days=150)).replace(hour=13, minute=0)
    milestone = MilestoneFactory(cycle=cycle, title="Wrap-up", due_at=due)
    first = Calendar.from_ical(client.get(reverse("schedule:public_feed")).content).walk("VEVENT")[0]
    with django_capture_on_commit_callbacks(execute=True):  # the change bumps the feed's version
        milestone_update(actor=secretariat, milestone=milestone, teams=[], due_at=due + timedelta(days=3))
    second = Calendar.from_ical(client.get(reverse("schedule:public_feed")).content).walk("VEVENT")[0]

    assert str(first["uid"]) == str(second["uid"]) == f"milestone-{milestone.pk}@testserver"
    assert second["sequence"] > first["sequence"]
    assert second["dtstart"].dt == due + timedelta(days=3)
    assert second["dtstamp"]


def test_private_feed_follows_my_teams_and_a_reset_token_is_dead(client, team, other_team, community):
    MembershipFactory(team=team, user=community)
    MilestoneFactory(cycle=team.cycle, all_teams=False, title="Mine").teams.set([team])
    MilestoneFactory(cycle=team.cycle, all_teams=False, title="Not mine").teams.set([other_team])
    client.force_login(community)
    client.get(reverse("schedule:calendar"))
    old_token = CalendarFeed.objects.get(user=community).token
    client.logout()

    feed = Calendar.from_ical(client.get(reverse("schedule:private_feed", args=[old_token])).content)
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == ["Deadline: Mine"]

    client.force_login(community)
    client.post(reverse("schedule:calendar"))
    client.logout()
    gone = client.get(reverse("schedule:private_feed", args=[old_token]))
    assert gone.status_code == 404 and community.email not in gone.content.decode()
    assert client.get(reverse("schedule:private_feed", args=["mistyped"])).status_code == 404
    new_token = CalendarFeed.objects.get(user=community).token
    assert client.get(reverse("schedule:private_feed", args=[new_token])).status_code == 200


def test_private_feed_carries_my_meetings(client, team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=2)],
    )
    meeting = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    feed = CalendarFeed.objects.create(user=facilitator)
    calendar = Calendar.from_ical(client.get(reverse("schedule:private_feed", args=[feed.token])).content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"meeting-{meeting.uid}@testserver" and event["dtstart"].dt == meeting.start


def _etag_and_events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    summaries = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    return response["ETag"], summaries


@pytest.mark.parametrize("private", [False, True])
def test_a_calendar_app_asking_again_gets_304_until_something_changes(
    client, secretariat, team, community, private, django_capture_on_commit_callbacks
):
    MembershipFactory(team=team, user=community)
    milestone = MilestoneFactory(cycle=team.cycle, title="Report due", due_at=NOW + timedelta(days=20))
    url = (
        reverse("schedule:private_feed", args=[CalendarFeed.objects.create(user=community).token])
        if private
        else reverse("schedule:public_feed")
    )
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert ("private" if private else "public") in first["Cache-Control"]
    assert "max-age" in first["Cache-Control"]

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304

    with django_capture_on_commit_callbacks(execute=True):
        milestone_update(actor=secretariat, milestone=milestone, teams=[], title="Report due soon")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert b"Report due soon" in changed.content


def test_a_new_meeting_changes_the_private_feed(
    client, team, facilitator, django_capture_on_commit_callbacks
):
    url = reverse("schedule:private_feed", args=[CalendarFeed.objects.create(user=facilitator).token])
    etag, events = _etag_and_events(client, url)
    assert events == []
    with django_capture_on_commit_callbacks(execute=True):
        poll = polls.poll_create(
            actor=facilitator,
            team=team,
            title="Kick-off call",
            deadline=NOW + timedelta(days=1),
            slots=[NOW + timedelta(days=2)],
        )
        meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    new_etag, events = _etag_and_events(client, url)
    assert new_etag != etag and events == ["Kick-off call"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_reset_address_no_longer_gets_the_cached_feed(client, team, community):
    MembershipFactory(team=team, user=community)
    MilestoneFactory(cycle=team.cycle, all_teams=False, title="Team only").teams.set([team])
    old_token = CalendarFeed.objects.create(user=community).token
    old_url = reverse("schedule:private_feed", args=[old_token])
    old_etag, events = _etag_and_events(client, old_url)  # now cached
    assert events == ["Deadline: Team only"]

    client.force_login(community)
    client.post(reverse("schedule:calendar"))
    client.logout()

    for headers in ({}, {"HTTP_IF_NONE_MATCH": old_etag}):
        gone = client.get(old_url, **headers)
        assert gone.status_code == 404 and b"Team only" not in gone.content
    new_url = reverse("schedule:private_feed", args=[CalendarFeed.objects.get(user=community).token])
    new_etag, events = _etag_and_events(client, new_url)
    assert new_etag != old_etag and events == ["Deadline: Team only"]

    community.is_active = False
    community.save()
    assert client.get(new_url).status_code == 404


def test_one_persons_cached_feed_is_never_served_to_another(client, team, other_team, community, mag):
    MembershipFactory(team=team, user=community)
    MembershipFactory(team=other_team, user=mag)
    MilestoneFactory(cycle=team.cycle, all_teams=False, title="Community's").teams.set([team])
    MilestoneFactory(cycle=team.cycle, all_teams=False, title="Mag's").teams.set([other_team])
    urls = {
        person: reverse("schedule:private_feed", args=[CalendarFeed.objects.create(user=person).token])
        for person in (community, mag)
    }
    for _round in range(2):  # built, then from the cache
        community_etag, community_events = _etag_and_events(client, urls[community])
        mag_etag, mag_events = _etag_and_events(client, urls[mag])
        assert community_events == ["Deadline: Community's"] and mag_events == ["Deadline: Mag's"]
        assert community_etag != mag_etag
    # One person's ETag opens nothing of the other's.
    assert client.get(urls[mag], HTTP_IF_NONE_MATCH=community_etag).status_code == 200


def test_feeds_start_a_few_months_back_and_say_so(client, cycle):
    MilestoneFactory(cycle=cycle, title="Long past", due_at=NOW - timedelta(days=FEED_DAYS_BACK + 2))
    MilestoneFactory(cycle=cycle, title="Recent", due_at=NOW - timedelta(days=FEED_DAYS_BACK - 2))
    calendar = Calendar.from_ical(client.get(reverse("schedule:public_feed")).content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Deadline: Recent"]
    start = (NOW - timedelta(days=FEED_DAYS_BACK)).date().isoformat()
    assert (
        f"Events from {start} (UTC) onwards, at most {FEED_MAX_MILESTONES} milestones and "
        f"{FEED_MAX_MEETINGS} meetings"
    ) in str(calendar["X-WR-CALDESC"])


def test_a_feed_holds_at_most_its_number_of_events_the_soonest_first(client, cycle, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_MAX_MILESTONES", 3)
    for days in (9, 2, 5, 7, 1):
        MilestoneFactory(cycle=cycle, title=f"In {days} days", due_at=NOW + timedelta(days=days))
    calendar = Calendar.from_ical(client.get(reverse("schedule:public_feed")).content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [
        "Deadline: In 1 days",
        "Deadline: In 2 days",
        "Deadline: In 5 days",
    ]


def test_feed_size_stays_within_its_window(client, cycle):
    MilestoneFactory(cycle=cycle, title="Current", due_at=NOW + timedelta(days=3))
    before = len(client.get(reverse("schedule:public_feed")).content)
    for i in range(30):
        MilestoneFactory(cycle=cycle, title=f"Old {i}", due_at=NOW - timedelta(days=FEED_DAYS_BACK + 1 + i))
    cache.clear()  # no commit ran in this test's transaction: rebuild as a new version would
    assert len(client.get(reverse("schedule:public_feed")).content) == before
