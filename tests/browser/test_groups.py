"""The secretariat creates a Best Practice Forum from the group list; it appears there under its
kind; a MAG member volunteers as its convener and the secretariat confirms; a community member joins
it. Accessibility is checked on the New group page and on the group's page."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from teams.area_choice import AREA_LIST_MAX
from teams.enums import Capacity, FacilitatorStatus
from teams.models import FacilitatorRole, IssueArea, IssueTeam, Membership
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in, signs_in
from tests.factories import (
    CycleFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MagFactory,
    SecretariatFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_creates_a_bpf_a_convener_is_confirmed_and_a_member_joins(live_server, new_page):
    base = live_server.url
    cycle = CycleFactory()
    IssueTeamFactory(cycle=cycle)
    staff = SecretariatFactory(email="luis@example.org", display_name="Luis", totp=False)
    TOTP.activate(staff, SECRET)
    MagFactory(email="priya@example.org", display_name="Priya")
    UserFactory(email="grace@example.org", display_name="Grace")

    desk = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(desk, base, "luis@example.org")
    desk.goto(f"{base}/teams/")
    desk.get_by_role("link", name="New group").click()
    desk.wait_for_url(f"{base}/teams/new/")
    assert_accessible(desk, "group-create")
    desk.get_by_label("Kind of group").select_option(label="Best Practice Forum")
    desk.get_by_label("Name").fill("BPF on Gender and Digital Rights")
    desk.get_by_label("Description").fill("Gender and access, online violence, digital rights.")
    desk.get_by_role("button", name="Create the group").click()
    desk.wait_for_url(f"{base}/teams/2021/bpf-on-gender-and-digital-rights/")
    expect(desk.get_by_role("heading", level=1)).to_have_text("BPF on Gender and Digital Rights")
    expect(desk.locator("body")).to_contain_text("This group is looking for a convener.")

    desk.goto(f"{base}/teams/")
    forums = desk.get_by_role("heading", level=2, name="Best Practice Forums")
    expect(forums).to_be_visible()
    expect(desk.locator("h2 ~ ul.cards").last).to_contain_text("BPF on Gender and Digital Rights")

    priya = new_page()
    signs_in(priya, base, "priya@example.org")
    priya.goto(f"{base}/teams/2021/bpf-on-gender-and-digital-rights/")
    priya.get_by_label("I volunteer as").select_option(label="Convener")
    priya.get_by_role("button", name="Volunteer to facilitate").click()
    expect(priya.locator("body")).to_contain_text("You volunteered as convener")

    desk.goto(f"{base}/dashboard/")
    desk.get_by_role("checkbox", name="Select Priya for BPF on Gender and Digital Rights").check()
    desk.get_by_role("button", name="Confirm selected").click()
    expect(desk.locator("body")).to_contain_text("1 facilitator confirmed.")
    bpf = IssueTeam.objects.get(slug="bpf-on-gender-and-digital-rights")
    assert FacilitatorRole.objects.get(team=bpf).status == FacilitatorStatus.CONFIRMED

    grace = new_page()
    signs_in(grace, base, "grace@example.org")
    grace.goto(f"{base}/teams/")
    grace.get_by_role("link", name="BPF on Gender and Digital Rights").click()
    expect(grace.locator("body")).to_contain_text("Priya, convener")
    grace.get_by_label("I take part as").select_option(label="Best Practice Forum")
    grace.get_by_role("button", name="Join this team").click()
    expect(grace.locator("body")).to_contain_text("You are a member as: Best Practice Forum.")
    assert Membership.objects.get(team=bpf, user__email="grace@example.org").capacity == Capacity.BPF
    assert_accessible(grace, "group-bpf")


def test_past_thirty_issue_areas_the_secretariat_types_one_and_picks_it(live_server, new_page):
    """Too many areas to list: the box offers those whose name holds what is typed; one is picked
    and the issue team is created for it."""
    base = live_server.url
    CycleFactory()
    IssueArea.objects.bulk_create(
        IssueArea(name=f"Theme {i:02d}", slug=f"theme-{i:02d}") for i in range(AREA_LIST_MAX)
    )
    rights = IssueAreaFactory(name="Human rights and freedoms", slug="human-rights")
    IssueAreaFactory(name="Children's rights", slug="childrens-rights")
    staff = SecretariatFactory(email="luis@example.org", display_name="Luis", totp=False)
    TOTP.activate(staff, SECRET)

    desk = new_page()
    secretariat_signs_in(desk, base, "luis@example.org")
    desk.goto(f"{base}/teams/new/")
    assert desk.locator("select#id_area").count() == 0
    desk.get_by_label("Kind of group").select_option(label="Issue team")
    area = desk.get_by_role("textbox", name="Issue area")
    area.press_sequentially("righ")
    expect(desk.get_by_role("status").filter(has_text="2 issue areas match.")).to_be_visible()
    assert_accessible(desk, "group-create-area-suggestions")
    desk.get_by_role("button", name="Human rights and freedoms").click()
    expect(area).to_have_value("Human rights and freedoms")
    desk.get_by_role("button", name="Create the group").click()
    desk.wait_for_url(f"{base}/teams/2021/human-rights-and-freedoms/")
    assert IssueTeam.objects.get(area=rights).kind == "issue_team"
