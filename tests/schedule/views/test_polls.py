import zoneinfo
from datetime import timedelta

import pytest
from django.urls import reverse

from schedule.models import AvailabilityPoll
from schedule.services import meetings, polls
from tests.conftest import BASE_NOW as NOW
from tests.factories import MembershipFactory

pytestmark = pytest.mark.usefixtures("now")
# The form's dates are days on the creator's calendar in Kolkata, which is a date ahead of UTC
# from 18:30 UTC.
TODAY = NOW.astimezone(zoneinfo.ZoneInfo("Asia/Kolkata")).date()


def _day(days):
    return f"{TODAY + timedelta(days=days):%Y-%m-%d}"


def _url(team):
    return reverse("schedule:poll_create", kwargs={"year": team.cycle.year, "slug": team.slug})


FORM = {
    "title": "First call",
    "duration_minutes": "60",
    "time_zone": "Asia/Kolkata",
    "deadline_local": f"{_day(2)}T12:00",
    "slots": "",
    "dates": f"{_day(4)}, {_day(5)}",
    "times": "07:00, 13:30",
    "guests": "",
}


def test_slots_generated_from_dates_and_times_in_the_creators_zone(client, team, facilitator):
    client.force_login(facilitator)
    client.post(_url(team), FORM)
    poll = AvailabilityPoll.objects.get()
    # 07:00 and 13:30 in Kolkata (UTC+05:30, no DST) on each date.
    assert [f"{s.start:%Y-%m-%d %H:%M}" for s in poll.slots.all()] == [
        f"{_day(4)} 01:30",
        f"{_day(4)} 08:00",
        f"{_day(5)} 01:30",
        f"{_day(5)} 08:00",
    ]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"dates": "", "slots": f"{_day(4)} 10:00\nnext Tuesday"},
            "Line 2: “next Tuesday” is not a date and time",
        ),
        ({"times": ""}, "To generate slots, give both dates and times of day."),
        (
            {"deadline_local": f"{_day(10)}T12:00"},
            "The deadline for answers must come before the first slot.",
        ),
        ({"dates": _day(-1), "times": "10:00"}, "1 slot is in the past."),
        ({"guests": "friend@example.org\nnot an address"}, "“not an address” is not an email address."),
    ],
)
def test_bad_poll_input_is_explained_on_the_form(client, team, facilitator, change, message):
    client.force_login(facilitator)
    page = client.post(_url(team), {**FORM, **change}).content.decode()
    assert message in page
    assert not AvailabilityPoll.objects.exists()


def test_secretariat_launches_polls_for_several_teams_from_one_form(client, team, other_team, secretariat):
    client.force_login(secretariat)
    page = client.post(
        reverse("schedule:polls_launch"), {**FORM, "teams": [team.pk, other_team.pk]}, follow=True
    ).content.decode()
    assert "2 polls are open." in page
    assert set(AvailabilityPoll.objects.values_list("team", flat=True)) == {team.pk, other_team.pk}


def test_comments_are_shown_as_text(client, team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=2)],
    )
    client.force_login(facilitator)
    client.post(
        reverse("schedule:poll_comment", args=[poll.pk]), {"text": "<img src=x onerror=alert(1)> Tuesday?"}
    )
    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt; Tuesday?" in page and "<img src=x" not in page


def test_outsiders_cannot_comment(client, team, facilitator, mag):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=2)],
    )
    client.force_login(mag)
    assert client.post(reverse("schedule:poll_comment", args=[poll.pk]), {"text": "hi"}).status_code == 403
    assert not poll.comments.exists()


def test_dashboard_lists_polls_to_answer_polls_i_run_and_my_meetings(client, team, facilitator, community):
    MembershipFactory(team=team, user=community)
    waiting = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Second call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=2)],
    )
    done = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=3)],
    )
    meetings.meeting_create_from_slot(actor=facilitator, poll=done, slot=done.slots.get())
    polls.vote_submit(invitee=waiting.invitees.get(user=facilitator), answers={waiting.slots.get().pk: "yes"})

    client.force_login(community)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Polls waiting for my answer" in page and "Second call" in page
    assert "My upcoming meetings" in page and "First call</a> (Trust, security and stability)" in page

    client.force_login(facilitator)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Polls I run" in page and "1 of 2 answered (50%)" in page
