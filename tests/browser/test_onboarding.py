"""A newcomer signs up with an emailed code, joins a team, volunteers as co-chair; the secretariat
confirms; the dashboard shows it. Accessibility is checked on the pages on the way."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from teams.enums import FacilitatorStatus
from teams.models import FacilitatorRole
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in
from tests.factories import (
    CycleFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    PolicyQuestionFactory,
    SecretariatFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"\n([A-Z0-9]{4}-[A-Z0-9]{4})\n")


def test_newcomer_joins_volunteers_and_is_confirmed(live_server, new_page, mailoutbox):
    base = live_server.url
    cycle = CycleFactory()
    area = IssueAreaFactory(name="Universal access and meaningful connectivity", slug="universal-access")
    PolicyQuestionFactory(area=area, text="What are the barriers to meaningful access?")
    IssueTeamFactory(cycle=cycle, area=area)
    staff = SecretariatFactory(email="luis@example.org", display_name="Luis", totp=False)
    TOTP.activate(staff, SECRET)

    # The newcomer, whose browser is in Kathmandu.
    page = new_page(timezone_id="Asia/Kathmandu")
    page.goto(base + "/")

    assert_accessible(page, "home")
    page.get_by_role("link", name="Sign up with your email").click()
    page.get_by_label("Email").fill("priya@example.org")
    page.get_by_role("button", name="Sign Up").click()
    code = CODE.search(mailoutbox[-1].body).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url(f"{base}/profile/")
    assert page.get_by_label("Time zone").input_value() == "Asia/Kathmandu"  # from the browser
    assert_accessible(page, "profile")
    page.get_by_label("Display name").fill("Priya Raman")
    page.get_by_label("Stakeholder group").select_option(label="Government")
    page.get_by_label("UN regional group").select_option(label="Asia-Pacific Group")
    page.get_by_label("Are you a MAG member?").select_option(label="I am a current MAG member")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url(f"{base}/dashboard/")
    expect(page.locator("body")).to_contain_text("awaiting the secretariat's confirmation")

    # The secretariat confirms the MAG membership from the queue.
    desk = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(desk, base, "luis@example.org")
    assert_accessible(desk, "dashboard-secretariat")
    desk.get_by_role("checkbox", name="Select Priya Raman").check()
    desk.get_by_role("button", name="Confirm selected").first.click()
    expect(desk.locator("body")).to_contain_text("1 role claim confirmed.")

    # The newcomer, now a MAG member, joins the team and volunteers as co-chair.
    page.goto(base + "/teams/")
    page.get_by_role("link", name="Universal access and meaningful connectivity").click()
    expect(page.locator("body")).to_contain_text("What are the barriers to meaningful access?")
    page.get_by_label("I take part as").select_option(label="MAG member")
    page.get_by_role("button", name="Join this team").click()
    expect(page.locator("body")).to_contain_text("You are a member as: MAG member.")
    page.get_by_label("I volunteer as").select_option(label="Co-chair")
    page.get_by_role("button", name="Volunteer to facilitate").click()
    expect(page.locator("body")).to_contain_text("the secretariat will confirm")
    assert_accessible(page, "team")

    # The secretariat confirms the volunteer.
    desk.goto(base + "/dashboard/")
    desk.get_by_role(
        "checkbox", name="Select Priya Raman for Universal access and meaningful connectivity"
    ).check()
    desk.locator(
        "form", has=desk.get_by_role("checkbox", name=re.compile("for Universal access"))
    ).get_by_role("button", name="Confirm selected").click()
    expect(desk.locator("body")).to_contain_text("1 facilitator confirmed.")
    assert FacilitatorRole.objects.get(user__email="priya@example.org").status == FacilitatorStatus.CONFIRMED

    # The dashboard shows the team and the confirmed role.
    page.goto(base + "/dashboard/")
    row = page.get_by_role("row", name=re.compile("Universal access"))
    assert "Co-chair" in row.inner_text() and "Confirmed" in row.inner_text()
    assert_accessible(page, "dashboard")
