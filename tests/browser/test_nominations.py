"""Nominations of a chair (issue 14: "That's my nomination to be the chair … I see there is some
support in the chat"): a member nominates another with the member box, a third member supports
the nomination, the facilitator appoints the nominee and the panel planner shows the chair. The
proposal's page with its nominations passes axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import MembershipFactory, panel_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(new_page, live_server, email):
    page = new_page()
    signs_in(page, live_server.url, email)
    page.wait_for_url(f"{live_server.url}/dashboard/")
    return page


def test_a_member_nominates_another_supports_and_the_facilitator_appoints(
    live_server, new_page, team, facilitator
):
    proposal = panel_proposal(team=team, actor=facilitator, title="Trust by design")
    MembershipFactory(team=team, user__email="nominator@example.org", user__display_name="Nora Nominator")
    MembershipFactory(team=team, user__email="ana@example.org", user__display_name="Ana Chair")
    MembershipFactory(team=team, user__email="sam@example.org", user__display_name="Sam Supporter")
    url = f"{live_server.url}/proposals/{proposal.pk}/"

    nora = _signed_in(new_page, live_server, "nominator@example.org")
    nora.goto(url)
    section = nora.locator("main")
    expect(section).to_contain_text("Nobody nominated yet.")
    nora.get_by_label("Role").select_option(label="Chair")
    nora.get_by_label("Nominee").fill("ana@example.org")
    nora.get_by_role("button", name="Nominate", exact=True).click()
    expect(
        nora.get_by_role("status").filter(has_text="Ana Chair is nominated; your support is counted.")
    ).to_have_count(1)
    expect(section).to_contain_text("1 supporter: Nora Nominator")

    sam = _signed_in(new_page, live_server, "sam@example.org")
    sam.goto(url)
    sam.get_by_role("button", name="Support Ana Chair").click()
    expect(sam.get_by_role("status").filter(has_text="Your support is counted.")).to_have_count(1)
    expect(sam.locator("main")).to_contain_text("2 supporters: Nora Nominator, Sam Supporter")
    expect(sam.get_by_role("button", name="Withdraw my support for Ana Chair")).to_be_visible()
    expect(sam.get_by_role("button", name="Appoint Ana Chair")).to_have_count(0)

    lead = _signed_in(new_page, live_server, facilitator.email)
    lead.goto(url)
    assert_accessible(lead, "proposal-nominations")
    lead.get_by_role("button", name="Appoint Ana Chair").click()
    expect(
        lead.get_by_role("status").filter(has_text="Ana Chair is on the panel as its chair.")
    ).to_have_count(1)
    expect(lead.locator("main")).to_contain_text("appointed")

    lead.goto(f"{url}panel/")
    expect(lead.locator("main")).to_contain_text("Ana Chair")
    expect(lead.locator("main")).to_contain_text("The chair has 5 minutes in all.")


def test_the_nominator_withdraws_a_nomination(live_server, new_page, team, facilitator):
    proposal = panel_proposal(team=team, actor=facilitator, title="Trust by design")
    MembershipFactory(team=team, user__email="nominator@example.org", user__display_name="Nora Nominator")
    MembershipFactory(team=team, user__email="ana@example.org", user__display_name="Ana Chair")
    url = f"{live_server.url}/proposals/{proposal.pk}/"

    nora = _signed_in(new_page, live_server, "nominator@example.org")
    nora.goto(url)
    nora.get_by_label("Role").select_option(label="Moderator")
    nora.get_by_label("Nominee").fill("ana@example.org")
    nora.get_by_role("button", name="Nominate", exact=True).click()
    expect(nora.locator("main")).to_contain_text("1 supporter: Nora Nominator")
    assert_accessible(nora, "proposal-nomination-withdraw")
    nora.get_by_role("button", name="Withdraw the nomination of Ana Chair").click()
    expect(
        nora.get_by_role("status").filter(has_text="The nomination of Ana Chair is withdrawn.")
    ).to_have_count(1)
    expect(nora.locator("#nominations ~ ul.nominations")).to_have_count(0)
    expect(nora.get_by_role("button", name="Withdraw the nomination of Ana Chair")).to_have_count(0)
