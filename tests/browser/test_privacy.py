"""A visitor finds the privacy page from any page's footer and from the sign-up form, reads how
long emails' texts are kept (the setting's number), on a 390 px phone and right to left in Arabic
without scrolling sideways, and axe finds nothing serious on it."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_layout import MEASURE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_the_privacy_page_in_the_footer_and_reads_it(live_server, new_page):
    base = live_server.url
    page = new_page()
    page.goto(f"{base}/registry/")
    page.locator("footer").get_by_role("link", name="Privacy: what we keep and why").click()
    page.wait_for_url(f"{base}/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy: what igfmag keeps about you")
    days = settings.IGFMAG_OUTBOX_RETENTION_DAYS
    expect(page.locator("main")).to_contain_text(f"removed {days} days after it was queued")
    expect(page.get_by_role("heading", name="Your data in your hands")).to_be_visible()
    assert_accessible(page, "visitor_privacy")


def test_the_sign_up_form_links_to_it(live_server, new_page):
    base = live_server.url
    page = new_page()
    page.goto(f"{base}/accounts/signup/")
    page.get_by_role("link", name="What igfmag keeps about you, why and for how long").click()
    page.wait_for_url(f"{base}/privacy/")


@pytest.mark.parametrize(("language", "width"), [("en", 390), ("ar", 1280), ("ar", 390)])
def test_it_fits_a_phone_and_reads_right_to_left(live_server, browser, language, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB", timezone_id="UTC")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/privacy/")
        measured = page.evaluate(MEASURE)
        assert measured["dir"] == ("rtl" if language == "ar" else "")
        assert measured["width"] <= measured["window"] and not measured["unreachable"], measured
    finally:
        context.close()
