"""The secretariat publishes a milestone in Paris time; a member in Kolkata sees it on the
dashboard in IST with UTC beside it; when time moves on, the reminder is in the outbox."""

import re
import zoneinfo
from datetime import datetime, time, timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from notifications.services.outbox import outbox_send
from schedule.models import Deliverable, Milestone
from schedule.selectors.milestones import MILESTONES_PER_PAGE, TEAMS_PER_PAGE
from schedule.services import reminders
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in, signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import (
    CycleFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MembershipFactory,
    SecretariatFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARIS, KOLKATA = zoneinfo.ZoneInfo("Europe/Paris"), zoneinfo.ZoneInfo("Asia/Kolkata")


def test_published_milestone_reaches_the_dashboard_and_the_reminder_the_outbox(now, live_server, new_page):
    base = live_server.url
    cycle = CycleFactory()
    team = IssueTeamFactory(cycle=cycle, area=IssueAreaFactory(name="Trust, security and stability"))
    member = MembershipFactory(
        team=team, user__email="priya@example.org", user__time_zone="Asia/Kolkata"
    ).user
    TOTP.activate(SecretariatFactory(email="anja@example.org", time_zone="Europe/Paris", totp=False), SECRET)
    # 20 days ahead as Priya in Kolkata counts them: from 18:30 UTC her today is UTC's tomorrow.
    # 17:00 in Paris is 20:30 or 21:30 in Kolkata, the same date.
    due_day = now.astimezone(KOLKATA).date() + timedelta(days=20)

    desk = new_page(timezone_id="Europe/Paris")
    secretariat_signs_in(desk, base, "anja@example.org")
    desk.goto(f"{base}/milestones/new/")
    desk.get_by_label("Title").first.fill("Introductory session proposals")
    desk.get_by_label("Kind").select_option(label="Deadline")
    desk.get_by_label("Due (date and time)").fill(f"{due_day:%Y-%m-%d}T17:00")
    desk.get_by_label("in the time zone").select_option("Europe/Paris")
    desk.get_by_label("Each group in scope delivers something").check()
    assert_accessible(desk, "milestone-form")
    desk.get_by_role("button", name="Save and publish").click()
    expect(desk.locator("body")).to_contain_text("is published")

    milestone = Milestone.objects.get()
    local_paris = milestone.due_at.astimezone(PARIS)
    assert (local_paris.date(), local_paris.strftime("%H:%M")) == (due_day, "17:00")

    page = new_page(timezone_id="Asia/Kolkata")
    signs_in(page, base, member.email)
    page.wait_for_url(f"{base}/dashboard/")
    row = page.get_by_role("row", name=re.compile("Introductory session proposals"))
    ist = milestone.due_at.astimezone(KOLKATA)
    assert f"{ist:%a %d %b %Y, %H:%M} IST" in row.inner_text()
    assert f"({milestone.due_at:%H:%M} UTC)" in row.inner_text()
    assert "in 20 days" in row.inner_text()
    assert_accessible(page, "dashboard-with-milestone")

    # Time moves on to the 14-day reminder, 14 days before 17:00 Paris time (the zone the date was
    # entered in), whatever the DST change in between: what beat and the worker do each minute.
    reminder_at = datetime.combine(due_day - timedelta(days=14), time(17, 0), tzinfo=PARIS)
    with time_machine.travel(reminder_at - timedelta(minutes=1), tick=False):
        assert reminders.sweep() == []
    with time_machine.travel(reminder_at + timedelta(minutes=1), tick=False):
        outbox_send(reminders.sweep())
    desk.goto(f"{base}/secretariat/outbox/")
    row = desk.get_by_role("row", name=re.compile("priya@example.org"))
    assert "Reminder: Introductory session proposals is due in 14 days" in row.inner_text()
    assert "Sent" in row.inner_text()
    assert_accessible(desk, "outbox")
    desk.goto(f"{base}/milestones/")
    assert_accessible(desk, "timeline")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_paged_milestones_and_matrix_fit_a_phone_and_pass_axe(now, live_server, browser, language):
    """At ten times the IGF's size the pages come in pages: their links work, and they fit a 390 px
    phone, left to right and right to left."""
    cycle = CycleFactory()
    teams = IssueTeamFactory.create_batch(TEAMS_PER_PAGE + 1, cycle=cycle)
    deadlines = Milestone.objects.bulk_create(
        Milestone(
            cycle=cycle,
            title=f"Deadline {i:03d}",
            kind="deadline",
            due_at=now + timedelta(days=i - 5, hours=3),
            status="published",
            requires_deliverable=True,
        )
        for i in range(MILESTONES_PER_PAGE + 5)
    )
    Deliverable.objects.bulk_create(Deliverable(milestone=m, team=t) for m in deadlines for t in teams)
    SecretariatFactory(email="anja@example.org")
    context = _context_for(browser, live_server.url, "anja@example.org", language, 390)
    page = context.new_page()
    page.clock.set_fixed_time(now)
    for path in ("/milestones/", "/milestones/matrix/", "/milestones/public/"):
        page.goto(live_server.url + path)
        measured = page.evaluate(MEASURE)
        assert measured["width"] <= measured["window"] and not measured["unreachable"], (path, measured)
        assert_accessible(page, f"paged{path.replace('/', '-')}{language}")
    if language == "en":
        page.goto(f"{live_server.url}/milestones/")
        page.get_by_role("link", name="Next page").click()
        expect(page.locator("main")).to_contain_text("Page 2 of 2")
        page.goto(f"{live_server.url}/milestones/matrix/")
        page.get_by_role("link", name="Next teams").click()
        expect(page.locator("main")).to_contain_text(f"teams {TEAMS_PER_PAGE + 1}–{TEAMS_PER_PAGE + 1} of")
    context.close()
