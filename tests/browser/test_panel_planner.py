"""The panel planner: a facilitator puts the DC call's panel together (seven speakers at 3 + 2
minutes, a chair, a moderator), reads the arithmetic in words and the floor's time, removes a
speaker and sees the warning go. The page passes axe, fits a 390 px phone and reads right to left."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import PanelistFactory, panel_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPEAKERS = [
    # name, stakeholder group, UN regional group, takes part
    ("Gov One", "Government", "African Group", "In the room"),
    ("Gov Two", "Government", "Asia-Pacific Group", "In the room"),
    ("Gov Three", "Government", "Eastern European Group", "Online"),
    ("Gov Four", "Government", "Latin American and Caribbean Group", "In the room"),
    ("Civil Five", "Civil society", "Western European and Others Group", "In the room"),
    ("Tech Six", "Technical community", "African Group", "Online"),
    ("Private Seven", "Private sector", "Asia-Pacific Group", "In the room"),
]


def _add(
    page,
    name,
    *,
    role="Speaker",
    group="Civil society",
    region="African Group",
    where="In the room",
    opening="3",
    followup="2",
):
    form = page.locator("form[aria-labelledby='add-heading']")
    form.get_by_label("Name:", exact=True).fill(name)
    form.get_by_label("Role").select_option(label=role)
    form.get_by_label("Stakeholder group").select_option(label=group)
    form.get_by_label("UN regional group").select_option(label=region)
    form.get_by_label(where, exact=True).check()
    form.get_by_label("Opening (minutes)").fill(opening)
    form.get_by_label("Follow-up (minutes)").fill(followup)
    form.get_by_role("button", name="Add to the panel").click()
    expect(page.get_by_role("status")).to_contain_text(f"{name} is on the panel.")


def test_a_facilitator_plans_the_dc_panel_and_removes_a_speaker(live_server, new_page, team, facilitator):
    proposal = panel_proposal(team=team, actor=facilitator, title="Trust by design")
    page = new_page()
    signs_in(page, live_server.url, facilitator.email)
    page.wait_for_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/panel/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel planner")
    expect(page.locator("main")).to_contain_text("No one is on the panel yet")

    for name, group, region, where in SPEAKERS:
        _add(page, name, group=group, region=region, where=where)
    _add(page, "The Chair", role="Chair", group="Intergovernmental organisation", opening="5", followup="0")
    _add(
        page,
        "The Moderator",
        role="Moderator",
        group="Technical community",
        where="Online",
        opening="6",
        followup="4",
    )

    plan = page.locator("section[aria-labelledby='plan-heading']")
    expect(plan).to_contain_text(
        "7 speakers use 35 minutes if each speaks twice: 3 minutes to open and 2 to follow up."
    )
    expect(plan).to_contain_text("The chair has 5 minutes in all.")
    expect(plan).to_contain_text("The moderator has 10 minutes in all.")
    expect(plan).to_contain_text(
        "That leaves 40 minutes for the floor: 44% of the 90 minutes of the session."
    )
    expect(plan).to_contain_text("6 people will be in the room: 5 speakers, the chair.")
    expect(plan).to_contain_text("3 people will take part online: 2 speakers, the moderator.")
    warning = "4 of the 7 speakers are from one stakeholder group (Government): more than half."
    expect(plan.locator(".message.warning")).to_have_text([warning])
    floor_row = plan.get_by_role("row", name="The floor")
    expect(floor_row).to_contain_text("40 minutes")
    assert_accessible(page, "panel-planner")

    page.get_by_role("button", name="Remove Gov Four").click()
    expect(page.get_by_role("status")).to_contain_text("Gov Four is no longer on the panel.")
    expect(plan).to_contain_text("6 speakers use 30 minutes if each speaks twice")
    expect(plan).to_contain_text(
        "That leaves 45 minutes for the floor: 50% of the 90 minutes of the session."
    )
    expect(plan.locator(".message.warning")).to_have_count(0)  # 3 of 6: half, not more
    expect(page.get_by_role("row", name="Gov Four")).to_have_count(0)
    assert proposal.panelists.count() == 8


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_planner_fits_a_phone_and_reads_right_to_left(
    live_server, browser, team, facilitator, language, width
):
    proposal = panel_proposal(team=team, actor=facilitator)
    PanelistFactory.create_batch(
        9,
        proposal=proposal,
        name="A speaker with a long name, of a long-named organisation",
        email="a@example.org",
    )
    context = _context_for(browser, live_server.url, facilitator.email, language, width)
    page = context.new_page()
    for path in (
        f"/proposals/{proposal.pk}/panel/",
        f"/proposals/{proposal.pk}/panel/{proposal.panelists.first().pk}/",
    ):
        page.goto(live_server.url + path)
        measured = page.evaluate(MEASURE)
        assert measured["dir"] == ("rtl" if language == "ar" else ""), path
        assert measured["width"] <= measured["window"] and not measured["unreachable"], (path, measured)
    context.close()
