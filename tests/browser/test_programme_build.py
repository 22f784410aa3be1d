"""Building the programme in a browser: the secretariat adds an accepted proposal, places it at
10:00 in Tokyo and reads it at 01:00 UTC on the draft, books Zoom 1 for it, and is told by name
that Zoom 1 is taken when booking it for a second session at the same time. The pages pass axe,
fit a 390 px phone and read right to left in Arabic."""

from datetime import UTC, datetime, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from programme.models import ProgrammeSession, Resource
from programme.services import build
from review.models import Entry, ReviewRound
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import CycleFactory, SecretariatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _draft(now):
    cycle = CycleFactory(year=2021)
    review_round = ReviewRound.objects.create(cycle=cycle)
    Entry.objects.create(
        round=review_round, source="imported", title="Youth and the Internet", status="accepted"
    )
    Resource.objects.create(name="Zoom 1", join_url="https://zoom.example.org/j/1")
    Resource.objects.create(name="Zoom 2", join_url="https://zoom.example.org/j/2")
    return cycle


def test_the_secretariat_places_a_proposal_in_tokyo_time_and_books_zoom_once(now, live_server, new_page):
    base = live_server.url
    cycle = _draft(now)
    staff = SecretariatFactory(email="luis@example.org", display_name="Luis", totp=False)
    TOTP.activate(staff, SECRET)
    day = (now + timedelta(days=20)).date()

    desk = new_page(timezone_id="Asia/Tokyo")
    secretariat_signs_in(desk, base, "luis@example.org")
    desk.goto(f"{base}/programme/build/")
    assert_accessible(desk, "programme-build")
    desk.get_by_role("button", name="Add to the programme: “Youth and the Internet”").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Edit “Youth and the Internet”")
    desk.get_by_label("Starts (date and time)").fill(f"{day:%Y-%m-%d}T10:00")
    desk.get_by_label("in the time zone").select_option("Asia/Tokyo")
    desk.get_by_label("Length (minutes)").fill("60")
    desk.get_by_role("button", name="Save").click()
    expect(desk.locator("main")).to_contain_text("01:00–02:00 UTC")
    session = ProgrammeSession.objects.get(title="Youth and the Internet")
    assert session.starts_at == datetime(day.year, day.month, day.day, 1, tzinfo=UTC)

    desk.get_by_label("Room or channel").select_option(label="Zoom 1")
    desk.get_by_role("button", name="Book").click()
    expect(desk.locator("body")).to_contain_text("Zoom 1 is booked for this session.")
    assert_accessible(desk, "programme-session-edit")

    # A second session at the same time: Zoom 1 is taken, and the form says by what.
    other = build.session_add(
        actor=staff, cycle=cycle, title="NRI session", convener="nri", starts_at=session.starts_at, minutes=60
    )
    desk.goto(f"{base}/programme/build/{other.pk}/")
    desk.get_by_label("Room or channel").select_option(label="Zoom 1")
    desk.get_by_role("button", name="Book").click()
    expect(desk.locator('form[action$="/book/"]')).to_contain_text(
        f"Zoom 1 is booked {day:%Y-%m-%d} 01:00–02:00 UTC for “Youth and the Internet”."
    )
    assert not other.bookings.exists()

    desk.goto(f"{base}/programme/build/?day={day:%Y-%m-%d}")
    expect(desk.locator("main")).to_contain_text("Youth and the Internet")
    expect(desk.locator("main")).to_contain_text("01:00–02:00 UTC")
    desk.goto(f"{base}/programme/resources/")
    assert_accessible(desk, "programme-resources")


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_build_pages_fit_a_phone_and_read_right_to_left(now, live_server, browser, language, width):
    cycle = _draft(now)
    staff = SecretariatFactory(email="secretariat@example.org")
    session = build.session_add(
        actor=staff,
        cycle=cycle,
        title="A rather long title of a session " * 4,
        convener="cd",
        starts_at=now.replace(microsecond=0) + timedelta(days=5),
    )
    zoom = Resource.objects.get(name="Zoom 1")
    context = _context_for(browser, live_server.url, "secretariat@example.org", language, width)
    page = context.new_page()
    day = f"{session.starts_at:%Y-%m-%d}"
    for path in [
        f"/programme/build/?day={day}",
        f"/programme/build/{session.pk}/",
        "/programme/resources/",
        f"/programme/resources/{zoom.pk}/",
    ]:
        page.goto(live_server.url + path)
        measured = page.evaluate(MEASURE)
        assert measured["dir"] == ("rtl" if language == "ar" else ""), path
        assert measured["width"] <= measured["window"] and not measured["unreachable"], (path, measured)
    context.close()
