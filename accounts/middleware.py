from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class SecretariatTwoFactorMiddleware:
    """Secretariat accounts can change everything, so they must turn on an authenticator app
    before they use any page other than the account pages."""

    # Paths a secretariat member without two-factor may still open: the account pages (where the
    # authenticator is set up, and sign-out) and static files.
    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.IGFMAG_SECRETARIAT_MFA_REQUIRED
            and user.is_authenticated
            and user.is_secretariat
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(request, _("Secretariat accounts need two-factor authentication. "
                                        "Please set up an authenticator app to continue."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)
