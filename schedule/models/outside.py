"""Calendars of other people's events (NRI events, ICANN meetings, ...) that the secretariat
imports, read-only, so that the programme can flag sessions that clash with them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from common.forms import NOTE_MAX, MaxCharsValidator
from teams.rules import is_secretariat

CALENDAR_NAME_MAX = 200
CALENDAR_URL_MAX = 2000
CALENDAR_ERROR_MAX = 1000
CALENDARS_MAX = 100
# What one calendar may hold and be: a file or a download of at most 2 MB, at most 5,000 events.
CALENDAR_FILE_MAX_BYTES = 2 * 1024 * 1024
EVENTS_PER_CALENDAR = 5_000
EVENT_UID_MAX = 255
EVENT_SUMMARY_MAX = 500
EVENT_LOCATION_MAX = 500
# Events are kept from a year back to three years ahead; recurring ones are expanded within that.
WINDOW_DAYS_BACK = 366
WINDOW_DAYS_AHEAD = 3 * 366


class OutsideCalendar(RulesModel):
    """A calendar the secretariat imported, from a file once or from a URL fetched every day."""

    name = models.CharField(_("name"), max_length=CALENDAR_NAME_MAX)
    url = models.URLField(_("address (URL)"), max_length=CALENDAR_URL_MAX, blank=True)
    note = models.TextField(_("note"), blank=True, validators=[MaxCharsValidator(NOTE_MAX)])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When its events were last replaced (a file's upload, a URL's last good fetch).
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    # Why the last fetch failed; empty after a good one. The events of the last good one are kept.
    last_error = models.CharField(max_length=CALENDAR_ERROR_MAX, blank=True)
    # An inactive calendar is not fetched and its events are not checked for clashes.
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        rules_permissions = {"manage": is_secretariat}

    def __str__(self):
        return self.name


class OutsideEvent(models.Model):
    """One event (one occurrence of a recurring one) of an outside calendar, in UTC; an all-day
    event runs from midnight UTC of its first day to midnight UTC after its last."""

    calendar = models.ForeignKey(OutsideCalendar, on_delete=models.CASCADE, related_name="events")
    uid = models.CharField(max_length=EVENT_UID_MAX)
    summary = models.CharField(max_length=EVENT_SUMMARY_MAX, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    all_day = models.BooleanField(default=False)
    location = models.CharField(max_length=EVENT_LOCATION_MAX, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="outside_event_window_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "uid", "starts_at"], name="outside_event_once_per_start"
            ),
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="outside_event_ends_after"),
        ]

    def __str__(self):
        return self.summary or self.uid
