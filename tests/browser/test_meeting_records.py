"""A facilitator writes a meeting's record: minutes, a decision, an action item for a member; the
member finds the item on the dashboard and marks it done."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from schedule.enums import ActionItemStatus
from schedule.models import ActionItem, Meeting
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import (
    CycleFactory,
    FacilitatorRoleFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MembershipFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_facilitator_records_the_meeting_and_the_member_closes_the_action(now, live_server, new_page):
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory(), area=IssueAreaFactory(name="Trust, security and stability"))
    chair = FacilitatorRoleFactory(
        team=team, user__email="amina@example.org", user__display_name="Amina"
    ).user
    member = MembershipFactory(
        team=team, user__email="priya@example.org", user__display_name="Priya", user__time_zone="Asia/Kolkata"
    ).user
    meeting = Meeting.objects.create(
        team=team,
        title="Second call",
        organizer=chair,
        start=now - timedelta(hours=2),
        end=now - timedelta(hours=1),
    )

    desk = new_page(timezone_id="Europe/Paris")
    signs_in(desk, base, chair.email)
    desk.goto(f"{base}/meetings/{meeting.pk}/")
    desk.get_by_role("link", name=re.compile("Write the record")).click()
    desk.get_by_label("Minutes (Markdown)").fill("## Summary\n\nWe **agreed** on the plan.")
    desk.get_by_label("Link to the transcript").fill("https://example.org/transcript")
    desk.get_by_role("button", name="Save the minutes and links").click()
    expect(desk.locator("body")).to_contain_text("The minutes and links are saved.")
    desk.get_by_role("textbox", name="Decision:").fill("Adopt the work plan.")
    desk.get_by_role("button", name="Add the decision").click()
    expect(desk.locator("body")).to_contain_text("The decision is recorded.")
    desk.get_by_role("textbox", name="Action:").fill("Circulate the notes")
    # The group is not listed: part of the name offers the members who match, one is picked.
    owner = desk.get_by_role("textbox", name="The member")
    owner.press_sequentially("pri")
    expect(desk.get_by_role("status").filter(has_text="1 member matches.")).to_be_visible()
    assert_accessible(desk, "meeting-record-member-suggestions")
    desk.get_by_role("button", name="Priya").click()
    expect(owner).to_have_value("Priya")
    desk.get_by_label("Due (date and time)").fill(f"{now + timedelta(days=3):%Y-%m-%d}T17:00")
    desk.get_by_label("in the time zone").select_option("Europe/Paris")
    assert_accessible(desk, "meeting-record")
    desk.get_by_role("button", name="Add the action item").click()
    expect(desk.locator("body")).to_contain_text("The action item is recorded.")
    item = ActionItem.objects.get()
    assert item.owner == member and item.entered_time_zone == "Europe/Paris"

    # Without a suggestion picked, the address in full names the member when the form is sent; a
    # name two members share is sent back with the names to choose between, nothing saved.
    MembershipFactory(team=team, user__email="priyanka@example.org", user__display_name="Priyanka")
    desk.get_by_role("textbox", name="Action:").fill("Book the room")
    desk.get_by_role("textbox", name="The member").fill("PRIYA@example.org")
    desk.get_by_label("Due (date and time)").fill(f"{now + timedelta(days=4):%Y-%m-%d}T17:00")
    desk.get_by_role("button", name="Add the action item").click()
    expect(desk.locator("body")).to_contain_text("The action item is recorded.")
    assert ActionItem.objects.get(text="Book the room").owner == member
    desk.get_by_role("textbox", name="Action:").fill("Chase the speakers")
    desk.get_by_role("textbox", name="The member").fill("pri")
    desk.get_by_label("Due (date and time)").fill(f"{now + timedelta(days=4):%Y-%m-%d}T17:00")
    desk.get_by_role("button", name="Add the action item").click()
    expect(desk.locator("body")).to_contain_text("Several members match “pri”: Priya, Priyanka.")
    assert not ActionItem.objects.filter(text="Chase the speakers").exists()

    desk.goto(f"{base}/meetings/{meeting.pk}/")
    record = desk.locator("section", has=desk.get_by_role("heading", name="Meeting record"))
    expect(record).to_contain_text("We agreed on the plan.")
    expect(record).to_contain_text("Adopt the work plan.")
    expect(record.get_by_role("link", name="Transcript")).to_have_attribute(
        "href", "https://example.org/transcript"
    )

    page = new_page(timezone_id="Asia/Kolkata")
    signs_in(page, base, member.email)
    page.wait_for_url(f"{base}/dashboard/")
    row = page.get_by_role("row", name=re.compile("Circulate the notes"))
    assert "IST" in row.inner_text() and "UTC" in row.inner_text()
    assert_accessible(page, "dashboard-with-action-item")
    row.get_by_role("button", name=re.compile("Mark done")).click()
    expect(page.locator("body")).to_contain_text("The action item is updated.")
    expect(page.get_by_role("row", name=re.compile("Circulate the notes"))).to_have_count(0)
    assert ActionItem.objects.get(text="Circulate the notes").status == ActionItemStatus.DONE
