"""The public programme's pages: nothing of the draft before the first release; by day in the
reader's zone with UTC; each session labelled by its convener in words; the filters; a session's
page with its confirmed speakers (names and roles only); one's own schedule."""

import pytest
from django.urls import reverse

from programme.enums import SessionStatus
from programme.models import ProgrammeSelection
from proposals.models import SessionKind
from tests.factories import IssueAreaFactory
from tests.programme.public_helpers import programme_session, release, with_speakers

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(cycle, team, facilitator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kinds = list(SessionKind.objects.order_by("position", "pk")[:2])
        inclusion = IssueAreaFactory(name="Inclusion", slug="inclusion")
        youth = with_speakers(
            programme_session(cycle, areas=[team.area], kind=kinds[0], modality="online"),
            team=team,
            facilitator=facilitator,
        )
        nri = programme_session(
            cycle,
            title="NRIs together",
            convener="nri",
            hour=15,
            areas=[inclusion],
            kind=kinds[1],
            modality="onsite",
        )
        hybrid = programme_session(cycle, title="Hybrid talk", convener="mag", hour=17, modality="hybrid")
        later = programme_session(cycle, title="Next day", convener="cd", days=4)
        draft = programme_session(cycle, title="Draft only", status=SessionStatus.UNPLACED, starts_at=None)
        release(cycle)
    return {"youth": youth, "nri": nri, "hybrid": hybrid, "later": later, "draft": draft, "kinds": kinds}


def _page(client, query=""):
    return client.get(reverse("programme:public") + query).content.decode()


def test_before_the_first_release_the_page_says_so_and_shows_nothing(client, now, cycle):
    session = programme_session(cycle)
    page = _page(client)
    assert "not published yet" in page
    assert "Youth and the Internet" not in page
    assert client.get(reverse("programme:session", args=[session.pk])).status_code == 404


def test_the_programme_shows_the_first_day_with_a_legend_and_conveners_in_words(client, now, released):
    page = _page(client)
    assert "Who convenes each session" in page
    assert "Capacity development" in page and "Dynamic Coalitions" in page  # the legend, in words
    for title in ("Youth and the Internet", "NRIs together", "Hybrid talk"):
        assert title in page
    assert "Next day" not in page  # another day: behind the day switcher
    assert "Draft only" not in page
    assert "Convened by:</span>" not in page and "Convened by: Youth" in page
    next_day = released["later"].starts_at.date().isoformat()
    assert f"day={next_day}" in page
    assert "Next day" in _page(client, f"?day={next_day}")


def test_the_times_are_in_the_readers_zone_with_utc(client, now, released, mag):
    mag.time_zone = "Asia/Kathmandu"
    mag.save()
    client.force_login(mag)
    page = _page(client)
    assert "+0545" in page and "UTC)" in page


def test_a_cancelled_session_is_struck_and_says_cancelled(
    client, now, released, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nri = released["nri"]
        nri.status, nri.sequence = SessionStatus.CANCELLED, nri.sequence + 1
        nri.save()
    # The draft's change is the secretariat's until released: the public still sees the session.
    page = _page(client)
    assert "NRIs together" in page and "<del><bdi>NRIs together</bdi></del>" not in page
    with django_capture_on_commit_callbacks(execute=True):
        release(released["nri"].cycle)
    page = _page(client)
    assert "<del><bdi>NRIs together</bdi></del>" in page
    assert "Cancelled" in page


@pytest.mark.parametrize(
    "query, shown",
    [
        ("?area=inclusion", {"NRIs together"}),
        ("?convener=mag", {"Hybrid talk"}),
        ("?held=onsite", {"NRIs together", "Hybrid talk"}),
        ("?held=online", {"Youth and the Internet", "Hybrid talk"}),
    ],
)
def test_the_filters(client, now, released, query, shown):
    page = _page(client, query)
    titles = {"Youth and the Internet", "NRIs together", "Hybrid talk"}
    assert {t for t in titles if t in page} == shown


def test_the_kind_filter_and_a_refused_value(client, now, released):
    page = _page(client, f"?kind={released['kinds'][1].slug}")
    assert "NRIs together" in page and "Youth and the Internet" not in page
    refused = _page(client, "?convener=nobody")
    assert "Select a valid choice" in refused
    assert "Youth and the Internet" in refused  # the refused filter is left out


def test_a_sessions_page_names_confirmed_speakers_without_addresses(client, now, released):
    page = client.get(reverse("programme:session", args=[released["youth"].pk])).content.decode()
    assert "Confirmed Chair (Chair)" in page
    assert "Only Invited" not in page and "Said No" not in page
    assert "example.net" not in page
    assert "Add to my calendar" in page
    assert "Sign in to add it to your schedule" in page
    assert client.get(reverse("programme:session", args=[released["draft"].pk])).status_code == 404


def test_a_member_adds_a_session_to_their_schedule_and_removes_it(client, now, released, mag):
    client.force_login(mag)
    url = reverse("programme:choose", args=[released["youth"].pk])
    client.post(url)
    client.post(url)  # twice: once on the schedule
    assert ProgrammeSelection.objects.filter(user=mag).count() == 1
    page = client.get(reverse("programme:session", args=[released["youth"].pk])).content.decode()
    assert "Remove from my schedule" in page
    mine = client.get(reverse("programme:mine")).content.decode()
    assert "Youth and the Internet" in mine and "/programme/feed/" in mine
    client.post(url, {"action": "remove", "back": "mine"})
    assert not ProgrammeSelection.objects.filter(user=mag).exists()


def test_a_draft_session_cannot_be_added(client, now, released, mag):
    client.force_login(mag)
    response = client.post(reverse("programme:choose", args=[released["draft"].pk]))
    assert response.status_code == 404
    assert not ProgrammeSelection.objects.exists()
