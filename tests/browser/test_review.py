"""The review of workshop proposals in a browser: the secretariat publishes a criterion, imports
the year's workshops from a CSV (previewed, then confirmed), spreads them among two MAG members; a
reviewer scores one; the overview shows its mean. The pages pass axe, fit a 390 px phone and read
right to left in Arabic."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from review.models import Assignment, Entry, Score
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in, signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.factories import CycleFactory, IssueAreaFactory, MagFactory, SecretariatFactory
from tests.support.site import seed_session_kinds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "title,description,proposers,organisation,contact_email,issue_area,kind,format,stakeholder_group,region\n"
    "Community networks in the Sahel,Local networks,Awa Diallo,Sahel Connect,awa@example.net,"
    "access,main,roundtable,civil_society,african\n"
    "Privacy by default,Public services,Lena Novak,Rights Lab,lena@example.net,access,main,panel,"
    "civil_society,eastern_european\n"
)


def test_the_secretariat_imports_assigns_a_reviewer_scores_and_the_overview_shows_the_mean(
    now, live_server, new_page, tmp_path
):
    base = live_server.url
    seed_session_kinds()
    CycleFactory(year=2021)
    IssueAreaFactory(name="Universal access", slug="access")
    TOTP.activate(SecretariatFactory(email="sorina@example.org", display_name="Sorina", totp=False), SECRET)
    MagFactory(email="rhea@example.org", display_name="Rhea Viewer")
    MagFactory(email="omar@example.org", display_name="Omar Second")

    desk = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(desk, base, "sorina@example.org")
    desk.get_by_role("link", name="Workshop review").first.click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Review of workshop proposals, 2021")
    assert_accessible(desk, "review-round")

    desk.get_by_label("Criterion").fill("Relevance")
    desk.get_by_label("Highest score").fill("5")
    desk.get_by_role("button", name="Add the criterion").click()
    expect(desk.locator("body")).to_contain_text("“Relevance” is added to the criteria.")

    upload = tmp_path / "workshops.csv"
    upload.write_text(CSV, encoding="utf-8")
    desk.get_by_label("CSV file").set_input_files(str(upload))
    desk.get_by_role("button", name="Preview the import").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Preview of the import")
    assert_accessible(desk, "review-import-preview")
    assert Entry.objects.count() == 0
    desk.get_by_role("button", name="Import them all").click()
    expect(desk.locator("body")).to_contain_text("2 proposals imported.")

    desk.get_by_label("Rhea Viewer").check()
    desk.get_by_label("Omar Second").check()
    desk.get_by_label("Reviewers per proposal").fill("1")
    desk.get_by_role("button", name="Assign evenly").click()
    expect(desk.locator("body")).to_contain_text("2 reviews assigned.")
    assert Assignment.objects.count() == 2

    reviewer = new_page(timezone_id="Africa/Dakar")
    signs_in(reviewer, base, "rhea@example.org")
    reviewer.wait_for_url(f"{base}/dashboard/")
    reviewer.get_by_role("link", name="Workshop review").first.click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("My reviews")
    assert_accessible(reviewer, "review-mine")
    reviewer.locator("main table a").first.click()
    assert_accessible(reviewer, "review-score")
    reviewer.get_by_label("Relevance").fill("9")
    reviewer.get_by_role("button", name="Save my review").click()
    expect(reviewer.locator("main form")).to_contain_text("less than or equal to 5")
    assert not Score.objects.exists()
    reviewer.get_by_label("Relevance").fill("4")
    reviewer.get_by_label("Comment").fill("A clear plan for the floor.")
    reviewer.get_by_role("button", name="Save my review").click()
    expect(reviewer.locator("body")).to_contain_text("is saved.")
    expect(reviewer.get_by_role("row", name=re.compile("Scored"))).to_have_count(1)

    desk.goto(f"{base}/review/2021/overview/")
    assert_accessible(desk, "review-overview")
    scored = Assignment.objects.get(reviewer__email="rhea@example.org").entry
    row = desk.get_by_role("row", name=re.compile(re.escape(scored.title)))
    expect(row).to_contain_text("4.0")
    expect(row).to_contain_text("1 of 1")


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_review_pages_fit_a_phone_and_read_right_to_left(now, live_server, browser, language, width):
    from review import services
    from review.csv_import import fingerprint

    seed_session_kinds()
    cycle = CycleFactory(year=2021)
    IssueAreaFactory(name="Universal access", slug="access")
    staff = SecretariatFactory(email="secretariat@example.org")
    reviewer = MagFactory(email="rhea@example.org")
    services.criterion_add(
        actor=staff, cycle=cycle, name="Relevance of a rather long criterion name", max_score=5
    )
    services.entries_import(actor=staff, cycle=cycle, text=CSV, expected_fingerprint=fingerprint(CSV))
    services.assignments_spread(actor=staff, cycle=cycle, reviewers=[reviewer], per_entry=1)
    assignment = Assignment.objects.first()
    for email, paths in [
        ("secretariat@example.org", ["/review/2021/", "/review/2021/overview/", "/review/2021/criteria/"]),
        ("rhea@example.org", ["/review/2021/mine/", f"/review/assignments/{assignment.pk}/"]),
    ]:
        context = _context_for(browser, live_server.url, email, language, width)
        page = context.new_page()
        for path in paths:
            page.goto(live_server.url + path)
            measured = page.evaluate(MEASURE)
            assert measured["dir"] == ("rtl" if language == "ar" else ""), path
            assert measured["width"] <= measured["window"] and not measured["unreachable"], (path, measured)
        context.close()
