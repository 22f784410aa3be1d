import zoneinfo

from django.conf import settings
from django.utils import timezone, translation

from .timezones import canonical_zone


class ViewerPreferencesMiddleware:
    """Shows every page in the viewer's time zone and language: the profile's when signed in,
    else the browser's (time zone from the `tz` cookie set by static/js/timezone.js)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        zone_name = None
        if user.is_authenticated:
            zone_name = canonical_zone(user.time_zone)
            # The profile's language, unless the person picked one in the footer (a cookie).
            if user.language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
        zone_name = zone_name or canonical_zone(request.COOKIES.get("tz")) or "UTC"
        timezone.activate(zoneinfo.ZoneInfo(zone_name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
