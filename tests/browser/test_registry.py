"""The intersessional registry: a visitor filters it by issue area and activity; the secretariat
records a check and the public page shows its outcome (and not the note). Its pages fit a 390 px
phone and read right to left in Arabic."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from registry.models import ActivityCheck
from teams.area_choice import AREA_LIST_MAX
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import IntersessionalActivityFactory, IssueAreaFactory, SecretariatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(now):
    access = IssueAreaFactory(name="Universal access and meaningful connectivity", slug="universal-access")
    rights = IssueAreaFactory(name="Human rights", slug="human-rights")
    today = now.date()
    return {
        "rights": IntersessionalActivityFactory(
            name="Dynamic Coalition on Internet Rights and Principles",
            slug="internet-rights-and-principles",
            areas=[rights],
            last_active_on=today - timedelta(days=20),
        ),
        "access": IntersessionalActivityFactory(
            name="Policy Network on Meaningful Access",
            slug="pn-meaningful-access",
            kind="pn",
            areas=[access],
            last_active_on=today - timedelta(days=5),
        ),
        "asleep": IntersessionalActivityFactory(
            name="Dynamic Coalition on Connecting the Unconnected",
            slug="connecting-the-unconnected",
            areas=[access],
            last_active_on=today - timedelta(days=800),
        ),
    }


def _row_names(page):
    return [name.strip() for name in page.locator("table.registry tbody tr td:first-child").all_inner_texts()]


def test_a_visitor_filters_and_the_secretariat_records_a_check_the_public_then_sees(
    now, live_server, new_page, registry
):
    base = live_server.url
    visitor = new_page()
    visitor.goto(f"{base}/")
    visitor.get_by_role("link", name="Intersessional registry").first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Intersessional registry")
    assert len(_row_names(visitor)) == 3

    visitor.get_by_label("Issue area").select_option(label="Universal access and meaningful connectivity")
    visitor.get_by_role("button", name="Filter").click()
    assert _row_names(visitor) == [
        "Dynamic Coalition on Connecting the Unconnected",
        "Policy Network on Meaningful Access",
    ]
    visitor.get_by_label("Activity").select_option(label="Inactive (no activity for over two years)")
    visitor.get_by_role("button", name="Filter").click()
    assert _row_names(visitor) == ["Dynamic Coalition on Connecting the Unconnected"]
    assert "area=universal-access" in visitor.url and "status=inactive" in visitor.url
    row = visitor.get_by_role("row", name=re.compile("Connecting the Unconnected"))
    expect(row).to_contain_text("Not checked yet")
    assert_accessible(visitor, "registry-filtered")

    TOTP.activate(SecretariatFactory(email="sorina@example.org", display_name="Sorina", totp=False), SECRET)
    desk = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(desk, base, "sorina@example.org")
    desk.goto(f"{base}/registry/connecting-the-unconnected/")
    desk.get_by_role("link", name="Record a check").click()
    assert_accessible(desk, "registry-check-form")
    desk.get_by_label("Could not be reached").check()
    desk.get_by_label("Note (the secretariat's only)").fill("Wrote to the coordinators twice; no answer.")
    desk.get_by_role("button", name="Record the check").click()
    expect(desk.locator("body")).to_contain_text(
        "The check of “Dynamic Coalition on Connecting the Unconnected” is recorded."
    )
    expect(desk.get_by_role("row", name=re.compile("Sorina"))).to_contain_text(
        "Wrote to the coordinators twice"
    )
    assert ActivityCheck.objects.get().checked_on == now.date()

    visitor.reload()
    row = visitor.get_by_role("row", name=re.compile("Connecting the Unconnected"))
    expect(row).to_contain_text(f"Could not be reached (checked {now:%B} {now.day}, {now.year})")
    row.get_by_role("link").click()
    expect(visitor.locator("main")).to_contain_text("Could not be reached")
    assert "Wrote to the coordinators" not in visitor.content() and "Sorina" not in visitor.content()
    assert_accessible(visitor, "registry-entry")


def test_past_thirty_issue_areas_a_visitor_types_one_picks_it_and_filters(
    now, live_server, new_page, registry
):
    """Too many areas some entry works on to list: the box offers those whose name holds what is
    typed; one is picked and the list is filtered by it, the box then showing its name."""
    base = live_server.url
    for area in IssueAreaFactory.create_batch(AREA_LIST_MAX):
        IntersessionalActivityFactory(areas=[area], last_active_on=now.date())
    visitor = new_page()
    visitor.goto(f"{base}/registry/")
    area = visitor.get_by_role("textbox", name="Issue area")
    area.press_sequentially("access")
    expect(visitor.get_by_role("status").filter(has_text="1 issue area matches.")).to_be_visible()
    assert_accessible(visitor, "registry-area-suggestions")
    visitor.get_by_role("button", name="Universal access and meaningful connectivity").click()
    expect(area).to_have_value("Universal access and meaningful connectivity")
    visitor.get_by_role("button", name="Filter").click()
    visitor.wait_for_url(re.compile(r"area=Universal"))
    assert _row_names(visitor) == [
        "Dynamic Coalition on Connecting the Unconnected",
        "Policy Network on Meaningful Access",
    ]
    expect(visitor.get_by_role("textbox", name="Issue area")).to_have_value(
        "Universal access and meaningful connectivity"
    )
    # A link with the area's short name, as before, still filters and shows its name.
    visitor.goto(f"{base}/registry/?area=human-rights")
    assert _row_names(visitor) == ["Dynamic Coalition on Internet Rights and Principles"]
    expect(visitor.get_by_role("textbox", name="Issue area")).to_have_value("Human rights")


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_registry_fits_a_phone_and_reads_right_to_left(
    now, live_server, browser, registry, language, width
):
    SecretariatFactory(email="secretariat@example.org")
    for email, paths in [
        (
            None,
            [
                "/registry/",
                "/registry/?area=universal-access&status=sleeping",
                "/registry/connecting-the-unconnected/",
            ],
        ),
        (
            "secretariat@example.org",
            [
                "/registry/new/",
                "/registry/connecting-the-unconnected/",
                "/registry/connecting-the-unconnected/check/",
            ],
        ),
    ]:
        context = _context_for(browser, live_server.url, email, language, width)
        page = context.new_page()
        for path in paths:
            page.goto(live_server.url + path)
            measured = page.evaluate(MEASURE)
            assert measured["dir"] == ("rtl" if language == "ar" else ""), path
            assert measured["width"] <= measured["window"] and not measured["unreachable"], (path, measured)
        context.close()
