"""A facilitator downloads the group's attendance and action items from its page; a member finds
only the action items there."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from schedule.enums import MeetingResponse
from schedule.models import ActionItem, Meeting
from tests.browser.conftest import signs_in
from tests.factories import (
    CycleFactory,
    FacilitatorRoleFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MembershipFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_facilitator_downloads_the_groups_files_and_a_member_its_action_items(now, live_server, new_page):
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory(), area=IssueAreaFactory(name="Trust, security and stability"))
    chair = FacilitatorRoleFactory(
        team=team, user__email="amina@example.org", user__display_name="Amina"
    ).user
    member = MembershipFactory(team=team, user__email="priya@example.org", user__display_name="Priya").user
    meeting = Meeting.objects.create(
        team=team,
        title="Second call",
        organizer=chair,
        start=now - timedelta(hours=2),
        end=now - timedelta(hours=1),
    )
    meeting.attendees.create(user=member, response=MeetingResponse.APOLOGIES, present=False)
    ActionItem.objects.create(meeting=meeting, text="Circulate the notes", owner=member, due_at=now)

    desk = new_page()
    signs_in(desk, base, chair.email)
    desk.goto(f"{base}{team.get_absolute_url()}")
    with desk.expect_download() as download:
        desk.get_by_role("link", name="attendance at the group's meetings").click()
    assert download.value.suggested_filename == f"igfmag-{team.cycle.year}-{team.slug}-attendance.csv"
    text = Path(download.value.path()).read_text()
    assert "Priya" in text and "Apologies" in text and "@" not in text

    page = new_page()
    signs_in(page, base, member.email)
    page.goto(f"{base}{team.get_absolute_url()}")
    expect(page.get_by_role("link", name="attendance at the group's meetings")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="the group's action items").click()
    assert download.value.suggested_filename == f"igfmag-{team.cycle.year}-{team.slug}-action-items.csv"
    assert "Circulate the notes" in Path(download.value.path()).read_text()
