"""Before the call: a facilitator asks a member for a read-ahead paper; the member uploads it as a
PDF and posts written input on an agenda item; the facilitator finds both on the meeting page."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from schedule.enums import PaperStatus
from schedule.models import AgendaInput, Meeting, MeetingPaper
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import CycleFactory, FacilitatorRoleFactory, IssueTeamFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_paper_is_asked_for_given_and_input_reaches_the_chair(now, live_server, new_page, tmp_path):
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory())
    chair = FacilitatorRoleFactory(
        team=team, user__email="amina@example.org", user__display_name="Amina"
    ).user
    member = MembershipFactory(team=team, user__email="priya@example.org", user__display_name="Priya").user
    meeting = Meeting.objects.create(
        team=team,
        title="Second call",
        organizer=chair,
        agenda="1. Hybrid formats\n2. Workshop process",
        start=now + timedelta(days=7),
        end=now + timedelta(days=7, hours=1),
    )
    url = f"{base}/meetings/{meeting.pk}/"

    desk = new_page()
    signs_in(desk, base, chair.email)
    desk.goto(url)
    desk.get_by_role("link", name="Ask someone for a paper").click()
    desk.get_by_role("textbox", name="Paper:", exact=True).fill("Background note on hybrid formats")
    desk.get_by_role("textbox", name="Asked of").fill(member.email)
    desk.get_by_label("Due (days before the meeting)").fill("3")
    desk.get_by_role("button", name="Ask for the paper").click()
    expect(desk.locator("body")).to_contain_text("is asked for")
    assert MeetingPaper.objects.get().owner == member

    page = new_page()
    signs_in(page, base, member.email)
    page.goto(url)
    papers = page.locator("section", has=page.get_by_role("heading", name="Papers to read before the call"))
    papers.get_by_text("Give the paper").click()
    pdf = tmp_path / "background note.pdf"
    pdf.write_bytes(PDF)
    papers.get_by_label("or a file").set_input_files(str(pdf))
    assert_accessible(page, "meeting-papers")
    papers.get_by_role("button", name=re.compile("Send")).click()
    expect(page.locator("body")).to_contain_text("thank you")
    assert MeetingPaper.objects.get().status == PaperStatus.PROVIDED

    page.get_by_label("On the agenda item").select_option("Hybrid formats")
    page.get_by_label("Your input").fill("My line is bad: I support option B.")
    page.get_by_role("button", name="Send my input to the chair").click()
    expect(page.locator("body")).to_contain_text("Your input is sent to the chair.")
    assert AgendaInput.objects.get().item == "Hybrid formats"

    desk.goto(url)
    expect(desk.get_by_role("link", name="Background note on hybrid formats")).to_be_visible()
    written = desk.locator("section", has=desk.get_by_role("heading", name="Written input on the agenda"))
    expect(written.get_by_role("heading", name="Hybrid formats")).to_be_visible()
    expect(written).to_contain_text("Priya")
    expect(written).to_contain_text("I support option B.")
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Background note on hybrid formats").click()
    assert download.value.suggested_filename == "background note.pdf"
