"""Changes to a review round in a browser: the secretariat edits a criterion (a highest score below
a reviewer's score is refused on the form, then a good edit shows on the round) and removes a
reviewer's assignment (a scored one after a confirmation, from the proposal's page that shows
each reviewer's scores), which leaves the reviewer's "My reviews". The pages pass axe, fit a
390 px phone and read right to left in Arabic."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from review import services
from review.csv_import import fingerprint
from review.models import Assignment, Criterion, Score
from tests.browser.conftest import SECRET, assert_accessible, secretariat_signs_in, signs_in
from tests.browser.test_layout import MEASURE, _context_for
from tests.browser.test_review import CSV
from tests.factories import CycleFactory, IssueAreaFactory, MagFactory, SecretariatFactory
from tests.support.site import seed_session_kinds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _scored_round():
    """The 2021 round with one criterion, two imported workshops, each reviewed by Rhea; the first
    scored 4 out of 5."""
    seed_session_kinds()
    cycle = CycleFactory(year=2021)
    IssueAreaFactory(name="Universal access", slug="access")
    staff = SecretariatFactory(email="sorina@example.org", display_name="Sorina", totp=False)
    TOTP.activate(staff, SECRET)
    rhea = MagFactory(email="rhea@example.org", display_name="Rhea Viewer")
    criterion = services.criterion_add(actor=staff, cycle=cycle, name="Relevance", max_score=5)
    entries = services.entries_import(
        actor=staff, cycle=cycle, text=CSV, expected_fingerprint=fingerprint(CSV)
    )
    assignments = [services.assignment_add(actor=staff, entry=entry, reviewer=rhea) for entry in entries]
    services.review_save(actor=rhea, assignment=assignments[0], scores={criterion.pk: 4}, comment="Clear")
    return cycle, criterion, assignments


def test_the_secretariat_edits_a_criterion(now, live_server, new_page):
    base = live_server.url
    _cycle, criterion, _assignments = _scored_round()
    desk = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(desk, base, "sorina@example.org")
    desk.goto(f"{base}/review/2021/")
    desk.get_by_role("link", name="Edit “Relevance”").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Edit the criterion “Relevance”")
    assert_accessible(desk, "review-criterion-edit")
    expect(desk.get_by_label("Criterion")).to_have_value("Relevance")

    desk.get_by_label("Highest score").fill("3")
    desk.get_by_role("button", name="Save the criterion").click()
    expect(desk.locator("main form")).to_contain_text("Reviewers already gave scores up to 4")
    assert_accessible(desk, "review-criterion-edit-refused")
    assert Criterion.objects.get(pk=criterion.pk).max_score == 5

    desk.get_by_label("Criterion").fill("Relevance to the year")
    desk.get_by_label("What it asks").fill("How the proposal serves 2021's issue areas.")
    desk.get_by_label("Highest score").fill("8")
    desk.get_by_role("button", name="Save the criterion").click()
    expect(desk.locator("body")).to_contain_text("“Relevance to the year” is saved.")
    expect(desk.locator("#criteria-heading + ul")).to_contain_text("Relevance to the year (0 to 8)")
    desk.goto(f"{base}/review/2021/criteria/")
    expect(desk.locator("main")).to_contain_text("How the proposal serves 2021's issue areas.")


def test_the_secretariat_removes_an_assignment_and_it_leaves_my_reviews(now, live_server, new_page):
    base = live_server.url
    _cycle, _criterion, (scored, unscored) = _scored_round()
    reviewer = new_page(timezone_id="Africa/Dakar")
    signs_in(reviewer, base, "rhea@example.org")
    reviewer.wait_for_url(f"{base}/dashboard/")
    reviewer.goto(f"{base}/review/2021/mine/")
    expect(reviewer.locator("main table tbody tr")).to_have_count(2)

    desk = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(desk, base, "sorina@example.org")
    desk.goto(f"{base}/review/2021/")
    desk.get_by_role("button", name=f"Remove Rhea Viewer from “{unscored.entry.title}”").click()
    expect(desk.locator("body")).to_contain_text(f"Rhea Viewer no longer reviews “{unscored.entry.title}”.")
    assert not Assignment.objects.filter(pk=unscored.pk).exists()

    desk.get_by_role("link", name=scored.entry.title).click()
    reviews = desk.locator("#reviews-heading + div table")
    expect(reviews.get_by_role("row", name="Rhea Viewer")).to_contain_text("Clear")
    expect(reviews.get_by_role("row", name="Rhea Viewer")).to_contain_text("4")
    assert_accessible(desk, "review-entry-reviews")
    desk.get_by_role("link", name=f"Remove Rhea Viewer from “{scored.entry.title}”").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text(
        f"Remove Rhea Viewer from “{scored.entry.title}”"
    )
    expect(desk.locator("main")).to_contain_text("Rhea Viewer has already scored this proposal.")
    expect(desk.locator("main dl")).to_contain_text("4 of 5")
    assert_accessible(desk, "review-assignment-remove")
    assert Assignment.objects.filter(pk=scored.pk).exists()
    desk.get_by_role("button", name="Remove the assignment and its scores").click()
    expect(desk.locator("body")).to_contain_text(f"Rhea Viewer no longer reviews “{scored.entry.title}”.")
    expect(desk.get_by_role("heading", level=1)).to_have_text(scored.entry.title)
    expect(desk.locator("main")).to_contain_text("No reviewer is assigned yet.")
    assert not Assignment.objects.exists() and not Score.objects.exists()

    reviewer.reload()
    expect(reviewer.locator("main")).to_contain_text("No proposal is assigned to you.")


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1280), ("ar", 390)])
def test_the_edit_pages_fit_a_phone_and_read_right_to_left(now, live_server, browser, language, width):
    _cycle, criterion, (scored, _unscored) = _scored_round()
    context = _context_for(browser, live_server.url, "sorina@example.org", language, width)
    page = context.new_page()
    for path in [
        f"/review/2021/criteria/{criterion.pk}/edit/",
        f"/review/assignments/{scored.pk}/remove/",
        f"/review/entries/{scored.entry_id}/",
        "/review/2021/",
    ]:
        page.goto(live_server.url + path)
        measured = page.evaluate(MEASURE)
        assert measured["dir"] == ("rtl" if language == "ar" else ""), path
        assert measured["width"] <= measured["window"] and not measured["unreachable"], (path, measured)
    context.close()
