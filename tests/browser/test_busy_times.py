"""A member uploads her own calendar from her profile, on a phone: a bad file is said on the form,
a good one counts her busy times without their titles; she removes it. Nobody else sees it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schedule.models import BusyTime
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import UserFactory
from tests.support.ics import all_day, calendar, event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_uploads_her_calendar_in_her_profile(live_server, new_page, now, tmp_path):
    base = live_server.url
    amina = UserFactory(email="amina@example.org", display_name="Amina", time_zone="Africa/Nairobi")
    good = tmp_path / "work.ics"
    good.write_bytes(
        calendar(
            event("dentist@x", now + timedelta(days=2), summary="Dentist appointment"),
            event("weekly@x", now + timedelta(days=1), extra="RRULE:FREQ=WEEKLY;COUNT=3\r\n"),
            all_day("leave@x", now + timedelta(days=20), days=2),
        )
    )
    bad = tmp_path / "notes.ics"
    bad.write_text("Just some notes, not a calendar.")

    page = new_page(timezone_id="Africa/Nairobi")
    page.set_viewport_size({"width": 390, "height": 800})
    signs_in(page, base, amina.email)
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(base + reverse("profile_edit"))
    page.get_by_role("region", name="Your busy times").get_by_role("link", name="Your busy times").click()
    expect(page.get_by_role("heading", name="Your busy times", level=1)).to_be_visible()
    expect(page.locator("body")).to_contain_text("You have given no calendar yet.")

    page.get_by_label("Or a file").set_input_files(str(bad))
    page.get_by_role("button", name="Add the calendar").click()
    expect(page.locator("body")).to_contain_text("This is not an iCalendar (.ics) file.")
    assert_accessible(page, "busy-times-error")

    page.get_by_label("Or a file").set_input_files(str(good))
    page.get_by_role("button", name="Add the calendar").click()
    expect(page.locator("body")).to_contain_text("Your calendar is added with 5 busy times.")
    expect(page.locator("body")).to_contain_text("5 busy times in the next 8 weeks")
    expect(page.locator("body")).not_to_contain_text("Dentist")
    assert BusyTime.objects.filter(user=amina).count() == 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "busy-times")

    page.get_by_role("button", name="Remove").click()
    expect(page.locator("body")).to_contain_text("The calendar is removed with its busy times.")
    assert not BusyTime.objects.exists()
