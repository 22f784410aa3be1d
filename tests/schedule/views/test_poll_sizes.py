"""A poll's pages stay the same size however many are invited: the answers grid is a page of people
(the viewer's own row first on each), the ranking counts people by place, and the names of those a
slot puts at night are on that slot's own page, a page at a time."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from schedule.enums import PollStatus
from schedule.models import Vote
from schedule.selectors.poll_results import ANSWERS_PER_PAGE, NIGHT_PEOPLE_PER_PAGE
from schedule.services import polls
from tests.factories import MembershipFactory
from tests.support.sizes import assert_html_does_not_grow

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
ZONES = ["UTC", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata", "Europe/Paris", "Asia/Tokyo"]


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def poll(team, facilitator):
    return polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=2, hours=3 * h) for h in range(8)],
    )


def _invite(poll, n: int, *, start: int = 0):
    """n more members invited, in six zones, each answering every slot (some yes, some no)."""
    slots = list(poll.slots.all())
    answers = ["yes", "maybe", "no"]
    for i in range(start, start + n):
        user = MembershipFactory(team=poll.team, user__time_zone=ZONES[i % len(ZONES)]).user
        invitee = poll.invitees.create(user=user, answered_at=NOW)
        Vote.objects.bulk_create(
            Vote(invitee=invitee, slot=slot, answer=answers[(i + k) % 3]) for k, slot in enumerate(slots)
        )


def _grow(poll):
    return lambda: _invite(poll, 3 * ANSWERS_PER_PAGE, start=10_000)


@pytest.mark.parametrize("url_name", ["schedule:poll", "schedule:poll_finalise"])
def test_the_open_polls_pages_do_not_grow_with_the_people_invited(client, poll, facilitator, url_name):
    _invite(poll, ANSWERS_PER_PAGE + 10)  # already more than a page
    client.force_login(facilitator)
    assert_html_does_not_grow(client, reverse(url_name, args=[poll.pk]), _grow(poll))


def test_a_closed_polls_results_do_not_grow_with_the_people_invited(client, poll, facilitator):
    _invite(poll, ANSWERS_PER_PAGE + 10)
    poll.status = PollStatus.CLOSED
    poll.save()
    client.force_login(facilitator)
    assert_html_does_not_grow(client, reverse("schedule:poll", args=[poll.pk]), _grow(poll))


def test_a_slots_night_page_does_not_grow_with_the_people_invited(client, poll, facilitator):
    _invite(poll, 3 * NIGHT_PEOPLE_PER_PAGE)  # more than a page of them at night
    client.force_login(facilitator)
    slot = poll.slots.first()
    url = reverse("schedule:poll_slot_nights", args=[poll.pk, slot.pk])
    assert_html_does_not_grow(client, url, _grow(poll))


def test_the_viewers_own_row_comes_first_on_every_page_of_answers(client, poll, facilitator):
    _invite(poll, 2 * ANSWERS_PER_PAGE + 5)
    client.force_login(facilitator)
    url = reverse("schedule:poll", args=[poll.pk])
    for page in ("1", "2", "3"):
        html = client.get(url, {"page": page}).content.decode()
        body = html.split("<tbody>", 1)[1]
        assert body.index(facilitator.name) < body.index("Person"), page
        assert html.count('<tr><th scope="row">') <= ANSWERS_PER_PAGE + 2  # and the totals' row
    last = client.get(url, {"page": "3"}).content.decode()
    assert "Page 3 of 3" in last and 'href="?page=2#answers"' in last


@pytest.mark.parametrize("page", ["abc", "0", "-1", str(10**20), "1e3", ""])
def test_a_bad_page_number_gets_a_page_not_an_error(client, poll, facilitator, page):
    _invite(poll, ANSWERS_PER_PAGE + 10)
    client.force_login(facilitator)
    assert client.get(reverse("schedule:poll", args=[poll.pk]), {"page": page}).status_code == 200
    night = reverse("schedule:poll_slot_nights", args=[poll.pk, poll.slots.first().pk])
    assert client.get(night, {"page": page}).status_code == 200


def test_the_totals_under_the_grid_count_everyone_not_just_the_page(client, poll, facilitator):
    _invite(poll, 2 * ANSWERS_PER_PAGE)
    client.force_login(facilitator)
    html = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    tfoot = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    first = poll.slots.first()
    yes = Vote.objects.filter(slot=first, answer="yes").count()
    maybe = Vote.objects.filter(slot=first, answer="maybe").count()
    no = Vote.objects.filter(slot=first, answer="no").count()
    assert f"<td>{yes} / {maybe} / {no}</td>" in tfoot
    assert yes + maybe + no == 2 * ANSWERS_PER_PAGE
