"""The ranking's strips (issue 16) fit a 390 px phone, left to right and right to left, and pass axe:
each strip is as wide as the line, its time axis left to right in Arabic too, its words beside it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from schedule.services import polls
from tests.browser.conftest import assert_accessible
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import MembershipFactory

ZONES = ["Asia/Tokyo", "America/New_York", "Pacific/Auckland", "Pacific/Honolulu", "Europe/Paris"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_strips_fit_a_phone_and_pass_axe(now, live_server, browser, team, facilitator, language):
    facilitator.time_zone = "Europe/London"
    facilitator.save()
    for i, zone in enumerate(ZONES):
        MembershipFactory(team=team, user__display_name=f"Person {i}", user__time_zone=zone)
    day = (now + timedelta(days=3)).date()
    start = datetime(day.year, day.month, day.day, 21, tzinfo=ZoneInfo("UTC"))
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Strips call",
        slots=[start, start + timedelta(hours=10)],
        deadline=now + timedelta(days=1),
        duration_minutes=90,
    )
    context = _context_for(browser, live_server.url, facilitator.email, language, 390)
    page = context.new_page()
    page.clock.set_fixed_time(now)
    page.goto(f"{live_server.url}/polls/{poll.pk}/")
    measured = page.evaluate(MEASURE)
    assert measured["width"] <= measured["window"] and not measured["unreachable"], measured
    assert (measured["dir"] == "rtl") == (language == "ar")
    strips = page.locator("svg.strip")
    assert strips.count() == 2 * (len(ZONES) + 1)
    box = strips.first.bounding_box()
    assert box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # The bar sits where the clock says, left to right in both directions (00:00 at the left).
    bar = strips.first.locator("rect.slot").first.bounding_box()
    x = int(strips.first.locator("rect.slot").first.get_attribute("x"))
    assert abs((bar["x"] - box["x"]) / box["width"] - x / 1440) < 0.02
    assert_accessible(page, f"poll-strips-{language}")
    context.close()
