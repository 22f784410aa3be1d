from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from schedule import meetings, polls
from schedule.models import AvailabilityPoll, CalendarFeed
from tests.factories import MembershipFactory

NOW = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _url(team):
    return reverse("schedule:poll_create", kwargs={"year": team.cycle.year, "slug": team.area.slug})


FORM = {"title": "First call", "duration_minutes": "60", "time_zone": "Asia/Kolkata",
        "deadline_local": "2027-05-12T12:00", "slots": "", "dates": "2027-05-14, 2027-05-15",
        "times": "07:00, 13:30", "guests": ""}


def test_slots_generated_from_dates_and_times_in_the_creators_zone(client, team, facilitator):
    client.force_login(facilitator)
    client.post(_url(team), FORM)
    poll = AvailabilityPoll.objects.get()
    assert [f"{s.start:%d %H:%M}" for s in poll.slots.all()] == ["14 01:30", "14 08:00", "15 01:30", "15 08:00"]


@pytest.mark.parametrize("change, message", [
    ({"dates": "", "slots": "2027-05-14 10:00\nnext Tuesday"}, "Line 2: “next Tuesday” is not a date and time"),
    ({"times": ""}, "To generate slots, give both dates and times of day."),
    ({"deadline_local": "2027-05-20T12:00"}, "The deadline for answers must come before the first slot."),
    ({"dates": "2027-05-01", "times": "10:00"}, "are in the past"),
    ({"guests": "friend@example.org\nnot an address"}, "“not an address” is not an email address."),
])
def test_bad_poll_input_is_explained_on_the_form(client, team, facilitator, change, message):
    client.force_login(facilitator)
    page = client.post(_url(team), {**FORM, **change}).content.decode()
    assert message in page
    assert not AvailabilityPoll.objects.exists()


def test_secretariat_launches_polls_for_several_teams_from_one_form(client, team, other_team, secretariat):
    client.force_login(secretariat)
    page = client.post(reverse("schedule:polls_launch"), {**FORM, "teams": [team.pk, other_team.pk]},
                       follow=True).content.decode()
    assert "2 polls are open." in page
    assert set(AvailabilityPoll.objects.values_list("team", flat=True)) == {team.pk, other_team.pk}


def test_comments_are_shown_as_text(client, team, facilitator):
    poll = polls.poll_create(actor=facilitator, team=team, title="First call", deadline=NOW + timedelta(days=1),
                             slots=[NOW + timedelta(days=2)])
    client.force_login(facilitator)
    client.post(reverse("schedule:poll_comment", args=[poll.pk]), {"text": "<img src=x onerror=alert(1)> Tuesday?"})
    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt; Tuesday?" in page and "<img src=x" not in page


def test_outsiders_cannot_comment(client, team, facilitator, mag):
    poll = polls.poll_create(actor=facilitator, team=team, title="First call", deadline=NOW + timedelta(days=1),
                             slots=[NOW + timedelta(days=2)])
    client.force_login(mag)
    assert client.post(reverse("schedule:poll_comment", args=[poll.pk]), {"text": "hi"}).status_code == 403
    assert not poll.comments.exists()


def test_dashboard_lists_polls_to_answer_polls_i_run_and_my_meetings(client, team, facilitator, community):
    MembershipFactory(team=team, user=community)
    waiting = polls.poll_create(actor=facilitator, team=team, title="Second call", deadline=NOW + timedelta(days=1),
                                slots=[NOW + timedelta(days=2)])
    done = polls.poll_create(actor=facilitator, team=team, title="First call", deadline=NOW + timedelta(days=1),
                             slots=[NOW + timedelta(days=3)])
    meetings.meeting_create_from_slot(actor=facilitator, poll=done, slot=done.slots.get())
    polls.vote_submit(invitee=waiting.invitees.get(user=facilitator), answers={waiting.slots.get().pk: "yes"})

    client.force_login(community)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Polls waiting for my answer" in page and "Second call" in page
    assert "My upcoming meetings" in page and "First call</a> (Trust, security and stability)" in page

    client.force_login(facilitator)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Polls I run" in page and "1 of 2 answered (50%)" in page


def test_private_feed_carries_my_meetings(client, team, facilitator):
    poll = polls.poll_create(actor=facilitator, team=team, title="First call", deadline=NOW + timedelta(days=1),
                             slots=[NOW + timedelta(days=2)])
    meeting = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    feed = CalendarFeed.objects.create(user=facilitator)
    calendar = Calendar.from_ical(client.get(reverse("schedule:private_feed", args=[feed.token])).content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"meeting-{meeting.uid}@testserver" and event["dtstart"].dt == meeting.start
