"""accounts/receivers.py: what accounts does on allauth's signals."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import SecretariatFactory
from tests.support.sessions import force_login_without_two_factor
from tests.support.two_factor import PASSWORD, totp_now


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
    assert client.get("/secretariat/outbox/").status_code == 200
