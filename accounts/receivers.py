"""Receivers of allauth's and the accounts' signals, connected in AccountsConfig.ready()."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def record_two_factor_on_activation(sender, request, user, authenticator, **kwargs):
    """Turning on an authenticator app means typing one of its codes: this session has just
    passed two-factor, so the secretariat middleware need not ask for a second code at once.
    (allauth records the step itself only at sign-in; its public module exports no writer.)"""
    if request is not None and authenticator.type == Authenticator.Type.TOTP and request.user == user:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True
        )
