"""No page scrolls sideways: on a 390 px phone in English, and right to left in Arabic at 1280 px
and 390 px, for every page each kind of person reaches. What is wider than the screen (a roster, a
poll's grid) scrolls inside its own box, which the keyboard reaches."""

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from accounts.models import User
from tests.browser.conftest import SCREENSHOTS
from tests.support.site import SITE_NOW, error_pages, site_with_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (language, window width)
LAYOUTS = [("en", 390), ("ar", 1280), ("ar", 390)]

# What a page measures: how wide it is, and every box that scrolls sideways but that the
# keyboard cannot reach or that has no name for screen readers.
MEASURE = """() => {
  const unreachable = [...document.querySelectorAll('body *')].filter(el => {
    const overflow = getComputedStyle(el).overflowX;
    return (overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth
      && !(el.tabIndex >= 0 && el.getAttribute('role') === 'region'
           && (el.getAttribute('aria-label') || document.getElementById(el.getAttribute('aria-labelledby'))));
  }).map(el => el.outerHTML.slice(0, 120));
  return {width: document.documentElement.scrollWidth, window: window.innerWidth, dir: document.dir,
          unreachable: unreachable};
}"""


def _context_for(browser, base, email, language, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(10_000)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
    if email:
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        )
    context.add_cookies(cookies)
    return context


@pytest.mark.parametrize(
    "language, width", LAYOUTS, ids=[f"{language}-{width}px" for language, width in LAYOUTS]
)
def test_no_page_scrolls_sideways_on_a_phone_or_right_to_left(live_server, browser, language, width):
    problems = []
    checked = 0
    with time_machine.travel(SITE_NOW, tick=False):
        pages = site_with_pages()
        for email, path_statuses in error_pages().items():
            pages[email] = pages[email] + [path for path, _status in path_statuses]
        for email, paths in pages.items():
            context = _context_for(browser, live_server.url, email, language, width)
            page = context.new_page()
            page.clock.set_fixed_time(SITE_NOW)
            for path in paths:
                page.goto(live_server.url + path)
                measured = page.evaluate(MEASURE)
                checked += 1
                assert measured["dir"] == ("rtl" if language == "ar" else ""), (language, path)
                if measured["width"] > measured["window"] or measured["unreachable"]:
                    name = f"layout-{language}-{width}-{email or 'visitor'}{path.replace('/', '_')}"
                    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
                    problems.append(
                        f"{email or 'visitor'} {path}: page {measured['width']}px wide; "
                        f"{measured['unreachable']}"
                    )
            context.close()
    assert not problems, f"{len(problems)} of {checked} pages at {width}px in {language}:\n" + "\n".join(
        problems
    )
