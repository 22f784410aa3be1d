"""A facilitator withdraws a guest's link from the poll page, after confirming; the guest's link
then says it was withdrawn and shows nothing of the poll."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts.models import AuditEvent
from schedule.services import polls
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import CycleFactory, FacilitatorRoleFactory, IssueAreaFactory, IssueTeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)


def test_facilitator_withdraws_a_guest_link(live_server, new_page):
    base = live_server.url
    with time_machine.travel(NOW, tick=False):
        team = IssueTeamFactory(cycle=CycleFactory(), area=IssueAreaFactory(name="Universal access"))
        lead = FacilitatorRoleFactory(
            team=team, user__email="lucia@example.org", user__display_name="Lucía"
        ).user
        poll = polls.poll_create(
            actor=lead,
            team=team,
            title="First call",
            deadline=NOW + timedelta(days=2),
            slots=[NOW + timedelta(days=4)],
            guests=["gary@example.org", "gita@example.org"],
        )
        gary = poll.invitees.get(email="gary@example.org")

        guest = new_page(timezone_id="America/Los_Angeles")
        guest.clock.set_fixed_time(NOW)
        guest.goto(f"{base}/polls/answer/{gary.token}/")
        assert guest.get_by_role("button", name="Save my answers").is_visible()

        page = new_page(timezone_id="Europe/Paris")
        page.clock.set_fixed_time(NOW)
        signs_in(page, base, lead.email)
        page.wait_for_url(f"{base}/dashboard/")
        page.goto(f"{base}/polls/{poll.pk}/")
        assert "gary@example.org" not in page.content()
        page.get_by_role("link", name="Guests and their links").click()
        assert_accessible(page, "poll-guests")
        page.get_by_role("link", name="Withdraw the link of gary@example.org").click()
        assert page.get_by_role("heading", name="Withdraw this guest’s link?").is_visible()
        assert_accessible(page, "poll-guest-withdraw")
        gary.refresh_from_db()
        assert gary.revoked_at is None
        page.get_by_role("button", name="Yes, withdraw the link").click()
        assert "The guest’s link is withdrawn" in page.locator(".messages").inner_text()
        row = page.get_by_role("row", name="gary@example.org")
        assert "Withdrawn" in row.inner_text()
        assert page.get_by_role("link", name="Withdraw the link of gita@example.org").is_visible()
        gary.refresh_from_db()
        assert gary.revoked_at == NOW
        assert AuditEvent.objects.filter(action="poll_guest_revoked", actor=lead).count() == 1

        guest.reload()
        assert guest.get_by_role("heading", name="This link no longer works").is_visible()
        assert "withdrew your invitation" in guest.content()
        assert "First call" not in guest.content() and "Universal access" not in guest.content()
        assert_accessible(guest, "poll-guest-withdrawn")
