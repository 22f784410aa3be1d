"""A member sends apologies with a note from the meeting page; once the call has started, the
facilitator sets the group's quorum, marks who came (ticked from the answers) and reads the
attendance and the quorum in words."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from schedule.models import Meeting, MeetingAttendee
from teams.enums import Capacity
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
START = NOW + timedelta(days=1)


def test_a_member_sends_apologies_and_the_facilitator_marks_who_came(live_server, new_page):
    base = live_server.url
    with time_machine.travel(NOW, tick=False):
        team = IssueTeamFactory(cycle=CycleFactory(), area=IssueAreaFactory(name="Universal access"))
        lead = FacilitatorRoleFactory(
            team=team, user__email="lucia@example.org", user__display_name="Lucía"
        ).user
        priya = MembershipFactory(
            team=team, capacity=Capacity.MAG, user__email="priya@example.org", user__display_name="Priya"
        ).user
        omar = MembershipFactory(team=team, capacity=Capacity.MAG, user__display_name="Omar").user
        meeting = Meeting.objects.create(
            team=team, title="First call", organizer=lead, start=START, end=START + timedelta(hours=1)
        )
        for person in (lead, priya, omar):
            meeting.attendees.create(user=person)
        MeetingAttendee.objects.filter(meeting=meeting, user=omar).update(response="attending")

        # Omar's one-click link from his invitation: the page asks first, without signing in.
        link = new_page()
        token = MeetingAttendee.objects.get(meeting=meeting, user=omar).rsvp_token
        link.goto(f"{base}/meetings/answer/{token}/?answer=attending")
        expect(link.get_by_label("Attending", exact=True)).to_be_checked()
        assert_accessible(link, "meeting-answer-link")

        page = new_page()
        signs_in(page, base, "priya@example.org")
        page.goto(f"{base}/meetings/{meeting.pk}/")
        page.get_by_label("Apologies").check()
        page.get_by_label("Note (optional)").fill("Travelling to Geneva")
        page.get_by_role("button", name="Send my answer").click()
        expect(page.get_by_text("Your answer is saved: Apologies.")).to_be_visible()
        expect(page.get_by_text("Apologies from: Priya")).to_be_visible()
        assert_accessible(page, "meeting-answered")
    assert MeetingAttendee.objects.get(meeting=meeting, user=priya).response_note == "Travelling to Geneva"

    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        page = new_page()
        signs_in(page, base, "lucia@example.org")
        page.goto(f"{base}/meetings/{meeting.pk}/")
        expect(page.get_by_role("cell", name="Travelling to Geneva")).to_be_visible()
        page.get_by_label("Quorum rule").select_option("count")
        page.get_by_label("Quorum (members or percent)").fill("2")
        page.get_by_role("button", name="Save the quorum rule").click()
        expect(page.get_by_text("The group's quorum rule is saved.")).to_be_visible()
        # Omar said he would come: ticked already. Lucía came too.
        expect(page.get_by_role("checkbox", name="Omar")).to_be_checked()
        page.get_by_role("checkbox", name="Lucía").check()
        page.get_by_role("button", name="Save attendance").click()
        expect(page.get_by_text("Attendance is saved: 2 people present.")).to_be_visible()
        expect(page.locator(".attendance-summary")).to_have_text(
            "2 present · 1 apology · Quorum reached: yes"
        )
        assert_accessible(page, "meeting-attendance")
    assert sorted(
        MeetingAttendee.objects.filter(meeting=meeting, present=True).values_list("user_id", flat=True)
    ) == sorted([lead.pk, omar.pk])
