"""Keyed pages of a growing log: every row once, older then newer; a bad cursor gives the newest page."""

from datetime import timedelta

import pytest
from django.http import QueryDict

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from common.paging import keyset_page
from tests.conftest import BASE_NOW as NOW


def _log(n):
    # Several rows share each instant: the id breaks the tie, and no row is skipped or repeated.
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=AuditAction.ROLE_CLAIMED, target=f"row {i}", created_at=NOW - timedelta(minutes=i // 3)
        )
        for i in range(n)
    )


def _page(query=""):
    return keyset_page(AuditEvent.objects.all(), QueryDict(query), per_page=10, keep=("status",))


@pytest.mark.django_db
def test_walking_older_then_newer_shows_every_row_once_in_order():
    _log(35)
    newest_first = list(AuditEvent.objects.order_by("-created_at", "-pk"))
    seen, pages, page = [], [], _page("status=failed")
    while True:
        pages.append(page)
        seen += page.rows
        if not page.older_url:
            break
        assert page.older_url.startswith("?status=failed&older=")
        page = _page(page.older_url[1:])
    assert seen == newest_first and [len(p) for p in pages] == [10, 10, 10, 5]
    assert not pages[0].newer_url and pages[-1].newest_url == "?status=failed"

    back = _page(pages[-1].newer_url[1:])
    assert back.rows == pages[-2].rows and back.older_url and back.newer_url
    top = _page(pages[1].newer_url[1:])
    assert top.rows == pages[0].rows and not top.newer_url


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "older=abc",
        "older=",
        "newer=1_",
        "older=99999999999999999999_1",
        f"older=1_{10**20}",
        "page=10000000000000000000000",
    ],
)
def test_a_bad_cursor_gives_the_newest_page(query):
    _log(15)
    page = _page(query)
    assert page.rows == list(AuditEvent.objects.order_by("-created_at", "-pk")[:10]) and page.older_url


@pytest.mark.django_db
def test_a_cursor_past_the_end_gives_an_empty_page_with_a_way_back():
    _log(3)
    page = _page("older=0_1")
    assert page.rows == [] and page.newer_url and not page.older_url
