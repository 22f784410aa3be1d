"""Test sessions that say how far the person got through sign-in.

`client.force_login(user)` stands for a complete sign-in, two-factor included: the autouse
fixture in tests/conftest.py makes it record the second factor the way allauth does at sign-in,
so that the secretariat's pages open. Tests of the two-factor gate itself use
`force_login_without_two_factor` (a session that passed one factor only) or the real forms.
"""

from allauth.account.internal.flows.login import record_authentication
from django.http import HttpRequest
from django.test import Client

_one_factor_force_login = Client.force_login


def force_login_with_two_factor(client, user, backend=None):
    _one_factor_force_login(client, user, backend)
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()


def force_login_without_two_factor(client, user):
    _one_factor_force_login(client, user)
