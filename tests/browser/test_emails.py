"""Every kind of HTML email, as a phone shows it: no sideways scrolling at 390 px, and axe-core
finds nothing serious. Screenshots at 600 and 390 px land in var/screenshots/email_*."""
import pytest
import time_machine

from tests.browser.conftest import SCREENSHOTS, assert_accessible
from tests.support.emails import START, every_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_every_html_email_fits_a_phone_and_passes_axe(client, new_page):
    with time_machine.travel(START, tick=False):
        emails = every_email(client)
    page = new_page()
    for kind, message in emails.items():
        (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
        page.set_viewport_size({"width": 600, "height": 800})
        page.set_content(html)
        page.screenshot(path=str(SCREENSHOTS / f"email_{kind}_600.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, kind
        assert_accessible(page, f"email_{kind}_390")
