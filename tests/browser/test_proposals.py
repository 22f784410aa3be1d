"""A group's chair drafts a session proposal from the group's page, shares it with the group, a
member comments, the chair submits it, then revises it; the history shows each step and what the
revision changed."""

import pytest
from playwright.sync_api import expect

from proposals.enums import ProposalStatus
from proposals.models import Proposal
from tests.browser.conftest import signs_in
from tests.factories import (
    FacilitatorRoleFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MembershipFactory,
    MilestoneFactory,
    PolicyQuestionFactory,
)
from tests.support.site import seed_session_kinds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_chair_drafts_shares_submits_and_revises_and_a_member_comments(now, live_server, new_page):
    base = live_server.url
    seed_session_kinds()
    area = IssueAreaFactory(name="Trust, security and stability", slug="trust-security-and-stability")
    PolicyQuestionFactory(area=area, text="What norms increase trust online?")
    team = IssueTeamFactory(area=area)
    FacilitatorRoleFactory(team=team, user__email="amina@example.org", user__display_name="Amina")
    MembershipFactory(team=team, user__email="carlos@example.org", user__display_name="Carlos")
    MilestoneFactory(cycle=team.cycle, title="Main session proposals due")

    chair = new_page()
    signs_in(chair, base, "amina@example.org")
    chair.wait_for_url(f"{base}/dashboard/")
    chair.goto(base + team.get_absolute_url())
    chair.get_by_role("link", name="Session proposals").click()
    chair.get_by_role("link", name="New proposal").click()
    chair.get_by_label("Kind of session").select_option(label="Main session (90 minutes)")
    chair.get_by_label("Title").fill("Trust in a fragmented internet")
    chair.get_by_label("Description").fill("Norms and the people they protect.")
    chair.get_by_label("What norms increase trust online?").check()
    chair.get_by_label("Roundtable").check()
    chair.get_by_label("Hybrid").check()
    chair.get_by_label("English").check()
    chair.get_by_label("French").check()
    chair.get_by_label("Due by").select_option(index=1)
    chair.get_by_role("button", name="Save the draft").click()
    expect(chair.locator("body")).to_contain_text("The proposal is drafted.")
    proposal = Proposal.objects.get()
    assert (proposal.minutes, proposal.languages, proposal.format) == (90, ["en", "fr"], "roundtable")
    chair.get_by_role("button", name="Share with the group").click()
    expect(chair.locator("body")).to_contain_text("The draft is shared with the group")

    member = new_page()
    signs_in(member, base, "carlos@example.org")
    member.wait_for_url(f"{base}/dashboard/")
    member.goto(base + proposal.get_absolute_url())
    member.get_by_label("Your comment").fill("Could the youth IGF join the panel?")
    member.get_by_role("button", name="Add the comment").click()
    expect(member.locator("#comments ~ article").first).to_contain_text("Could the youth IGF join the panel?")

    chair.reload()
    expect(chair.locator("body")).to_contain_text("Could the youth IGF join the panel?")
    chair.get_by_role("button", name="Submit", exact=True).click()
    expect(chair.locator("body")).to_contain_text("The proposal is submitted to the MAG.")
    chair.get_by_role("link", name="Revise").click()
    expect(chair.locator("body")).to_contain_text("Saving a change makes a revision")
    chair.get_by_label("Title").fill("Trust in a fragmented internet: the youth view")
    chair.get_by_label("Length (minutes)").fill("75")
    chair.get_by_role("button", name="Submit the revision").click()
    expect(chair.locator("body")).to_contain_text("Revised: version 2 is now the one submitted.")

    history = chair.locator("ol.history")
    expect(history.locator("li").first).to_contain_text("Revised")
    expect(history).to_contain_text(
        "The title changed from “Trust in a fragmented internet” to "
        "“Trust in a fragmented internet: the youth view”."
    )
    expect(history).to_contain_text("The length changed from 90 to 75 minutes.")
    for step in ("Submitted", "Shared with the group for comments", "Drafted"):
        expect(history).to_contain_text(step)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version, proposal.minutes) == (ProposalStatus.SUBMITTED, 2, 75)
