"""The secretariat's kinds of session: it adds a kind, changes its length, stops offering it; the
pages pass axe, fit a 390 px phone and read right to left in Arabic."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from proposals.models import SessionKind
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import SecretariatFactory
from tests.support.site import seed_session_kinds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_adds_a_kind_changes_its_length_and_stops_offering_it(now, live_server, new_page):
    base = live_server.url
    # The kinds the migration seeds, gone if an earlier browser test emptied the tables: the new
    # kind is then not the only one offered, which may not be hidden.
    seed_session_kinds()
    TOTP.activate(SecretariatFactory(email="sorina@example.org", display_name="Sorina", totp=False), SECRET)
    desk = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(desk, base, "sorina@example.org")
    desk.get_by_role("link", name="Kinds of session").first.click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Kinds of session")
    assert_accessible(desk, "session-kinds")

    # A length out of bounds is refused on the form, then the kind is added.
    desk.get_by_label("Name").fill("Open forum")
    desk.get_by_label("Default length (minutes)").fill("500")
    desk.get_by_role("button", name="Add").click()
    expect(desk.locator("main form")).to_contain_text("A session lasts at most 480 minutes.")
    assert not SessionKind.objects.filter(name="Open forum").exists()
    desk.get_by_label("Default length (minutes)").fill("60")
    desk.get_by_role("button", name="Add").click()
    expect(desk.locator("body")).to_contain_text("“Open forum” is added to the kinds of session.")
    row = desk.get_by_role("row", name=re.compile("Open forum"))
    expect(row).to_contain_text("60 minutes")
    expect(row).to_contain_text("Offered")

    # Its own page: a longer default, its French name, and no longer offered.
    row.get_by_role("link", name="Open forum").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Edit “Open forum”")
    assert_accessible(desk, "session-kind-edit")
    desk.get_by_label("Default length (minutes)").fill("75")
    desk.get_by_text("French", exact=True).click()
    desk.get_by_label("Name (French)").fill("Forum ouvert")
    desk.get_by_label("Offered for new proposals").uncheck()
    desk.get_by_role("button", name="Save").click()
    expect(desk.locator("body")).to_contain_text("“Open forum” is saved.")
    row = desk.get_by_role("row", name=re.compile("Open forum"))
    expect(row).to_contain_text("75 minutes")
    expect(row).to_contain_text("Not offered")
    kind = SessionKind.objects.get(name="Open forum")
    assert (kind.default_minutes, kind.is_active, kind.translations) == (
        75,
        False,
        {"fr": {"name": "Forum ouvert"}},
    )


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_kinds_pages_fit_a_phone_and_read_right_to_left(now, live_server, browser, language, width):
    SecretariatFactory(email="secretariat@example.org")
    # The migration's kinds are flushed by the tests that run in transactions: one of ours.
    main = SessionKind.objects.create(name="Main session of a rather long name", slug="main-long")
    context = _context_for(browser, live_server.url, "secretariat@example.org", language, width)
    page = context.new_page()
    for path in ["/proposals/kinds/", f"/proposals/kinds/{main.pk}/"]:
        page.goto(live_server.url + path)
        measured = page.evaluate(MEASURE)
        assert measured["dir"] == ("rtl" if language == "ar" else ""), path
        assert measured["width"] <= measured["window"] and not measured["unreachable"], (path, measured)
    context.close()
