"""Calendar feeds: the public milestones, a person's private feed of their teams' milestones and
their meetings, and resetting its address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from schedule.models import CalendarFeed
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


def test_feed_events_keep_their_uid_and_raise_sequence_on_change(client, secretariat, cycle):
    due = (NOW + timedelta(days=150)).replace(hour=13, minute=0)
    milestone = MilestoneFactory(cycle=cycle, title="Wrap-up", due_at=due)
    first = Calendar.from_ical(client.get(reverse("schedule:public_feed")).content).walk("VEVENT")[0]
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
