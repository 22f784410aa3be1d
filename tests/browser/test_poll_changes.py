"""A facilitator changes an open poll (adds a slot, removes one after confirming that its answers
go, adds a guest, moves the deadline), reads the ranking's short lines with the names one click
away, and is warned before scheduling the slot nobody can attend."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from accounts.models import AuditEvent
from schedule.models import AvailabilityPoll, Meeting, Vote
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
NOW = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)
# In Paris (CEST): 14 May 09:00 and 15 May 15:00; the slot added below is 16 May 23:00.
MORNING, AFTERNOON = datetime(2027, 5, 14, 7, 0, tzinfo=UTC), datetime(2027, 5, 15, 13, 0, tzinfo=UTC)
ADDED = datetime(2027, 5, 16, 21, 0, tzinfo=UTC)


def test_facilitator_changes_the_poll_then_is_warned_before_scheduling_a_slot_nobody_can_attend(
    live_server, new_page
):
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
        for n in range(5):  # five in Los Angeles who have not answered: both slots are their night
            MembershipFactory(
                team=team, user__display_name=f"Night Owl {n}", user__time_zone="America/Los_Angeles"
            )
        poll = polls.poll_create(
            actor=lead,
            team=team,
            title="First call",
            deadline=NOW + timedelta(days=2),
            slots=[MORNING, AFTERNOON],
            entered_time_zone="Europe/Paris",
        )
        morning = poll.slots.get(start=MORNING)
        polls.vote_submit(
            invitee=poll.invitees.get(user=priya),
            answers={morning.pk: "yes", poll.slots.get(start=AFTERNOON).pk: "maybe"},
        )

        page = new_page(timezone_id="Europe/Paris")
        page.clock.set_fixed_time(NOW)
        signs_in(page, base, lead.email)
        page.wait_for_url(f"{base}/dashboard/")
        page.goto(f"{base}/polls/{poll.pk}/")

        # The ranking's lines count people by place; the names are one click away, on the slot's page.
        night_line = page.locator("ol.ranking li").filter(has_text="night for 5 yet to answer").first
        assert "Los Angeles" in night_line.inner_text() and "Night Owl" not in night_line.inner_text()
        night_line.get_by_role("link", name="who").click()
        assert page.get_by_role("heading", name="For whom this slot falls at night").is_visible()
        assert all(f"Night Owl {n}" in page.locator("main").inner_text() for n in range(5))
        assert_accessible(page, "poll-slot-nights")
        page.goto(f"{base}/polls/{poll.pk}/")
        assert_accessible(page, "poll-ranking-summarised")

        # 1. Change the poll.
        page.get_by_role("link", name="Change the poll: slots, guests, deadline").click()
        assert page.get_by_role("heading", name="Change the poll").is_visible()
        assert_accessible(page, "poll-edit")
        page.get_by_label("Times below are in").select_option("Europe/Paris")
        page.get_by_label("Add slots, one per line").fill("2027-05-16 23:00")
        page.get_by_role("checkbox", name="Fri 14 May 2027, 09:00 CEST").check()
        page.get_by_label("Add guests by email").fill("gary@example.org")
        page.get_by_label("Move the deadline to").fill("2027-05-13T18:00")
        page.get_by_role("button", name="Save the changes").click()
        # Priya answered the slot to remove: the page asks first, and nothing changed yet.
        assert "1 answer was given to the slots you remove and will be deleted" in page.content()
        assert poll.slots.count() == 2
        assert_accessible(page, "poll-edit-confirm")
        page.get_by_label("Yes, delete the answers given to the slots I remove").check()
        page.get_by_role("button", name="Save the changes").click()
        assert "The poll is changed; everyone invited is told." in page.locator(".messages").inner_text()

        poll = AvailabilityPoll.objects.get(pk=poll.pk)
        assert [s.start for s in poll.slots.all()] == [AFTERNOON, ADDED]
        assert poll.deadline == datetime(2027, 5, 13, 16, 0, tzinfo=UTC)
        assert poll.invitees.filter(email="gary@example.org").exists()
        assert not Vote.objects.filter(slot=morning.pk).exists()
        assert AuditEvent.objects.filter(action="poll_changed", actor=lead).count() == 1
        legends = page.locator("fieldset.slot legend").all_inner_texts()
        assert legends[1].startswith("Sun 16 May 2027, 23:00 CEST") and "night for you" in legends[1]

        # 2. Scheduling the new slot, which nobody said yes to, asks first.
        page.get_by_role("link", name="Choose a slot and invite").click()
        page.wait_for_url("**/finalise/")
        assert "Nobody can attend" not in page.content()  # the best slot is proposed: Priya may come
        page.get_by_role("radio", name="Sun 16 May 2027, 23:00 CEST (21:00 UTC)").check()
        page.get_by_role("button", name="Schedule the meeting").click()
        assert page.get_by_role("alert").filter(has_text="Nobody can attend this slot.").is_visible()
        assert not Meeting.objects.exists()
        assert_accessible(page, "poll-finalise-warning")
        page.get_by_label("Schedule it anyway, although nobody said yes or if need be").check()
        page.get_by_role("button", name="Schedule the meeting").click()
        expect(page.locator("body")).to_contain_text("The meeting is scheduled")
        assert Meeting.objects.get().start == ADDED
