from allauth.account.adapter import DefaultAccountAdapter

from common.timezones import canonical_zone


class AccountAdapter(DefaultAccountAdapter):
    """accounts' part of allauth's adapter. The settings name notifications.account_mail's
    subclass, which sends the account mail through the outbox (an app above this one)."""

    def save_user(self, request, user, form, commit=True):
        # Start new accounts in the browser's time zone (sent by static/js/timezone.js as a
        # cookie); the person confirms or changes it on the profile page right after sign-up.
        browser_zone = canonical_zone(request.COOKIES.get("tz"))
        if browser_zone:
            user.time_zone = browser_zone
        return super().save_user(request, user, form, commit=commit)
