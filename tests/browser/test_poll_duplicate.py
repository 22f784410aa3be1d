"""A facilitator runs last round's poll again: a week later, across Europe's spring change, with a
preview of the new slots in their zone and UTC; going back and sending the form again makes no
second poll."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from accounts.models import AuditEvent
from schedule.models import AvailabilityPoll, Vote
from schedule.services import polls
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import (
    CycleFactory,
    FacilitatorRoleFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MembershipFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
# 15:00 in Paris on Wednesday 24 March (CET, 14:00 UTC); a week on, after the clocks go forward on
# the 28th, 15:00 in Paris is 13:00 UTC.
SLOT = datetime(2027, 3, 24, 14, 0, tzinfo=UTC)


def test_facilitator_runs_the_poll_again_a_week_later(live_server, new_page):
    base = live_server.url
    with time_machine.travel(NOW, tick=False):
        team = IssueTeamFactory(cycle=CycleFactory(), area=IssueAreaFactory(name="Universal access"))
        lead = FacilitatorRoleFactory(
            team=team,
            user__email="lucia@example.org",
            user__display_name="Lucía",
            user__time_zone="Europe/Paris",
        ).user
        priya = MembershipFactory(team=team, user__display_name="Priya", user__time_zone="Asia/Kolkata").user
        poll = polls.poll_create(
            actor=lead,
            team=team,
            title="Fortnightly call",
            deadline=NOW + timedelta(days=2),
            slots=[SLOT],
            entered_time_zone="Europe/Paris",
            guests=["gary@example.org"],
        )
        polls.vote_submit(invitee=poll.invitees.get(user=priya), answers={poll.slots.get().pk: "yes"})

        page = new_page(timezone_id="Europe/Paris")
        page.clock.set_fixed_time(NOW)
        signs_in(page, base, lead.email)
        page.wait_for_url(f"{base}/dashboard/")
        page.goto(f"{base}/polls/{poll.pk}/")
        page.get_by_role("link", name="Run it again: a copy for the next round of calls").click()
        assert page.get_by_role("heading", name="Run the poll again").is_visible()
        expect(page.get_by_label("Title")).to_have_value("Fortnightly call")
        expect(page.get_by_role("radio", name="One week later")).to_be_checked()
        assert_accessible(page, "poll-duplicate")

        # The preview: the same wall-clock time in Paris, an hour earlier in UTC.
        page.get_by_label("Title").fill("Fortnightly call (2)")
        page.get_by_role("button", name="Preview the new slots").click()
        preview = page.get_by_role("region", name="The new poll’s slots")
        expect(preview).to_contain_text("Wed 31 Mar 2027, 15:00 CEST (13:00 UTC)")
        assert AvailabilityPoll.objects.count() == 1
        assert_accessible(page, "poll-duplicate-preview")

        page.get_by_role("button", name="Open the new poll").click()
        expect(page.locator(".messages")).to_contain_text("The new poll is open")
        copy = AvailabilityPoll.objects.exclude(pk=poll.pk).get()
        assert page.url == f"{base}/polls/{copy.pk}/"
        assert copy.title == "Fortnightly call (2)"
        assert list(copy.slots.values_list("start", flat=True)) == [datetime(2027, 3, 31, 13, 0, tzinfo=UTC)]
        assert {i.address for i in copy.invitees.select_related("user")} == {
            "lucia@example.org",
            priya.email,
            "gary@example.org",
        }
        assert not Vote.objects.filter(invitee__poll=copy).exists()
        assert AuditEvent.objects.filter(action="poll_created", details__copied_from=poll.pk).count() == 1

        # Back to the form, sent again: the same poll, not a second one.
        page.go_back()
        page.wait_for_url("**/duplicate/")
        page.get_by_role("button", name="Open the new poll").click()
        expect(page.locator(".messages")).to_contain_text("already made from the same form")
        assert page.url == f"{base}/polls/{copy.pk}/"
        assert AvailabilityPoll.objects.count() == 2
