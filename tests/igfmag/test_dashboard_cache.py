"""igfmag/dashboard.py: the dashboard's cached panels stay right for each viewer, change as soon as
what they show changes (on commit), and never show a countdown or a deadline gone by."""

import zoneinfo
from datetime import time, timedelta

import pytest
import time_machine
from django.contrib.auth.signals import user_logged_in
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.services import user_claim_role
from common.templatetags.common import countdown
from common.timezones import in_zone
from common.versions import version_of
from igfmag import dashboard
from igfmag.dashboard import countdown_changes_at
from schedule.services import polls
from tests.conftest import BASE_NOW as NOW
from tests.factories import MembershipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.usefixtures("now")


def _dashboard(client) -> str:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


# Not a whole number of hours away: "in 5 hours" would change at once (the next instant says 4).
def _poll(actor, team, title="Second call", deadline=NOW + timedelta(hours=5, minutes=10)):
    return polls.poll_create(
        actor=actor, team=team, title=title, deadline=deadline, slots=[NOW + timedelta(days=2)]
    )


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/New_York", "Europe/Paris"])
@pytest.mark.parametrize(
    "offset",
    [
        timedelta(minutes=20),
        timedelta(hours=3, minutes=5),
        timedelta(hours=23, minutes=59),
        timedelta(days=1, hours=2),
        timedelta(days=14, minutes=1),
        timedelta(hours=-3),
        timedelta(days=-3, hours=-4),
    ],
)
def test_countdown_changes_at_is_no_later_than_its_words_change(offset, zone):
    """Until the moment it gives, the countdown says what it says now (a panel kept until then shows
    no stale words); it may come early (a midnight within a day of the moment), never late, and at
    most a day on."""
    tz = zoneinfo.ZoneInfo(zone)
    value = NOW + offset
    changes = countdown_changes_at(value, NOW, tz)
    assert NOW < changes <= NOW + timedelta(days=1)

    def words(at):
        with time_machine.travel(at, tick=False), timezone.override(tz):
            return countdown(value)

    before = changes - timedelta(microseconds=1)
    for moment in (NOW, NOW + (before - NOW) / 2, before):
        assert words(moment) == words(NOW)
    # Right after, the words change, or it was a midnight, or the moment itself passed.
    assert (
        words(changes + timedelta(microseconds=1)) != words(NOW)
        or changes == value
        or in_zone(changes, tz).time() == time(0)
    )


def test_a_vote_takes_the_poll_off_my_waiting_list_at_once(
    client, team, facilitator, community, django_capture_on_commit_callbacks
):
    MembershipFactory(team=team, user=community)
    with django_capture_on_commit_callbacks(execute=True):
        poll = _poll(facilitator, team)
    client.force_login(community)
    assert "Polls waiting for my answer" in _dashboard(client)
    assert "Polls waiting for my answer" in _dashboard(client)  # from the cache

    with django_capture_on_commit_callbacks(execute=True):
        polls.vote_submit(invitee=poll.invitees.get(user=community), answers={poll.slots.get().pk: "yes"})
    assert "Polls waiting for my answer" not in _dashboard(client)


def test_the_countdown_moves_on_and_a_deadline_gone_by_leaves_the_page(
    client, team, facilitator, community, django_capture_on_commit_callbacks
):
    MembershipFactory(team=team, user=community)
    with django_capture_on_commit_callbacks(execute=True):
        _poll(facilitator, team, deadline=NOW + timedelta(hours=2, minutes=30))
    client.force_login(community)
    assert "in 2 hours" in _dashboard(client)
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        assert "in 1 hour" in _dashboard(client)
    with time_machine.travel(NOW + timedelta(hours=2, minutes=31), tick=False):
        assert "Second call" not in _dashboard(client)


def test_each_viewer_sees_their_own_panels(
    client, team, facilitator, community, mag, django_capture_on_commit_callbacks
):
    """Two people in the same language and zone: the panels about them are their own; the
    secretariat's queues are shown to no one else."""
    MembershipFactory(team=team, user=community)
    with django_capture_on_commit_callbacks(execute=True):
        _poll(facilitator, team)
        UserFactory(requested_role=Role.MAG, role_requested_at=NOW, email="claimant@example.org")
    client.force_login(community)
    mine = _dashboard(client)
    assert "Polls waiting for my answer" in mine and team.area.name in mine
    client.force_login(mag)  # in no team, invited to nothing
    theirs = _dashboard(client)
    assert "Polls waiting for my answer" not in theirs and "You have not joined a team yet." in theirs
    assert "claimant@example.org" not in mine + theirs and "MAG confirmations" not in mine + theirs
    client.force_login(facilitator)
    assert "Polls I run" in _dashboard(client)


def test_the_secretariat_queues_follow_claims_and_carry_this_sessions_token(
    client, secretariat, community, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    assert "No one is waiting." in _dashboard(client)
    with django_capture_on_commit_callbacks(execute=True):
        user_claim_role(user=community, role=Role.MAG)
    page = _dashboard(client)
    assert "community@example.org" in page
    token = client.cookies["csrftoken"].value
    assert "csrf-token-of-the-request" not in page and 'name="csrfmiddlewaretoken"' in page
    assert token  # the cookie the page's forms go with was set
    # Another secretariat session gets the same queues with its own token.
    other = type(client)()
    other.force_login(secretariat)
    other_page = _dashboard(other)
    assert "community@example.org" in other_page and "csrf-token-of-the-request" not in other_page


def test_signing_in_does_not_rebuild_the_secretariat_queues(
    client, secretariat, community, monkeypatch, django_capture_on_commit_callbacks
):
    built = []
    real = dashboard.team_selectors.secretariat_queues
    monkeypatch.setattr(dashboard.team_selectors, "secretariat_queues", lambda: built.append(1) or real())
    client.force_login(secretariat)
    _dashboard(client)
    people = version_of("people")
    with django_capture_on_commit_callbacks(execute=True):
        user_logged_in.send(sender=type(community), request=None, user=community)  # writes last_login
    _dashboard(client)
    assert version_of("people") == people and built == [1]
    with django_capture_on_commit_callbacks(execute=True):
        community.display_name = "Renamed"
        community.save()
    _dashboard(client)
    assert version_of("people") != people and built == [1, 1]


def test_panels_are_per_language_and_zone(client, team, community, django_capture_on_commit_callbacks):
    MembershipFactory(team=team, user=community)
    due = (NOW + timedelta(days=5)).replace(hour=12, minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneFactory(cycle=team.cycle, title="Call", due_at=due)
    client.force_login(community)
    assert "12:00 UTC" in _dashboard(client)
    with django_capture_on_commit_callbacks(execute=True):
        community.time_zone = "Asia/Kolkata"
        community.save()
    in_english = _dashboard(client)
    assert "17:30 IST" in in_english and f"{due:%a %d %b %Y}" in in_english
    in_french = client.get(reverse("dashboard"), headers={"accept-language": "fr"}).content.decode()
    assert "17:30 IST" in in_french and f"{due:%a %d %b %Y}" not in in_french  # not the English panel


def test_a_cached_dashboard_reads_none_of_its_panels_data(client, team, facilitator, community):
    MembershipFactory(team=team, user=community)
    _poll(facilitator, team)
    client.force_login(community)
    _dashboard(client)
    with CaptureQueriesContext(connection) as ctx:
        _dashboard(client)
    tables = ("schedule_", "teams_", "queued_at")
    assert [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in tables)] == []
