from allauth.account.adapter import DefaultAccountAdapter

from igfmag.timezones import canonical_zone


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Start new accounts in the browser's time zone (sent by static/js/timezone.js as a
        # cookie); the person confirms or changes it on the profile page right after sign-up.
        browser_zone = canonical_zone(request.COOKIES.get("tz"))
        if browser_zone:
            user.time_zone = browser_zone
        return super().save_user(request, user, form, commit=commit)
