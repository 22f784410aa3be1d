"""Rate limits count per visitor behind the proxy the README expects, charge only for what is
done, and say which limit was hit. On `make test-services` they count in Redis."""

import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Subscription
from tests.factories import UserFactory
from tests.igfmag.test_deploy import ROOT, _production_env

PROXY = "10.0.0.2"  # what REMOTE_ADDR says for everyone behind the proxy


def _behind_the_proxy(client_address, claimed=""):
    """A browser behind the proxy; `claimed` is an X-Forwarded-For the browser itself sent,
    which the proxy extends with the address it saw."""
    forwarded = f"{claimed}, {client_address}" if claimed else client_address
    return Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": forwarded})


def _production_proxy_count(**env):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        ],
        cwd=ROOT,
        env=_production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


def test_production_reads_the_number_of_trusted_proxies_from_the_environment():
    assert _production_proxy_count() == 1  # the README's TLS proxy
    assert _production_proxy_count(DJANGO_TRUSTED_PROXY_COUNT="0") == 0
    assert _production_proxy_count(DJANGO_TRUSTED_PROXY_COUNT="2") == 2


@pytest.mark.django_db
def test_failed_logins_behind_the_proxy_lock_out_the_guesser_not_everyone(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="amina@example.org")
    guesser = _behind_the_proxy("198.51.100.7")
    for i in range(10):  # ten a minute from one address, each for a different account
        guesser.post(reverse("account_login"), {"login": f"person{i}@example.org", "password": "wrong"})

    refused = guesser.post(reverse("account_login"), {"login": "amina@example.org", "password": "wrong"})
    assert "Too many failed login attempts" in refused.content.decode()
    # Naming another address in front of the proxy's entry does not give the guesser a fresh count.
    spoofer = _behind_the_proxy("198.51.100.7", claimed="192.0.2.55")
    refused = spoofer.post(reverse("account_login"), {"login": "amina@example.org", "password": "wrong"})
    assert "Too many failed login attempts" in refused.content.decode()

    amina = _behind_the_proxy("203.0.113.20")
    response = amina.post(
        reverse("account_login"), {"login": "amina@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and amina.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_team_subscriptions_behind_the_proxy_count_per_visitor(settings, team):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = reverse("team_subscribe", args=[team.cycle.year, team.slug])
    busy = _behind_the_proxy("198.51.100.7")
    for i in range(10):
        busy.post(url, {"name": "N", "email": f"n{i}@example.org"})
    assert (
        "Too many subscription requests"
        in busy.post(url, {"name": "N", "email": "n10@example.org"}, follow=True).content.decode()
    )

    _behind_the_proxy("203.0.113.20").post(url, {"name": "Dana", "email": "dana@example.org"})
    assert Subscription.objects.filter(email="dana@example.org").exists()


@pytest.mark.django_db
def test_invalid_subscription_forms_do_not_use_up_the_hourly_allowance(client, team):
    url = reverse("team_subscribe", args=[team.cycle.year, team.slug])
    for _ in range(12):
        page = client.post(url, {"name": "Dana", "email": "not-an-address"}, follow=True).content.decode()
        assert "Enter a valid email address" in page

    page = client.post(url, {"name": "Dana", "email": "dana@example.org"}, follow=True).content.decode()
    assert "Check your inbox" in page
    assert Subscription.objects.filter(email="dana@example.org").exists()


@pytest.mark.django_db
def test_too_many_code_requests_are_refused_in_their_own_words():
    UserFactory(email="amina@example.org")
    for _ in range(3):  # three a minute for one address (each from a new session)
        response = Client().post(reverse("account_request_login_code"), {"email": "amina@example.org"})
        assert response.status_code == 302

    page = (
        Client().post(reverse("account_request_login_code"), {"email": "amina@example.org"}).content.decode()
    )
    assert "Too many codes requested" in page
    assert "failed login attempts" not in page
