"""The secretariat drafts the next year from the current one (a group kept, one renamed, one retired;
the milestone plan moved to the new annual meeting; a MAG term ending), reviews it, is refused the
switch until it confirms, then switches; a MAG member never sees the draft."""

import zoneinfo
from datetime import date, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from accounts.enums import AuditAction, Role
from accounts.models import AuditEvent, User
from schedule.models import Milestone
from teams.enums import FacilitatorStatus
from teams.models import Cycle, FacilitatorRole, IssueTeam
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in, signs_in
from tests.factories import (
    CycleFactory,
    FacilitatorRoleFactory,
    GroupFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MagFactory,
    MilestoneFactory,
    SecretariatFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")


def test_the_secretariat_drafts_reviews_and_switches_to_the_next_year(now, live_server, new_page):
    base = live_server.url
    year = now.year
    cycle = CycleFactory(year=year, name=f"IGF {year}")
    trust = IssueTeamFactory(cycle=cycle, area=IssueAreaFactory(name="Trust", slug="trust"))
    access = IssueTeamFactory(cycle=cycle, area=IssueAreaFactory(name="Access", slug="access"))
    hybrid = GroupFactory(cycle=cycle, title="Hybrid meetings", slug="hybrid-meetings")
    FacilitatorRoleFactory(team=trust, user=MagFactory(email="chair@example.org", display_name="Chair"))
    MagFactory(email="leaving@example.org", display_name="Leaving Member")
    MilestoneFactory(
        cycle=cycle,
        title="Workshop proposals",
        due_at=now + timedelta(days=30),
        entered_time_zone="Europe/Zurich",
    )
    TOTP.activate(SecretariatFactory(email="anja@example.org", totp=False), SECRET)

    desk = new_page()
    secretariat_signs_in(desk, base, "anja@example.org")
    desk.goto(f"{base}/secretariat/years/")
    desk.get_by_role("link", name=f"Draft the year {year + 1}").click()
    desk.get_by_label("Name of the new year").fill(f"IGF {year + 1}")
    desk.get_by_label("Date of this year's annual meeting").fill(f"{year}-12-06")
    # A date outside the new year: said on the form, nothing saved.
    desk.get_by_label("Date of the new year's annual meeting").fill(f"{year + 3}-12-05")
    desk.get_by_role("button", name="Draft the year").click()
    expect(desk.locator("body")).to_contain_text(
        f"Choose a day in {year + 1}: the annual meeting falls in its own year."
    )
    assert not Cycle.objects.filter(is_draft=True).exists()

    desk.get_by_label("Date of the new year's annual meeting").fill(f"{year + 1}-12-05")
    desk.get_by_role("group", name="Access").get_by_label("Carry over").uncheck()
    desk.get_by_role("group", name="Hybrid meetings").get_by_label("New name").fill(
        "Hybrid and online meetings"
    )
    desk.get_by_label("Leaving Member (leaving@example.org)").check()
    assert_accessible(desk, "year-new")
    desk.get_by_role("button", name="Draft the year").click()

    desk.wait_for_url(f"{base}/secretariat/years/{year + 1}/")
    expect(desk.locator("body")).to_contain_text("Hybrid and online meetings")
    expect(desk.get_by_role("link", name="Import the MAG roster")).to_be_visible()
    expect(desk.locator("main")).to_contain_text("Leaving Member")
    draft = Cycle.objects.get(year=year + 1)
    assert sorted(IssueTeam.objects.filter(cycle=draft).values_list("slug", flat=True)) == [
        "hybrid-and-online-meetings",
        "trust",
    ]
    copy = Milestone.objects.get(cycle=draft)
    shift = (date(year + 1, 12, 5) - date(year, 12, 6)).days
    original = Milestone.objects.get(cycle=cycle).due_at.astimezone(GENEVA)
    assert copy.due_at.astimezone(GENEVA) == (original + timedelta(days=shift)).replace(fold=0)
    assert copy.due_at.astimezone(GENEVA).time() == original.time()
    assert_accessible(desk, "year-draft")

    # A MAG member does not see the draft year.
    member = new_page()
    signs_in(member, base, "chair@example.org")
    response = member.goto(f"{base}/teams/{year + 1}/")
    assert response.status == 404

    # The switch wants its confirmation.
    desk.get_by_role("button", name=f"Switch to IGF {year + 1}").click()
    expect(desk.locator("body")).to_contain_text("Tick the box to confirm the switch.")
    assert Cycle.objects.get(is_current=True) == cycle
    desk.get_by_label("I have reviewed the draft").check()
    desk.get_by_role("button", name=f"Switch to IGF {year + 1}").click()
    expect(desk.locator("body")).to_contain_text(f"IGF {year + 1} is now the current year.")

    assert Cycle.objects.get(is_current=True).year == year + 1
    assert FacilitatorRole.objects.get(team=trust).status == FacilitatorStatus.ENDED
    assert User.objects.get(email="leaving@example.org").role == Role.PAST_MAG
    assert AuditEvent.objects.filter(action=AuditAction.CYCLE_SWITCHED).count() == 1
    assert hybrid.pk and access.pk  # year N's groups are still there, in its archive
    assert IssueTeam.objects.filter(cycle=cycle).count() == 3

    # Last year's chair of Trust is asked, once, on the dashboard whether to join this year's Trust;
    # last year's Trust page reads as it was, without its forms.
    member.goto(f"{base}/dashboard/")
    expect(member.locator("main")).to_contain_text(f"join Trust in IGF {year + 1}?")
    assert_accessible(member, "dashboard-carry-over")
    member.get_by_role("button", name="Join Trust").click()
    expect(member.locator("body")).to_contain_text("You joined Trust.")
    assert (
        IssueTeam.objects.get(cycle__year=year + 1, slug="trust")
        .memberships.filter(user__email="chair@example.org")
        .exists()
    )
    expect(member.get_by_role("button", name="Join Trust")).to_have_count(0)
    member.goto(f"{base}/teams/{year}/trust/")
    expect(member.locator("main")).to_contain_text(f"IGF {year} is not the current year")
    expect(member.get_by_role("button", name="Leave this team")).to_have_count(0)
