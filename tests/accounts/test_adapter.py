import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

CODE = re.compile(r"\n([A-Z0-9]{4}-[A-Z0-9]{4})\n")


def _code_from_last_mail():
    return CODE.search(mail.outbox[-1].body).group(1)


@pytest.mark.django_db
def test_sign_up_with_an_emailed_code_then_complete_the_profile(client):
    client.cookies["tz"] = "Asia/Kathmandu"
    response = client.post(reverse("account_signup"), {"email": "New.Person@Example.org"})
    assert response.status_code == 302

    response = client.post(reverse("account_email_verification_sent"), {"code": _code_from_last_mail()})

    assert response.status_code == 302 and response["Location"] == reverse("profile_edit")
    user = User.objects.get(email="new.person@example.org")
    assert user.time_zone == "Asia/Kathmandu"  # suggested by the browser at sign-up
    assert not user.has_usable_password()
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_sign_up_says_the_password_is_optional_and_a_code_works_without_one(client):
    page = client.get(reverse("account_signup")).content.decode()
    label = re.search(r'<label for="id_password1">(.*?)</label>', page, re.S).group(1)
    assert label.strip().rstrip(":") == "Password (optional)"
    assert "required" not in re.search(r'<input[^>]*id="id_password1"[^>]*>', page).group(0)
    help_text = re.search(r'<div class="helptext" id="id_password1_helptext">(.*?)</div>', page, re.S).group(
        1
    )
    assert "sign in with a code we send to your email" in help_text
    assert "<li>Your password must contain at least" in help_text  # the rules, for those who choose one


@pytest.mark.django_db
def test_sign_in_by_emailed_code(client):
    UserFactory(email="coder@example.org")
    client.post(reverse("account_request_login_code"), {"email": "coder@example.org"})
    response = client.post(reverse("account_confirm_login_code"), {"code": _code_from_last_mail()})

    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_sign_in_by_password(client):
    UserFactory(email="pw@example.org")
    response = client.post(
        reverse("account_login"), {"login": "pw@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_failed_passwords_are_rate_limited(client):
    UserFactory(email="target@example.org")
    statuses = [
        client.post(
            reverse("account_login"), {"login": "target@example.org", "password": "wrong"}
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [200] * 5  # each time the form says what is wrong
    # After five failures within five minutes, even the right password is refused for now.
    response = client.post(
        reverse("account_login"), {"login": "target@example.org", "password": "correct-horse-battery"}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302
