"""Reminder offsets, checked the same way by the milestone form, the preferences form, the models
and the services: whole days from 1 to MAX_REMINDER_DAYS, at most MAX_REMINDERS of them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A year (and a leap day) ahead is as early as anyone is reminded; the sweep looks that far.
MAX_REMINDER_DAYS = 366
MAX_REMINDERS = 10


def validate_reminder_offsets(offsets) -> None:
    if not isinstance(offsets, list):
        raise ValidationError(_("Reminder offsets are a list of whole numbers of days."), code="invalid")
    if len(offsets) > MAX_REMINDERS:
        raise ValidationError(
            _("At most %(max)d reminders, please (there are %(n)d)."),
            code="too_many",
            params={"max": MAX_REMINDERS, "n": len(offsets)},
        )
    for days in offsets:
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_REMINDER_DAYS:
            raise ValidationError(
                _("Reminders go from 1 to %(max)d days before; “%(value)s” is not."),
                code="out_of_range",
                params={"max": MAX_REMINDER_DAYS, "value": days},
            )
