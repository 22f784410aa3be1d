"""Playwright against Debian's chromium (never a downloaded browser) and axe-core from npm."""

import json
import os
from pathlib import Path

import pytest

from tests.conftest import _missing

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(
    os.environ.get("IGFMAG_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots")
)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _missing("Debian's chromium is not installed (make test installs it with apt-get)")
    if not AXE.exists():
        _missing("axe-core is not installed (make test runs npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def is_csp_violation(message):
    """Chromium reports each Content-Security-Policy refusal as a console error."""
    return message.type == "error" and "Content Security Policy" in message.text


@pytest.fixture
def new_page(browser, request):
    """Each call gives a page in a fresh context (its own cookies): one per person in a test. When
    the test stops the server's clock (`now`), the pages' JavaScript sees the same instant. A test
    fails if any of its pages breaks the Content-Security-Policy."""
    contexts = []
    violations = []
    now = request.getfixturevalue("now") if "now" in request.fixturenames else None

    def make(timezone_id="UTC"):
        context = browser.new_context(timezone_id=timezone_id, locale="en-GB")
        context.set_default_timeout(10_000)
        if now is not None:
            context.clock.set_fixed_time(now)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}") if is_csp_violation(message) else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def assert_accessible(page, name):
    """axe-core finds no serious or critical WCAG 2.1 A/AA violation on the page; keeps a screenshot."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    # Evaluated through the DevTools protocol: a <script> tag with axe inline would break the CSP.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: " + json.dumps(
        [{"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"][:3]]} for v in serious],
        indent=1,
    )


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_now(secret=SECRET):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def signs_in(page, base, email, password="correct-horse-battery"):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def secretariat_signs_in(page, base, email, password="correct-horse-battery"):
    """Password, then the authenticator code (the account's TOTP secret is SECRET)."""
    signs_in(page, base, email, password)
    page.get_by_label("Authenticator code").fill(totp_now())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}/dashboard/")
