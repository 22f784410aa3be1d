"""The MAG's decisions in a browser: the secretariat accepts an imported workshop on a condition due
in a week (entered in Zurich's time); the proposer's email is in the outbox; at the deadline the
chore turns the unfulfilled condition into "condition not met", mailed once. The secretariat
counts the proposers of an issue area before writing to them. The pages pass axe, fit a 390 px
phone and read right to left in Arabic."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from notifications.enums import MailKind
from notifications.models import OutboxMessage
from review import decisions, services
from review.csv_import import fingerprint
from review.enums import EntryStatus
from review.models import Entry
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.browser.test_review import CSV
from tests.factories import CycleFactory, IssueAreaFactory, SecretariatFactory
from tests.support.site import seed_session_kinds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ZURICH = ZoneInfo("Europe/Zurich")


def _round():
    seed_session_kinds()
    cycle = CycleFactory(year=2021)
    IssueAreaFactory(name="Universal access", slug="access")
    return cycle


def test_the_secretariat_accepts_on_a_condition_that_lapses_at_its_deadline(now, live_server, new_page):
    base = live_server.url
    cycle = _round()
    staff = SecretariatFactory(email="sorina@example.org", display_name="Sorina", totp=False)
    TOTP.activate(staff, SECRET)
    services.entries_import(actor=staff, cycle=cycle, text=CSV, expected_fingerprint=fingerprint(CSV))
    entry = Entry.objects.get(title="Community networks in the Sahel")

    desk = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(desk, base, "sorina@example.org")
    desk.goto(f"{base}/review/2021/")
    desk.get_by_role("link", name="Community networks in the Sahel").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Community networks in the Sahel")
    assert_accessible(desk, "review-entry")

    due_day = now.astimezone(ZURICH).date() + timedelta(days=7)
    desk.get_by_label("Accepted on a condition").check()
    desk.get_by_label("Condition (for an accept on a condition)").fill("Add a speaker from another region.")
    desk.get_by_label("To be fulfilled no later than (for an accept on a condition)").fill(
        f"{due_day:%Y-%m-%d}T18:00"
    )
    desk.get_by_label("in the time zone").fill("Europe/Zurich")
    desk.get_by_label("Reasons, for the proposers").fill("A strong plan; one region only.")
    desk.get_by_role("button", name="Record the decision").click()
    expect(desk.locator("body")).to_contain_text("The proposers are told by email.")
    expect(desk.get_by_role("button", name="Condition fulfilled")).to_be_visible()
    assert_accessible(desk, "review-entry-conditional")

    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONDITIONAL
    deadline = entry.decision.deadline
    assert (deadline.astimezone(ZURICH).date(), deadline.astimezone(ZURICH).hour) == (due_day, 18)
    [mail] = OutboxMessage.objects.filter(to_email="awa@example.net", kind=MailKind.DECISION)
    assert "Add a speaker from another region." in mail.body_text
    assert "lena@example.net" not in mail.body_text + mail.body_html

    with time_machine.travel(deadline - timedelta(hours=47), tick=False):
        decisions.conditions_sweep()
    with time_machine.travel(deadline + timedelta(minutes=1), tick=False):
        decisions.conditions_sweep()
        decisions.conditions_sweep()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONDITION_NOT_MET
    assert OutboxMessage.objects.filter(to_email="awa@example.net", kind=MailKind.DECISION).count() == 2
    assert (
        OutboxMessage.objects.filter(to_email="awa@example.net", kind=MailKind.CONDITION_REMINDER).count()
        == 1
    )
    desk.reload()
    expect(desk.locator("#entry-status")).to_have_text("Condition not met")

    desk.get_by_role("link", name="Write to proposers").click()
    assert_accessible(desk, "review-announce")
    desk.get_by_label("Universal access").check()
    desk.get_by_label("In review").check()
    desk.get_by_label("Condition not met").check()
    desk.get_by_label("Subject").fill("Thank you for proposing")
    desk.get_by_role("textbox", name="Message").fill("The programme is out.")
    desk.get_by_role("button", name="Count the recipients").click()
    expect(desk.locator("#recipient-count")).to_have_text("This message would reach 2 proposers.")
    expect(desk.locator("main")).not_to_contain_text("awa@example.net")


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_decision_pages_fit_a_phone_and_read_right_to_left(now, live_server, browser, language, width):
    cycle = _round()
    staff = SecretariatFactory(email="secretariat@example.org")
    services.entries_import(actor=staff, cycle=cycle, text=CSV, expected_fingerprint=fingerprint(CSV))
    entry = Entry.objects.order_by("pk").first()
    decisions.decision_make(
        actor=staff,
        entry=entry,
        outcome=EntryStatus.CONDITIONAL,
        condition="A rather long condition " * 10,
        deadline=now + timedelta(days=7),
        reasons="Reasons " * 40,
    )
    context = _context_for(browser, live_server.url, "secretariat@example.org", language, width)
    page = context.new_page()
    for path in [f"/review/entries/{entry.pk}/", "/review/2021/announce/"]:
        page.goto(live_server.url + path)
        measured = page.evaluate(MEASURE)
        assert measured["dir"] == ("rtl" if language == "ar" else ""), path
        assert measured["width"] <= measured["window"] and not measured["unreachable"], (path, measured)
    context.close()
