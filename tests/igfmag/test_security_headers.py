"""Every response carries the strict Content-Security-Policy, the Permissions-Policy and the other
security headers: every page of the permission matrix as each role, and the pages around it."""

import pytest
from django.urls import reverse

from tests.test_permissions import ROLES, ROWS, module_world, send, sign_in, world  # noqa: F401 (fixtures)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DENIED_FEATURES = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]


def assert_security_headers(response, where):
    directives = response.headers.get("Content-Security-Policy", "").split("; ")
    assert sorted(directives) == sorted(CSP.split("; ")), (where, directives)
    policy = response.headers.get("Permissions-Policy", "")
    assert all(feature in policy.split(", ") for feature in DENIED_FEATURES), (where, policy)
    assert response.headers.get("Referrer-Policy") == "same-origin", where
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("X-Frame-Options") == "DENY", where


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_matrix_sends_the_security_headers(client, world, role):  # noqa: F811
    sign_in(client, world, role)
    for row in ROWS:
        response = send(client, world, row, role)
        assert_security_headers(response, f"{row.id} as {role} ({response.status_code})")


def test_sign_in_admin_errors_and_feeds_send_the_security_headers(client, world):  # noqa: F811
    for path in [
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_request_login_code"),
        reverse("account_reset_password"),
        "/no-such-page/",
        "/calendar/public.ics",
    ]:
        assert_security_headers(client.get(path), path)

    client.force_login(world.people["secretariat"])
    for path in [
        reverse("mfa_index"),
        reverse("mfa_activate_totp"),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[world.people["mag"].pk]),
    ]:
        assert_security_headers(client.get(path), path)
