"""A person's own busy times, from an .ics file they upload or a private calendar URL the worker
fetches: only the intervals are kept (no titles, places or guests), only the person sees them,
and they serve only to pre-fill availability polls (selectors.busy)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from ..rules import owns_busy_calendar
from .outside import CALENDAR_ERROR_MAX, CALENDAR_URL_MAX

# A person keeps a few calendars (work, personal, ...), each of the outside calendars' bounds
# (CALENDAR_FILE_MAX_BYTES, EVENTS_PER_CALENDAR). Busy times are kept from yesterday to a year ahead.
BUSY_CALENDARS_PER_USER = 3
BUSY_DAYS_BACK = 1
BUSY_DAYS_AHEAD = 366


class BusyCalendar(RulesModel):
    """One of a person's calendars: an uploaded file (replaced by uploading again) or a private
    URL fetched every few hours. The URL is a secret: never shown back, only its host."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="busy_calendars"
    )
    url = models.URLField(_("address (URL)"), max_length=CALENDAR_URL_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When its busy times were last replaced (an upload, a URL's last good fetch).
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    # Why the last fetch failed; empty after a good one. The busy times of the last good one are kept.
    last_error = models.CharField(max_length=CALENDAR_ERROR_MAX, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        # Only its person: not the secretariat, not a superuser (the views look it up among the
        # reader's own calendars, so anyone else's is not found).
        rules_permissions = {"manage": owns_busy_calendar}

    def __str__(self):
        return self.host or str(_("uploaded file"))

    @property
    def host(self) -> str:
        """All of the URL that is ever shown: the rest may be the calendar's secret."""
        return (urlsplit(self.url).hostname or "") if self.url else ""


class BusyTime(models.Model):
    """One busy interval of a person, in UTC (an all-day event: its whole days in their zone)."""

    calendar = models.ForeignKey(BusyCalendar, on_delete=models.CASCADE, related_name="times")
    # The calendar's person, again: the polls ask for many people's intervals in one query.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["user", "starts_at"], name="busy_time_user_start_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="busy_time_ends_after"),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%Y-%m-%d %H:%M} UTC"
