"""The secretariat's queues in full (igfmag/views.py role_claims_waiting, volunteers_waiting): the
dashboard shows the oldest few; these pages every one, oldest first, a page at a time, to the
secretariat only."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from igfmag.dashboard import QUEUE_PAGE
from teams.enums import FacilitatorKind, FacilitatorStatus
from teams.models import FacilitatorRole
from tests.conftest import BASE_NOW as NOW
from tests.factories import FacilitatorRoleFactory, IssueTeamFactory, UserFactory
from tests.support.sizes import assert_html_does_not_grow

pytestmark = pytest.mark.usefixtures("now")

QUEUES = ["role_claims_waiting", "volunteers_waiting"]


def _claims(n, start=0):
    # Several claims share each moment: the id breaks the tie, and no one is skipped or repeated.
    for i in range(start, start + n):
        UserFactory(
            requested_role=Role.MAG, role_requested_at=NOW - timedelta(days=100) + timedelta(hours=i // 3)
        )


def _volunteers(cycle, n):
    team = IssueTeamFactory(cycle=cycle)
    for i in range(n):
        FacilitatorRoleFactory(
            team=team,
            kind=FacilitatorKind.CO_CHAIR,
            status=FacilitatorStatus.VOLUNTEERED,
            volunteered_at=NOW - timedelta(days=100) + timedelta(hours=i // 3),
        )


def _grow(cycle, n=3 * QUEUE_PAGE):
    _claims(n)
    _volunteers(cycle, n)


def _rows(page: str) -> list[int]:
    """The ids of the rows a queue's page shows (its checkboxes' values)."""
    return [int(pk) for pk in re.findall(r'type="checkbox" name="\w+" value="(\d+)"', page)]


def _link(page: str, rel: str) -> str:
    found = re.search(rf'<a href="(\?[^"]+)" rel="{rel}">', page)
    return found[1].replace("&amp;", "&") if found else ""


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _walk(client, url):
    """Every page from the first, following "Newer": the rows' ids, page by page."""
    pages, base = [], url
    while url:
        page = _get(client, url)
        pages.append(_rows(page))
        url = (base + _link(page, "next")) if _link(page, "next") else ""
    return pages


@pytest.mark.parametrize("url_name", QUEUES)
@pytest.mark.parametrize(
    "viewer_fixture, status", [("community", 403), ("mag", 403), ("facilitator", 403), ("secretariat", 200)]
)
def test_only_the_secretariat_sees_the_queues(
    client, cycle, facilitator, request, url_name, viewer_fixture, status
):
    _grow(cycle, 3)
    client.force_login(request.getfixturevalue(viewer_fixture))
    response = client.get(reverse(url_name))
    assert response.status_code == status
    # Who waits: the claimants' emails, the volunteers' names; no one but the secretariat sees them.
    if url_name == "role_claims_waiting":
        waiting = list(User.objects.exclude(requested_role="").values_list("email", flat=True))
    else:
        waiting = [r.user.name for r in FacilitatorRole.objects.filter(status=FacilitatorStatus.VOLUNTEERED)]
    shown = [text for text in waiting if text in response.content.decode()]
    assert len(waiting) == 3 and shown == (waiting if status == 200 else [])


@pytest.mark.parametrize("url_name", QUEUES)
def test_anonymous_visitors_are_sent_to_sign_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_claim_once_oldest_first_a_page_at_a_time(client, cycle, secretariat):
    _claims(2 * QUEUE_PAGE + 5)
    client.force_login(secretariat)
    pages = _walk(client, reverse("role_claims_waiting"))
    oldest_first = list(
        User.objects.exclude(requested_role="")
        .order_by("role_requested_at", "id")
        .values_list("pk", flat=True)
    )
    assert [pk for page in pages for pk in page] == oldest_first
    assert [len(page) for page in pages] == [QUEUE_PAGE, QUEUE_PAGE, 5]


def test_every_volunteer_once_oldest_first_and_back(client, cycle, secretariat):
    _volunteers(cycle, QUEUE_PAGE + 3)
    client.force_login(secretariat)
    url = reverse("volunteers_waiting")
    first = _get(client, url)
    second = _get(client, url + _link(first, "next"))
    oldest_first = list(
        FacilitatorRole.objects.filter(status=FacilitatorStatus.VOLUNTEERED)
        .order_by("volunteered_at", "id")
        .values_list("pk", flat=True)
    )
    assert _rows(first) + _rows(second) == oldest_first
    assert ">Older</a>" in second and ">Newer</a>" not in second
    assert _rows(_get(client, url + _link(second, "prev"))) == _rows(first)


def test_the_dashboard_links_to_the_full_queues_when_more_wait(client, cycle, secretariat):
    _grow(cycle, 12)
    client.force_login(secretariat)
    page = client.get(reverse("dashboard")).content.decode()
    assert (
        f'href="{reverse("role_claims_waiting")}"' in page
        and f'href="{reverse("volunteers_waiting")}"' in page
    )


def test_deciding_on_a_later_page_comes_back_to_it(client, cycle, secretariat):
    _claims(QUEUE_PAGE + 4)
    client.force_login(secretariat)
    url = reverse("role_claims_waiting")
    later_url = url + _link(_get(client, url), "next")
    later = _get(client, later_url)
    assert f'name="next" value="{later_url}"'.replace("&", "&amp;") in later
    person = User.objects.get(pk=_rows(later)[0])
    response = client.post(
        reverse("role_claims_decide"), {"users": [person.pk], "decision": "confirm", "next": later_url}
    )
    assert response.status_code == 302 and response["Location"] == later_url
    person.refresh_from_db()
    assert person.role == Role.MAG and not person.requested_role


def test_a_queue_page_is_cached_until_the_queue_changes(
    client, cycle, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _claims(3)
    client.force_login(secretariat)
    url = reverse("role_claims_waiting")
    first = _rows(_get(client, url))
    with CaptureQueriesContext(connection) as ctx:
        assert _rows(_get(client, url)) == first
    assert not any("queued_at" in q["sql"] for q in ctx.captured_queries)  # the queue is not read
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("role_claims_decide"), {"users": [first[0]], "decision": "decline"})
    assert _rows(_get(client, url)) == first[1:]


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/x"])
def test_a_next_page_elsewhere_is_ignored(client, cycle, secretariat, elsewhere):
    _volunteers(cycle, 1)
    client.force_login(secretariat)
    role = FacilitatorRole.objects.get(status=FacilitatorStatus.VOLUNTEERED)
    response = client.post(
        reverse("teams:facilitators_decide"), {"roles": [role.pk], "decision": "decline", "next": elsewhere}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


@pytest.mark.parametrize("url_name", QUEUES)
def test_a_queue_page_does_not_grow_with_the_queue(
    client, cycle, secretariat, url_name, django_capture_on_commit_callbacks
):
    def grow():
        with django_capture_on_commit_callbacks(execute=True):  # a new version: the page is rebuilt
            _grow(cycle)

    grow()
    client.force_login(secretariat)
    assert_html_does_not_grow(client, reverse(url_name), grow)


@pytest.mark.parametrize("url_name", QUEUES)
def test_a_queue_page_makes_the_same_queries_short_or_long(
    client, cycle, secretariat, url_name, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        _grow(cycle, 1)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    with django_capture_on_commit_callbacks(execute=True):  # a new version: the page is rebuilt
        _grow(cycle, 3 * QUEUE_PAGE)
    assert queries() == few
