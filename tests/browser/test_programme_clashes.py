"""The programme's clashes in a browser: the secretariat opens the list, reads a speaker's clash
named in words in their own zone, and follows the way to fix it to the session's page on the
build page. The list passes axe, fits a 390 px phone and reads right to left in Arabic."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from programme.clashes import edit_url
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import CycleFactory, IssueTeamFactory, SecretariatFactory
from tests.programme.clash_support import placed_session
from tests.support.site import seed_session_kinds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _programme(now):
    """Two sessions at once with one speaker on both panels (her address written in two cases), the
    second at night for its other speaker in Tokyo, alone with a known zone besides her."""
    seed_session_kinds()
    cycle = CycleFactory()
    team = IssueTeamFactory(cycle=cycle)
    start = now.replace(hour=14, minute=0, second=0, microsecond=0) + timedelta(days=5)
    first = placed_session(
        cycle=cycle,
        team=team,
        start=start,
        title="Trust online",
        panel=[("Ana Lima", "ana.lima@example.org", "America/Sao_Paulo")],
    )
    second = placed_session(
        cycle=cycle,
        team=team,
        start=start + timedelta(minutes=45),
        title="Youth voices",
        panel=[("Ana Lima", "Ana.Lima@Example.org", ""), ("Kenji Sato", "kenji@example.org", "Asia/Tokyo")],
    )
    return first, second


def test_the_secretariat_reads_a_speakers_clash_and_follows_the_way_to_fix_it(now, live_server, new_page):
    base = live_server.url
    first, second = _programme(now)
    TOTP.activate(SecretariatFactory(email="sorina@example.org", display_name="Sorina", totp=False), SECRET)

    desk = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(desk, base, "sorina@example.org")
    desk.goto(f"{base}/programme/clashes/")
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Clashes in the programme")
    expect(desk.locator("body")).to_contain_text("The same person in two sessions at once: 1")
    clash = desk.locator("ol.clashes > li").filter(has_text="Ana Lima, in both:")
    expect(clash).to_contain_text("“Trust online”")
    expect(clash).to_contain_text("“Youth voices”")
    expect(clash).to_contain_text("UTC")
    expect(clash).to_contain_text("Way to fix it: Move one of them.")
    expect(desk.locator("body")).not_to_contain_text("@example.org")
    assert_accessible(desk, "programme-clashes")

    clash.get_by_role("link", name="Change “Youth voices”").click()
    desk.wait_for_url(f"{base}{edit_url(second.pk)}")


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_clash_list_fits_a_phone_and_reads_right_to_left(now, live_server, browser, language, width):
    _programme(now)
    SecretariatFactory(email="secretariat@example.org")
    context = _context_for(browser, live_server.url, "secretariat@example.org", language, width)
    page = context.new_page()
    page.goto(f"{live_server.url}/programme/clashes/")
    measured = page.evaluate(MEASURE)
    assert measured["dir"] == ("rtl" if language == "ar" else "")
    assert measured["width"] <= measured["window"] and not measured["unreachable"], measured
    context.close()
