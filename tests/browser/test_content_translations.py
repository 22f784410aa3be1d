"""The secretariat gives a milestone a French title; a French reader sees it, a Russian reader
the English original marked as English."""

import zoneinfo
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from schedule.models import Milestone
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in, signs_in
from tests.factories import CycleFactory, IssueTeamFactory, MembershipFactory, SecretariatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
FRENCH_TITLE = "Propositions de sessions introductives"


def test_a_french_title_entered_by_the_secretariat_reaches_a_french_reader(now, live_server, new_page):
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory())
    claire = MembershipFactory(team=team, user__email="claire@example.org", user__language="fr").user
    olga = MembershipFactory(team=team, user__email="olga@example.org", user__language="ru").user
    TOTP.activate(SecretariatFactory(email="anja@example.org", time_zone="Europe/Paris", totp=False), SECRET)
    due_day = now.astimezone(PARIS).date() + timedelta(days=20)

    desk = new_page(timezone_id="Europe/Paris")
    secretariat_signs_in(desk, base, "anja@example.org")
    desk.goto(f"{base}/milestones/new/")
    desk.get_by_label("Title").first.fill("Introductory session proposals")
    desk.get_by_label("Due (date and time)").fill(f"{due_day:%Y-%m-%d}T17:00")
    desk.get_by_label("in the time zone").select_option("Europe/Paris")
    french = desk.locator("details", has=desk.locator("summary", has_text="French"))
    french.locator("summary").click()
    french.get_by_label("Title (French)").fill(FRENCH_TITLE)
    assert_accessible(desk, "milestone-form-translations")
    desk.get_by_role("button", name="Save and publish").click()
    expect(desk.locator("body")).to_contain_text("is published")
    milestone = Milestone.objects.get()
    assert milestone.translations == {"fr": {"title": FRENCH_TITLE}}

    reader = new_page()
    signs_in(reader, base, claire.email)
    reader.goto(f"{base}/milestones/{milestone.pk}/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(FRENCH_TITLE)
    assert_accessible(reader, "milestone-in-french")

    other = new_page()
    signs_in(other, base, olga.email)
    other.goto(f"{base}/milestones/{milestone.pk}/")
    heading = other.get_by_role("heading", level=1)
    expect(heading).to_have_text("Introductory session proposals (на английском)")
    expect(heading.locator('[lang="en"]')).to_have_text("Introductory session proposals")
    assert_accessible(other, "milestone-in-russian-falling-back")
