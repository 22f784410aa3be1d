"""A facilitator turns a poll into a series of calls: the rotation that spreads the nights comes
first, with each person's count in words; the series page then lists the calls."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schedule.models import MeetingSeries
from schedule.services import polls
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import CycleFactory, FacilitatorRoleFactory, IssueTeamFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_facilitator_makes_a_series_from_a_poll_and_sees_its_calls(live_server, new_page, now):
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory())
    lead = FacilitatorRoleFactory(
        team=team, user__email="lucia@example.org", user__display_name="Lucía", user__time_zone="Europe/Paris"
    ).user
    for name, zone in (("Sam", "America/New_York"), ("Hiroshi", "Asia/Tokyo")):
        MembershipFactory(
            team=team,
            user__email=f"{name.lower()}@example.org",
            user__display_name=name,
            user__time_zone=zone,
        )
    day = (now + timedelta(days=4)).date()
    # 09:00 UTC is New York's night, 15:00 UTC Tokyo's, 01:00 UTC (the next day) Paris's.
    starts = [datetime.combine(day, time(h), tzinfo=UTC) for h in (9, 15)]
    starts.append(datetime.combine(day + timedelta(days=1), time(1), tzinfo=UTC))
    poll = polls.poll_create(
        actor=lead, team=team, title="Regular call", slots=starts, deadline=now + timedelta(days=1)
    )

    page = new_page(timezone_id="Europe/Paris")
    signs_in(page, base, lead.email)
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(base + reverse("schedule:poll", args=[poll.pk]))
    page.get_by_role("link", name="Make a series: regular calls, rotating between slots").click()
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_label("Number of calls").fill("6")
    page.get_by_role("button", name="Show the rotations").click()
    first = page.locator(".proposal").first
    expect(first).to_contain_text("at most 2 calls at night or outside hours for anyone")
    expect(first).to_contain_text("2 of 6 calls")
    assert first.get_by_role("radio").is_checked()
    assert_accessible(page, "series-proposals")
    page.get_by_role("button", name="Make the series and send the invitations").click()

    series = MeetingSeries.objects.get()
    page.wait_for_url(f"{base}{reverse('schedule:series', args=[series.pk])}")
    expect(page.locator("body")).to_contain_text("The series is scheduled")
    calls = page.get_by_role("region", name="Calls").get_by_role("listitem")
    expect(calls).to_have_count(6)
    expect(page.locator("table")).to_contain_text("Hiroshi")
    assert_accessible(page, "series")
