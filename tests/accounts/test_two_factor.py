"""The secretariat's pages, the admin included, open only in a session that passed two-factor."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.urls import reverse

from tests.factories import SecretariatFactory
from tests.support.sessions import force_login_without_two_factor

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "correct-horse-battery"
CODE = re.compile(r"\n([A-Z0-9]{4}-[A-Z0-9]{4})\n")
SECRETARIAT_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/secretariat/outbox/",
    "/secretariat/audit-log/",
    "/milestones/new/",
    "/dashboard/",
]


def totp_now(secret=SECRET):
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture
def staff(cycle):
    user = SecretariatFactory(email="staff@example.org", totp=False)
    TOTP.activate(user, SECRET)
    return user


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


# allauth announces a new authenticator once its transaction commits: let it commit.
@pytest.mark.django_db(transaction=True)
def test_secretariat_who_turns_on_the_authenticator_goes_on_without_a_second_code(client):
    newcomer = SecretariatFactory(email="new-staff@example.org", totp=False)
    force_login_without_two_factor(client, newcomer)
    assert client.get("/secretariat/outbox/")["Location"] == reverse("mfa_activate_totp")

    # allauth asks to confirm the sign-in before turning two-factor on.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=newcomer, type=Authenticator.Type.TOTP).exists()
    assert _opens(client, "/secretariat/outbox/")


@pytest.mark.django_db
def test_the_admin_never_shows_an_authenticator_secret(client, staff, secretariat):
    client.force_login(secretariat)
    authenticator = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)

    pages = [
        client.get("/admin/mfa/authenticator/"),
        client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/"),
    ]

    assert all(page.status_code == 200 for page in pages)
    assert not any(SECRET in page.content.decode() for page in pages)
    # Editing is refused too (one could put in a secret one knows).
    client.post(
        f"/admin/mfa/authenticator/{authenticator.pk}/change/",
        {"user": staff.pk, "type": "totp", "data": '{"secret": "AAAA"}'},
    )
    authenticator.refresh_from_db()
    assert "AAAA" not in str(authenticator.data)
