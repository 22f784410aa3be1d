"""A member in Dubai, whose weekend is Friday and Saturday, says so in her profile (on a phone, and
in Arabic, right to left); the facilitator's poll ranking then says a Friday slot is outside her
working days, without showing her hours."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from common.timezones import day_and_clock
from schedule.services import polls
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import CycleFactory, FacilitatorRoleFactory, IssueTeamFactory, MembershipFactory
from tests.support.text import plain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DUBAI = zoneinfo.ZoneInfo("Asia/Dubai")


def _next_friday_at_ten(now):
    day = (now + timedelta(days=2)).astimezone(DUBAI).date()
    while day.weekday() != 4:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, tzinfo=DUBAI)


def test_hours_set_in_the_profile_show_in_a_polls_ranking(live_server, new_page, now):
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory())
    lead = FacilitatorRoleFactory(
        team=team, user__email="lucia@example.org", user__display_name="Lucía", user__time_zone="Asia/Dubai"
    ).user
    amina = MembershipFactory(
        team=team, user__email="amina@example.org", user__display_name="Amina", user__time_zone="Asia/Dubai"
    ).user
    friday = _next_friday_at_ten(now)
    poll = polls.poll_create(
        actor=lead, team=team, title="Weekend check", slots=[friday], deadline=now + timedelta(days=1)
    )

    # 1. Amina, on a phone, sets Sunday to Thursday, 08:00 to 16:00.
    page = new_page(timezone_id="Asia/Dubai")
    page.set_viewport_size({"width": 390, "height": 800})
    signs_in(page, base, amina.email)
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(base + reverse("profile_edit"))
    section = page.get_by_role("region", name="When you can take calls")
    for day in ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"):
        section.get_by_role("checkbox", name=day, exact=True).check()
    section.get_by_label("Sunday From").fill("17:00")
    section.get_by_label("Sunday To").fill("09:00")
    section.get_by_role("button", name="Save call hours").click()
    expect(page.locator("body")).to_contain_text("The day's hours must start before they end.")
    assert_accessible(page, "call-hours-error")
    section = page.get_by_role("region", name="When you can take calls")
    for day in ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"):
        section.get_by_label(f"{day} From").fill("08:00")
        section.get_by_label(f"{day} To").fill("16:00")
    section.get_by_role("button", name="Save call hours").click()
    expect(page.locator("body")).to_contain_text("Your call hours are saved.")
    assert page.get_by_role("checkbox", name="Friday", exact=True).is_checked() is False
    assert page.get_by_role("checkbox", name="Sunday", exact=True).is_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "call-hours-phone")

    # The same section right to left, on a phone: nothing scrolls sideways.
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": base}])
    page.goto(base + reverse("profile_edit"))
    assert page.evaluate("document.dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "call-hours-rtl")

    # 2. The facilitator's ranking: outside Amina's working days, in her local time; not her hours.
    lead_page = new_page(timezone_id="Asia/Dubai")
    signs_in(lead_page, base, lead.email)
    lead_page.wait_for_url(f"{base}/dashboard/")
    lead_page.goto(base + reverse("schedule:poll", args=[poll.pk]))
    ranking = lead_page.locator("ol.ranking")
    expect(ranking).to_contain_text("working days")
    assert f"outside Amina's working days (Dubai {day_and_clock(friday)})" in plain(ranking.inner_text())
    expect(ranking).not_to_contain_text("16:00")
    assert_accessible(lead_page, "call-hours-ranking")
