"""The secretariat imports an outside calendar (NRI events) from an .ics file, from the timeline,
and finds its events by day in its own zone with UTC beside them; a bad file is said on the form;
it stops using the calendar and uses it again."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from schedule.models import OutsideCalendar
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in
from tests.factories import CycleFactory, SecretariatFactory
from tests.support.ics import calendar, event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_uploads_an_ics_and_sees_its_events(now, live_server, new_page, tmp_path):
    base = live_server.url
    CycleFactory()
    TOTP.activate(SecretariatFactory(email="anja@example.org", time_zone="Europe/Paris", totp=False), SECRET)
    forum = (now + timedelta(days=5)).replace(hour=10, minute=0, second=0, microsecond=0)
    ics = tmp_path / "nri.ics"
    ics.write_bytes(
        calendar(
            event("forum@nri.example.org", forum, summary="West African IGF", extra="LOCATION:Accra\r\n"),
            event("call@nri.example.org", forum + timedelta(days=7), summary="NRI coordination call"),
        )
    )
    bad = tmp_path / "notes.ics"
    bad.write_text("Just some notes, not a calendar.")

    page = new_page(timezone_id="Europe/Paris")
    secretariat_signs_in(page, base, "anja@example.org")
    page.goto(f"{base}/milestones/")
    page.get_by_role("link", name="Outside calendars").click()
    expect(page.get_by_role("heading", name="Outside calendars", level=1)).to_be_visible()

    page.get_by_label("Name").fill("NRI events")
    page.get_by_label("Or its file").set_input_files(str(bad))
    page.get_by_role("button", name="Add the calendar").click()
    expect(page.locator("body")).to_contain_text("This is not an iCalendar (.ics) file.")
    assert not OutsideCalendar.objects.exists()

    page.get_by_label("Or its file").set_input_files(str(ics))
    assert_accessible(page, "outside-calendars")
    page.get_by_role("button", name="Add the calendar").click()
    expect(page.locator("body")).to_contain_text("is added with 2 events")
    expect(page.get_by_role("heading", name="NRI events", level=1)).to_be_visible()
    first = page.get_by_role("listitem").filter(has_text="West African IGF")
    expect(first).to_contain_text("Accra")
    expect(first).to_contain_text("(10:00–12:00 UTC)")  # the reader's zone first, UTC beside it
    expect(page.locator("body")).to_contain_text("NRI coordination call")
    assert_accessible(page, "outside-calendar")

    # Stop using it: kept, not fetched, clashing with nothing; then used again.
    page.get_by_role("button", name="Stop using it").click()
    expect(page.locator("body")).to_contain_text("“NRI events” is no longer used")
    expect(page.locator("dd").filter(has_text="it is not fetched")).to_be_visible()
    assert_accessible(page, "outside-calendar-not-in-use")
    assert not OutsideCalendar.objects.get().is_active
    page.get_by_role("link", name="Outside calendars").click()
    expect(page.get_by_role("row").filter(has_text="NRI events")).to_contain_text("(not in use)")
    page.get_by_role("link", name="NRI events").click()
    page.get_by_role("button", name="Use it again").click()
    expect(page.locator("body")).to_contain_text("“NRI events” is in use again")
    assert OutsideCalendar.objects.get().is_active

    page.get_by_role("link", name="Outside calendars").click()
    expect(page.get_by_role("row").filter(has_text="NRI events")).to_contain_text("File")
