from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _


def session_passed_two_factor(request) -> bool:
    """Whether the person signed in to *this session* with a second factor (an authenticator
    code or a recovery code), as allauth records each step of a sign-in in the session. Having
    an authenticator is not enough: a session opened some other way never asked for it."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


class SecretariatTwoFactorMiddleware:
    """Secretariat accounts can change everything, so every page they open (the admin included)
    needs a session that passed two-factor: without an authenticator they are sent to set one
    up, with one they are asked for its code."""

    # Paths a secretariat member without an authenticator may still open: the account pages
    # (where the authenticator is set up, and sign-out) and static files.
    SET_UP_PREFIXES = ("/accounts/", "/static/", "/i18n/")
    # With an authenticator, only the two-factor pages and sign-out until its code is entered.
    CODE_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if settings.IGFMAG_SECRETARIAT_MFA_REQUIRED and user.is_authenticated and user.is_secretariat:
            has_authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
            if not has_authenticator and not request.path.startswith(self.SET_UP_PREFIXES):
                messages.warning(
                    request,
                    _(
                        "Secretariat accounts need two-factor authentication. "
                        "Please set up an authenticator app to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
            if (
                has_authenticator
                and not request.path.startswith(self.CODE_PREFIXES)
                and not session_passed_two_factor(request)
            ):
                # A POST cannot be replayed after the code page: come back to the dashboard.
                next_url = request.get_full_path() if request.method == "GET" else reverse("dashboard")
                return redirect(
                    f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
                )
        return self.get_response(request)
