"""The secretariat's pages, the admin included, open only in a session that passed two-factor."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import SecretariatFactory
from tests.support.sessions import force_login_without_two_factor
from tests.support.two_factor import PASSWORD, totp_now

CODE = re.compile(r"\n([A-Z0-9]{4}-[A-Z0-9]{4})\n")
SECRETARIAT_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/secretariat/outbox/",
    "/secretariat/audit-log/",
    "/milestones/new/",
    "/dashboard/",
]


def _opens(client, path):
    return client.get(path).status_code == 200


@pytest.mark.django_db
def test_admin_sign_in_form_with_the_password_alone_opens_nothing(client, staff):
    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})

    # The admin's form does not sign anyone in: it sends them to the site's sign-in page.
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert not any(_opens(client, path) for path in SECRETARIAT_PAGES)


@pytest.mark.django_db
def test_admin_sign_in_goes_through_the_password_and_the_authenticator_code(client, staff):
    response = client.get("/admin/", follow=True)
    login_url = response.redirect_chain[-1][0]
    assert login_url.startswith(reverse("account_login"))

    response = client.post(login_url, {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert not _opens(client, "/admin/")

    response = client.post(reverse("mfa_authenticate"), {"code": totp_now()}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200 and "Site administration" in response.content.decode()


@pytest.mark.django_db
def test_wrong_passwords_on_the_way_to_the_admin_are_rate_limited(client, staff):
    for _ in range(20):
        client.post("/admin/login/", {"username": staff.email, "password": "wrong-password"})
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert not _opens(client, "/admin/")

    # The page the admin sends to counts failures per address: the sixth try is refused, right or not.
    login_url = response["Location"]
    for _ in range(5):
        client.post(login_url, {"login": staff.email, "password": "wrong-password"})
    response = client.post(login_url, {"login": staff.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert not _opens(client, "/admin/")


@pytest.mark.django_db
def test_secretariat_session_without_two_factor_is_asked_for_the_code_on_every_page(client, staff):
    force_login_without_two_factor(client, staff)

    for path in SECRETARIAT_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next={path.replace('/', '%2F')}"
    # A POST is not carried out either.
    response = client.post(reverse("outbox_retry"), {"ids": ["1"]})
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))

    response = client.post(
        f"{reverse('mfa_reauthenticate')}?next=/admin/", {"code": totp_now(), "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert all(_opens(client, path) for path in SECRETARIAT_PAGES)


@pytest.mark.django_db
def test_secretariat_signed_in_by_emailed_code_still_needs_the_authenticator(client, staff):
    client.post(reverse("account_request_login_code"), {"email": staff.email})
    code = CODE.search(mail.outbox[-1].body).group(1)

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response["Location"] == reverse("mfa_authenticate")
    assert not any(_opens(client, path) for path in SECRETARIAT_PAGES)


@pytest.mark.django_db
def test_secretariat_without_two_factor_is_sent_to_set_it_up(client):
    staff = SecretariatFactory(email="new-staff@example.org", totp=False)
    client.force_login(staff)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    # The set-up page itself is reachable (allauth may first ask to confirm the sign-in).
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert all(url.startswith("/accounts/") for url, _status in response.redirect_chain)


@pytest.mark.django_db
def test_secretariat_with_two_factor_is_asked_for_the_code_at_sign_in(client):
    SecretariatFactory(email="staff@example.org")
    response = client.post(
        reverse("account_login"), {"login": "staff@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard")).status_code == 302  # not signed in before the code
