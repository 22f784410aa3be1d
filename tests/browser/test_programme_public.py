"""The public programme: a visitor filters it by issue area, opens a session and downloads its
calendar file; a member adds a session to their schedule and finds it in My schedule. Its pages
pass axe, fit a 390 px phone and read right to left in Arabic."""

import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from programme.enums import SessionStatus
from programme.models import ProgrammeSelection
from tests.browser.conftest import assert_accessible, signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import IssueAreaFactory, PolicyQuestionFactory, UserFactory
from tests.programme.public_helpers import programme_session, release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(now, cycle):
    rights = IssueAreaFactory(name="Human rights", slug="human-rights")
    access = IssueAreaFactory(name="Universal access", slug="universal-access")
    question = PolicyQuestionFactory(area=rights, text="How are rights protected online?")
    sessions = {
        "rights": programme_session(
            cycle,
            title="Rights online",
            convener="dc",
            hour=10,
            areas=[rights],
            questions=[question],
            join_url="https://example.org/join",
            description="What the session is about.",
        ),
        "access": programme_session(
            cycle, title="Connecting the next billion", convener="nri", hour=14, areas=[access]
        ),
        "gone": programme_session(
            cycle,
            title="A cancelled talk",
            convener="mag",
            hour=16,
            status=SessionStatus.CANCELLED,
            sequence=1,
        ),
    }
    release(cycle)
    return sessions


def test_a_visitor_filters_by_issue_area_opens_a_session_and_downloads_its_calendar_file(
    now, live_server, new_page, programme
):
    base = live_server.url
    visitor = new_page(timezone_id="Asia/Kathmandu")
    visitor.goto(f"{base}/")
    visitor.get_by_role("link", name="Programme").first.click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("programme")
    main = visitor.locator("main")
    expect(main).to_contain_text("Rights online")
    expect(main).to_contain_text("Connecting the next billion")
    expect(main.locator("del")).to_have_text("A cancelled talk")
    expect(main).to_contain_text("Cancelled")
    expect(main.locator("ul.legend")).to_contain_text("Dynamic Coalitions")
    assert_accessible(visitor, "programme")

    visitor.get_by_label("Issue area").select_option(label="Human rights")
    visitor.get_by_role("button", name="Filter").click()
    expect(main).to_contain_text("Rights online")
    expect(main).not_to_contain_text("Connecting the next billion")
    assert "area=human-rights" in visitor.url
    assert_accessible(visitor, "programme-filtered")

    visitor.get_by_role("link", name="Rights online").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Rights online")
    expect(main).to_contain_text("How are rights protected online?")
    expect(main).to_contain_text("Convened by")
    expect(main).to_contain_text("UTC")
    expect(main.get_by_role("link", name="https://example.org/join")).to_be_visible()
    assert_accessible(visitor, "programme-session")
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Add to my calendar (.ics)").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == ["Rights online"]
    expect(main.get_by_role("link", name="Sign in to add it to your schedule")).to_be_visible()


def test_a_member_adds_a_session_to_their_schedule_and_sees_it_in_my_schedule(
    now, live_server, new_page, programme
):
    base = live_server.url
    member = UserFactory(email="reader@example.org", display_name="Reader")
    page = new_page()
    signs_in(page, base, "reader@example.org")
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(f"{base}/programme/{programme['access'].pk}/")
    page.get_by_role("button", name="Add to my schedule").click()
    expect(page.locator("body")).to_contain_text("“Connecting the next billion” is on your schedule.")
    expect(page.get_by_role("button", name="Remove from my schedule")).to_be_visible()
    assert ProgrammeSelection.objects.filter(user=member, session=programme["access"]).exists()

    page.get_by_role("link", name="My schedule").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My schedule")
    expect(page.locator("main")).to_contain_text("Connecting the next billion")
    expect(page.get_by_label("Your feed's address")).to_have_value(re.compile(r"/programme/feed/.+\.ics$"))
    assert_accessible(page, "programme-mine")
    page.get_by_role("button", name="Remove “Connecting the next billion” from my schedule").click()
    expect(page.locator("main")).to_contain_text("Your schedule is empty")
    assert not ProgrammeSelection.objects.filter(user=member).exists()


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_programme_fits_a_phone_and_reads_right_to_left(
    now, live_server, browser, programme, language, width
):
    member = UserFactory(email="reader@example.org")
    ProgrammeSelection.objects.create(user=member, session=programme["rights"])
    for email, paths in [
        (
            None,
            [
                "/programme/",
                "/programme/?area=human-rights&held=online",
                f"/programme/{programme['rights'].pk}/",
            ],
        ),
        ("reader@example.org", ["/programme/mine/", f"/programme/{programme['rights'].pk}/"]),
    ]:
        context = _context_for(browser, live_server.url, email, language, width)
        page = context.new_page()
        for path in paths:
            page.goto(live_server.url + path)
            measured = page.evaluate(MEASURE)
            assert measured["dir"] == ("rtl" if language == "ar" else ""), path
            assert measured["width"] <= measured["window"] and not measured["unreachable"], (path, measured)
            if path.endswith(f"/{programme['rights'].pk}/"):
                # The session's own words are English on an Arabic page: they read left to right
                # (the full stop at their end, not at their start), the page around them right to left.
                assert page.locator(".prose").evaluate("e => getComputedStyle(e).direction") == "ltr"
                title = page.locator("h1 bdi").evaluate("e => getComputedStyle(e).unicodeBidi")
                assert title == "isolate"
        context.close()
