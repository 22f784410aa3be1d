"""A facilitator makes a meeting public on its edit page; a visitor finds it from the site's
navigation on the public meetings page, in their own zone with UTC beside it, with the group and
the video link, and nothing about who is invited."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from schedule.models import Meeting
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import CycleFactory, FacilitatorRoleFactory, IssueAreaFactory, IssueTeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)
START = NOW + timedelta(days=1)  # 09:00 UTC, 18:00 in Tokyo


def test_a_facilitator_publishes_a_meeting_and_a_visitor_sees_it_in_their_zone(live_server, new_page):
    base = live_server.url
    with time_machine.travel(NOW, tick=False):
        team = IssueTeamFactory(cycle=CycleFactory(), area=IssueAreaFactory(name="Universal access"))
        lead = FacilitatorRoleFactory(
            team=team, user__email="lucia@example.org", user__display_name="Lucía"
        ).user
        meeting = Meeting.objects.create(
            team=team,
            title="Open consultation",
            organizer=lead,
            start=START,
            end=START + timedelta(hours=1),
            video_link="https://meet.example.org/open",
        )
        meeting.attendees.create(user=lead)

        page = new_page()
        signs_in(page, base, "lucia@example.org")
        page.goto(f"{base}/meetings/{meeting.pk}/edit/")
        page.get_by_label("Public: show its title, time, agenda and video link", exact=False).check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The meeting is saved.")).to_be_visible()
        expect(page.get_by_role("link", name="Listed on the public meetings page")).to_be_visible()

        visitor = new_page(timezone_id="Asia/Tokyo")
        visitor.goto(f"{base}/")
        visitor.get_by_role("link", name="Public meetings").click()
        card = visitor.locator(f"#meeting-{meeting.pk}")
        expect(card.get_by_role("heading", name="Open consultation")).to_be_visible()
        expect(card.locator("time").first).to_contain_text("18:00")
        expect(card).to_contain_text("JST")
        expect(card.locator(".utc").first).to_contain_text("09:00")
        expect(card.get_by_role("link", name="Universal access")).to_be_visible()
        expect(card.get_by_role("link", name="Join the call")).to_have_attribute(
            "href", "https://meet.example.org/open"
        )
        expect(visitor.get_by_text("Lucía")).to_have_count(0)
        assert_accessible(visitor, "public-meetings")
