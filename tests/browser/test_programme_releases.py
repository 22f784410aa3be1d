"""The programme's releases in a browser: the secretariat previews the changes in words, releases
version 1, marks it approved by the MAG at a meeting with its decision, moves a session and reads
the move previewed (in their zone, with UTC) before releasing version 2; the version pages say it,
pass axe, fit a 390 px phone and read right to left in Arabic."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from programme.models import ProgrammeRelease, ProgrammeSession
from programme.services import releases
from schedule.models import Decision, Meeting
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import CycleFactory, IssueTeamFactory, SecretariatFactory
from tests.programme.release_helpers import placed_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _programme(now):
    cycle = CycleFactory(year=2021)
    team = IssueTeamFactory(cycle=cycle)
    day = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=20)
    placed_session(cycle, title="Youth session", starts_at=day + timedelta(hours=13))
    placed_session(cycle, title="MAG chair's dialogue", starts_at=day + timedelta(days=1, hours=15))
    return cycle, team


def test_the_secretariat_previews_releases_and_marks_a_version_approved(now, live_server, new_page):
    base = live_server.url
    cycle, team = _programme(now)
    staff = SecretariatFactory(
        email="sorina@example.org", display_name="Sorina", totp=False, time_zone="Asia/Tokyo"
    )
    TOTP.activate(staff, SECRET)
    meeting = Meeting.objects.create(
        team=team,
        title="MAG call on the schedule",
        organizer=staff,
        start=now - timedelta(hours=3),
        end=now - timedelta(hours=2),
    )
    Decision.objects.create(meeting=meeting, text="The schedule is approved by the MAG.", decided_by="MAG")

    desk = new_page(timezone_id="Asia/Tokyo")
    secretariat_signs_in(desk, base, "sorina@example.org")
    desk.goto(f"{base}/programme/releases/")
    expect(desk.locator("main")).to_contain_text("Added: “Youth session” on")
    assert_accessible(desk, "programme-releases")
    desk.get_by_label("Note (optional)").fill("The draft for the MAG's call.")
    desk.get_by_role("button", name="Release version 1").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("The 2021 programme, version 1")
    expect(desk.locator("main")).to_contain_text("Not approved by the MAG yet.")

    desk.get_by_role("link", name="Record the MAG’s approval").click()
    assert_accessible(desk, "programme-approve")
    decision_option = desk.locator("#id_decision option", has_text="The schedule is approved by the MAG.")
    desk.get_by_label("The decision (optional)").select_option(decision_option.get_attribute("value"))
    desk.get_by_role("button", name="Mark approved by the MAG").click()
    expect(desk.locator(".approval")).to_contain_text("Approved by the MAG on")
    expect(desk.get_by_role("link", name="at the meeting “MAG call on the schedule”")).to_be_visible()
    assert_accessible(desk, "programme-version")
    release = ProgrammeRelease.objects.get(number=1)
    assert release.approved_meeting == meeting and release.approved_decision.text.startswith("The schedule")

    youth = ProgrammeSession.objects.get(title="Youth session")
    youth.starts_at += timedelta(days=1, hours=2)
    youth.save()
    desk.goto(f"{base}/programme/releases/")
    moved = desk.locator(".changes li")
    expect(moved).to_have_count(1)
    # In Tokyo time with UTC beside it: 13:00 UTC is 22:00 JST.
    expect(moved).to_contain_text("Moved: “Youth session” from")
    expect(moved).to_contain_text("22:00 JST (13:00 UTC)")
    desk.get_by_role("button", name="Release version 2").click()
    expect(desk.get_by_role("heading", level=2, name="What changed since version 1")).to_be_visible()
    expect(desk.locator(".changes")).to_contain_text("Moved: “Youth session”")

    desk.goto(f"{base}/programme/versions/")
    expect(desk.locator("tbody tr")).to_have_count(2)
    assert_accessible(desk, "programme-versions")


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_version_pages_fit_a_phone_and_read_right_to_left(now, live_server, browser, language, width):
    cycle, _team = _programme(now)
    staff = SecretariatFactory(email="secretariat@example.org")
    releases.programme_release(actor=staff, cycle=cycle, number=1, note="A note " * 40)
    context = _context_for(browser, live_server.url, "secretariat@example.org", language, width)
    page = context.new_page()
    for path in [
        "/programme/releases/",
        "/programme/versions/",
        "/programme/versions/1/",
        "/programme/versions/1/approve/",
    ]:
        page.goto(live_server.url + path)
        measured = page.evaluate(MEASURE)
        assert measured["dir"] == ("rtl" if language == "ar" else ""), path
        assert measured["width"] <= measured["window"] and not measured["unreachable"], (path, measured)
    context.close()
