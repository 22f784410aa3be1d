"""The site's own 400, 403, 404, 500 and form-expired pages: in the site's layout, saying why and
what to do; and team pages that link polls and meetings only for those who may open them."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.template import loader
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schedule.models import Meeting
from tests.factories import MembershipFactory, PollFactory

NOW = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)
LAYOUT = '<header class="site-header">'


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def calls(team, facilitator):
    """An open poll and a scheduled meeting of `team`, whose only member is its facilitator."""
    poll = PollFactory(team=team, title="Choose our first call", deadline=NOW + timedelta(days=3))
    poll.invitees.create(user=facilitator)
    meeting = Meeting.objects.create(
        team=team, title="Kick-off call", start=NOW + timedelta(days=5), end=NOW + timedelta(days=5, hours=1)
    )
    meeting.attendees.create(user=facilitator)
    return poll, meeting


def _text(response):
    return response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_missing_page_is_the_sites_404(client, community, signed_in):
    if signed_in:
        client.force_login(community)
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = _text(response)
    assert LAYOUT in page and "Page not found" in page
    assert f'href="{reverse("teams:list")}"' in page
    assert (f'href="{reverse("dashboard")}"' in page) is signed_in


def test_a_refused_page_is_the_sites_403(client, community):
    client.force_login(community)
    response = client.get(reverse("audit_log"))

    assert response.status_code == 403
    page = _text(response)
    assert LAYOUT in page and "This page is not open to you" in page
    assert "You are signed in as community@example.org" in page


@pytest.mark.urls("tests.support.error_urls")
def test_a_failing_view_gives_the_sites_500():
    response = Client(raise_request_exception=False).get("/fails/")

    assert response.status_code == 500
    page = _text(response)
    assert LAYOUT in page and "Something went wrong on our side" in page and 'href="/"' in page


@pytest.mark.django_db
def test_the_500_page_renders_without_request_or_database():
    with CaptureQueriesContext(connection) as queries:
        page = loader.get_template("500.html").render()  # what Django does: an empty context
    assert not queries.captured_queries
    assert LAYOUT in page and '<html lang="en">' in page


@pytest.mark.urls("tests.support.error_urls")
def test_a_malformed_request_gives_the_sites_400(client, db):
    response = client.get("/malformed/")

    assert response.status_code == 400
    assert LAYOUT in _text(response) and "could not be understood" in _text(response)


def test_a_request_for_an_unknown_host_gives_the_sites_400(client, settings, db):
    settings.ALLOWED_HOSTS = ["igfmag.example"]
    response = client.get("/", HTTP_HOST="elsewhere.example")

    assert response.status_code == 400
    assert LAYOUT in _text(response)


def test_a_form_sent_without_its_security_token_says_how_to_send_it_again(team, community):
    client = Client(enforce_csrf_checks=True)
    client.force_login(community)
    response = client.post(
        reverse("teams:join", kwargs={"year": team.cycle.year, "slug": team.slug}), {"capacity": "other"}
    )

    assert response.status_code == 403
    page = _text(response)
    assert LAYOUT in page and "Your form was not sent" in page and "reload the page" in page
    assert not community.memberships.exists()
    # The page gives the browser a fresh token, so that the reloaded form goes through.
    assert client.cookies["csrftoken"].value


@pytest.mark.parametrize("url_name", ["schedule:poll", "schedule:meeting", "schedule:meeting_ics"])
def test_a_non_member_opening_a_poll_or_meeting_is_told_to_join_the_team(
    client, team, community, calls, url_name
):
    poll, meeting = calls
    client.force_login(community)
    response = client.get(reverse(url_name, args=[poll.pk if url_name == "schedule:poll" else meeting.pk]))

    assert response.status_code == 403
    page = _text(response)
    assert LAYOUT in page
    assert f"Only the members of the team “{team.area.name}” and the people invited can see" in page
    assert f'<a class="button" href="{team.get_absolute_url()}">Join the team</a>' in page


def _links(page):
    return sorted({href for href in re.findall(r'href="(/[^"]*)"', page) if not href.startswith("/static/")})


def test_a_non_member_following_the_team_pages_links_never_meets_a_403(client, team, community, calls):
    poll, meeting = calls
    client.force_login(community)
    page = _text(client.get(team.get_absolute_url()))

    assert "Choose our first call" in page and "Kick-off call" in page  # listed, not linked
    assert reverse("schedule:poll", args=[poll.pk]) not in page
    assert reverse("schedule:meeting", args=[meeting.pk]) not in page
    assert "join the team to take part" in page
    statuses = {href: client.get(href).status_code for href in _links(page)}
    assert len(statuses) > 5 and 403 not in statuses.values(), statuses


def test_members_and_those_invited_get_the_links(
    client, team, community, calls, django_capture_on_commit_callbacks
):
    poll, meeting = calls
    poll.invitees.create(user=community)
    client.force_login(community)
    page = _text(client.get(team.get_absolute_url()))
    assert reverse("schedule:poll", args=[poll.pk]) in page
    assert reverse("schedule:meeting", args=[meeting.pk]) not in page  # invited to the poll only

    with django_capture_on_commit_callbacks(execute=True):  # committed, as joining is
        MembershipFactory(team=team, user=community)
    page = _text(client.get(team.get_absolute_url()))
    assert (
        reverse("schedule:poll", args=[poll.pk]) in page
        and reverse("schedule:meeting", args=[meeting.pk]) in page
    )
    assert "join the team to take part" not in page
    assert client.get(reverse("schedule:meeting", args=[meeting.pk])).status_code == 200
