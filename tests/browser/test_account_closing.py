"""Closing an account and forgetting a guest (issue 17), in the browser: a member closes her account
from her profile on a phone and cannot sign in again, her group's roster no longer names her; a poll
guest asks to be forgotten from their private page, and the link stops working."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from schedule.models import Vote
from schedule.services import polls
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import CycleFactory, FacilitatorRoleFactory, IssueTeamFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_closes_her_account_and_leaves_the_roster(live_server, new_page, now):
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory())
    lead = FacilitatorRoleFactory(team=team, user__email="lucia@example.org", user__display_name="Lucía").user
    amina = MembershipFactory(
        team=team, user__email="amina@example.org", user__display_name="Amina Diallo"
    ).user

    page = new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    signs_in(page, base, amina.email)
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(base + reverse("profile_edit"))
    page.get_by_role("region", name="Close your account").get_by_role(
        "link", name="Close your account"
    ).click()
    expect(page.get_by_role("heading", name="Close your account", level=1)).to_be_visible()
    assert_accessible(page, "account-close")
    page.get_by_role("button", name="Close my account").click()
    expect(page.locator("body")).to_contain_text("Tick the box to confirm")
    amina.refresh_from_db()
    assert amina.is_active  # nothing closed without the tick
    page.get_by_role("checkbox", name="I understand").check()
    page.get_by_role("button", name="Close my account").click()
    page.wait_for_url(base + reverse("account_closed"))
    expect(page.get_by_role("heading", name="Your account is closed")).to_be_visible()
    assert_accessible(page, "account-closed")
    amina.refresh_from_db()
    assert amina.is_closed
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_CLOSED, subject=amina).count() == 1

    # She cannot sign in again with her old address and password.
    signs_in(page, base, "amina@example.org")
    expect(page.locator("body")).not_to_contain_text("Dashboard")
    assert "/accounts/login/" in page.url

    # Her group's facilitator no longer sees her on the roster.
    lead_page = new_page()
    signs_in(lead_page, base, lead.email)
    lead_page.wait_for_url(f"{base}/dashboard/")
    lead_page.goto(base + team.get_absolute_url())
    assert "Amina" not in lead_page.content() and "amina@example.org" not in lead_page.content()


def test_a_guest_asks_to_be_forgotten_by_their_link(live_server, new_page, now):
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory())
    lead = FacilitatorRoleFactory(team=team, user__email="lucia@example.org").user
    poll = polls.poll_create(
        actor=lead,
        team=team,
        title="First call",
        deadline=now + timedelta(days=2),
        slots=[now + timedelta(days=4)],
        guests=["gita@example.org"],
    )
    gita = poll.invitees.get(email="gita@example.org")
    polls.vote_submit(invitee=gita, answers={poll.slots.get().pk: "yes"}, guest_name="Gita")
    link = f"{base}/polls/answer/{gita.token}/"

    page = new_page(timezone_id="Asia/Kolkata")
    page.clock.set_fixed_time(now)
    page.goto(link)
    page.get_by_role("link", name="Forget me").click()
    expect(page.get_by_role("heading", name="Remove your name and address?")).to_be_visible()
    assert_accessible(page, "guest-forget")
    page.get_by_role("button", name="Yes, forget me").click()
    expect(page.get_by_role("heading", name="Your details are removed")).to_be_visible()
    assert_accessible(page, "guest-forgotten")

    gita.refresh_from_db()
    assert gita.email.endswith("@closed.invalid") and gita.name == ""
    assert Vote.objects.filter(invitee=gita, answer="yes").exists()
    response = page.goto(link)
    assert response.status == 404
