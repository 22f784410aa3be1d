"""A meeting's page stays the same size, and costs the same queries, however many attend: each zone's
row names a few and says how many more; everyone is listed a page at a time."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schedule.models import MeetingAttendee
from schedule.selectors.meetings import ATTENDEES_PER_PAGE, NAMES_PER_ZONE
from schedule.services import meetings, polls
from tests.factories import MembershipFactory
from tests.support.sizes import assert_html_does_not_grow

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
ZONES = ["UTC", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"]


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def meeting(team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=3)],
    )
    return meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())


def _attend(meeting, n: int):
    """`n` more attendees, committed: the page's cached part sees them (its version moves on commit)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(n):
            user = MembershipFactory(team=meeting.team, user__time_zone=ZONES[i % len(ZONES)]).user
            MeetingAttendee.objects.create(meeting=meeting, user=user)


def _page(client, meeting, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("schedule:meeting", args=[meeting.pk]), params)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_the_meeting_page_does_not_grow_with_its_attendees(client, meeting, facilitator):
    _attend(meeting, ATTENDEES_PER_PAGE + len(ZONES) * NAMES_PER_ZONE)
    client.force_login(facilitator)
    _html, few = _page(client, meeting)
    assert_html_does_not_grow(
        client, reverse("schedule:meeting", args=[meeting.pk]), lambda: _attend(meeting, 150)
    )
    _attend(meeting, 1)  # a new version: the next load builds the cached part again
    html, many = _page(client, meeting)
    assert many == few and f"{meeting.attendees.count()} people invited" in html
    _html, cached = _page(client, meeting)
    assert cached < few


def test_each_zone_names_a_few_then_says_how_many_more_and_everyone_is_a_page_away(
    client, meeting, facilitator
):
    _attend(meeting, 4 * (NAMES_PER_ZONE + 5))
    client.force_login(facilitator)
    html, _queries = _page(client, meeting)
    assert "and 5 more" in html  # Los Angeles: 15, the first ten named
    total = meeting.attendees.count()
    assert f"{total} people invited" in html
    last, _queries = _page(client, meeting, page=str(10**20))
    assert f"Page {(total - 1) // ATTENDEES_PER_PAGE + 1} of" in last
    assert _page(client, meeting, page="abc")[0].count("<li>") >= ATTENDEES_PER_PAGE


def test_a_small_meeting_names_everyone_in_its_zone_rows_without_a_list(client, meeting, facilitator):
    _attend(meeting, 3)
    client.force_login(facilitator)
    html, _queries = _page(client, meeting)
    assert "more" not in html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "people invited" not in html
