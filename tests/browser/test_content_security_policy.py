"""The strict Content-Security-Policy breaks nothing: chromium loads every page, the admin and the
two-factor pages included, as the secretariat, a member and a visitor, and refuses nothing.
(Every browser test fails on a violation through the `new_page` fixture; these tests visit the
pages the others do not, and prove the detector sees a violation when there is one.)"""

import pytest

from accounts.models import User
from igfmag.demo import load_demo_data
from tests.browser.conftest import is_csp_violation, secretariat_signs_in, signs_in
from tests.browser.test_accessibility import _pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/accounts/auditevent/",
    "/admin/teams/issueteam/",
    "/admin/teams/cycle/add/",
    "/admin/teams/membership/",
]
TWO_FACTOR_PAGES = ["/accounts/2fa/", "/accounts/2fa/totp/deactivate/"]


def visits(page, base, paths):
    """Loads each page and waits until its scripts ran; returns the paths that failed (the styled
    403 and 404 pages are pages too: the member is not invited to every poll, and the page list
    visits a missing page on purpose)."""
    failed = []
    for path in paths:
        response = page.goto(base + path)
        page.wait_for_load_state("load")
        assert "Content-Security-Policy" in {name.title() for name in response.headers}, path
        if response.status >= 400 and response.status not in (403, 404):
            failed.append((path, response.status))
    return failed


def test_no_page_breaks_the_policy_for_the_secretariat(live_server, new_page):
    load_demo_data()
    page = new_page(timezone_id="Europe/Zurich")
    secretariat_signs_in(page, live_server.url, "secretariat@example.org", password="igf-demo-2021")
    staff = User.objects.get(email="secretariat@example.org")
    paths = [
        *_pages(secretariat_view=True),
        *ADMIN_PAGES,
        *TWO_FACTOR_PAGES,
        f"/admin/accounts/user/{staff.pk}/change/",
        "/admin/teams/issuearea/add/",
    ]

    assert visits(page, live_server.url, paths) == []
    # The admin's scripts run: the slug follows the name.
    page.goto(f"{live_server.url}/admin/teams/issuearea/add/")
    page.get_by_label("Name").first.press_sequentially("Digital cooperation")
    assert page.locator("input[name=slug]").input_value() == "digital-cooperation"


def test_no_page_breaks_the_policy_for_a_member_and_a_visitor(live_server, new_page):
    load_demo_data()
    member = new_page(timezone_id="Africa/Dakar")
    signs_in(member, live_server.url, "amina@example.org", password="igf-demo-2021")
    member.wait_for_url(f"{live_server.url}/dashboard/")
    assert visits(member, live_server.url, [*_pages(secretariat_view=False), "/accounts/2fa/"]) == []
    # Setting up an authenticator shows its QR code as a data: image, which the policy allows.
    member.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in member.url:
        member.get_by_label("Password").fill("igf-demo-2021")
        member.get_by_role("button", name="Confirm").click()
    qr_code = member.locator("img[src^='data:image/svg+xml']")
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")

    visitor = new_page()
    assert (
        visits(
            visitor,
            live_server.url,
            [
                "/",
                "/teams/",
                "/milestones/public/",
                "/accounts/login/",
                "/accounts/signup/",
                "/accounts/login/code/",
                "/accounts/password/reset/",
            ],
        )
        == []
    )


def test_the_detector_sees_an_inline_style_and_script_refused(live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    seen = []
    page.on("console", lambda message: seen.append(message.text) if is_csp_violation(message) else None)
    page.goto(live_server.url + "/")
    page.evaluate("""() => {
        document.body.setAttribute("style", "background: red");
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected === undefined")
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    assert any("style-src" in text for text in seen) and any("script-src" in text for text in seen), seen
    context.close()
