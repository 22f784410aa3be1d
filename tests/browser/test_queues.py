"""The secretariat opens a queue in full from the dashboard, pages on to the newest claims, confirms
one there and comes back to that page; a member is refused the page. Accessibility is checked on
the queue's page."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from playwright.sync_api import expect

from accounts.enums import Role
from accounts.models import User
from igfmag.dashboard import QUEUE_PAGE
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in, signs_in
from tests.factories import SecretariatFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_decides_on_a_later_page_of_the_queue(live_server, new_page):
    base = live_server.url
    staff = SecretariatFactory(email="luis@example.org", display_name="Luis", totp=False)
    TOTP.activate(staff, SECRET)
    start = timezone.now() - timedelta(days=30)
    for n in range(QUEUE_PAGE + 5):
        UserFactory(
            email=f"claimant{n:02}@example.org",
            display_name=f"Claimant {n:02}",
            requested_role=Role.MAG,
            role_requested_at=start + timedelta(hours=n),
        )
    UserFactory(email="member@example.org", display_name="Member")

    desk = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(desk, base, "luis@example.org")
    claims = desk.locator("section", has=desk.get_by_role("heading", name="MAG confirmations"))
    expect(claims).to_contain_text(f"The 10 oldest of {QUEUE_PAGE + 5} waiting are shown")
    claims.get_by_role("link", name="See them all").click()

    desk.wait_for_url(f"{base}/dashboard/role-claims/")
    expect(desk.get_by_role("heading", name="MAG confirmations waiting")).to_be_visible()
    expect(desk.get_by_role("checkbox")).to_have_count(QUEUE_PAGE)
    expect(desk.get_by_role("checkbox", name="Select Claimant 00")).to_be_visible()
    assert_accessible(desk, "role-claims-waiting")

    desk.get_by_role("link", name="Newer").click()
    expect(desk.get_by_role("checkbox")).to_have_count(5)
    later = desk.url
    desk.get_by_role("checkbox", name=f"Select Claimant {QUEUE_PAGE + 4:02}").check()
    desk.get_by_role("button", name="Confirm selected").click()
    expect(desk.locator("body")).to_contain_text("1 role claim confirmed.")
    assert desk.url == later  # back on the page where the decision was made
    expect(desk.get_by_role("checkbox")).to_have_count(4)
    assert User.objects.get(email=f"claimant{QUEUE_PAGE + 4:02}@example.org").role == Role.MAG
    assert_accessible(desk, "role-claims-waiting-later")

    member = new_page()
    signs_in(member, base, "member@example.org")
    member.wait_for_url(re.compile(".*/(dashboard|profile)/"))
    response = member.goto(f"{base}/dashboard/role-claims/")
    assert response.status == 403
    expect(member.locator("body")).not_to_contain_text("claimant00@example.org")
