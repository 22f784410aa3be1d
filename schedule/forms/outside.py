"""The form that adds an outside calendar: by its address or by its file."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from common.forms import NOTE_MAX, LinkInput, text_field

from ..models.outside import CALENDAR_FILE_MAX_BYTES, CALENDAR_NAME_MAX, CALENDAR_URL_MAX


def _file_help_text() -> str:
    return _("An iCalendar file (.ics) of at most %(max)d MB.") % {
        "max": CALENDAR_FILE_MAX_BYTES // 1024 // 1024
    }


class CalendarSourceForm(forms.Form):
    """A calendar given by its address or by its file (an outside calendar, a person's own)."""

    url = forms.URLField(
        label=_("Address (URL)"),
        required=False,
        assume_scheme="https",
        max_length=CALENDAR_URL_MAX,
        widget=LinkInput,
        help_text=_("The calendar's .ics address: it is fetched now and again every day."),
    )
    upload = forms.FileField(label=_("Or its file"), required=False, help_text=lazy(_file_help_text, str)())

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size > CALENDAR_FILE_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)d MB, the most that is read.")
                % {"size": CALENDAR_FILE_MAX_BYTES // 1024 // 1024}
            )
        return upload.read(CALENDAR_FILE_MAX_BYTES + 1)

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("url")) == (data.get("upload") is not None):
            raise ValidationError(_("Give either the calendar's address or its file."))
        return data


class OutsideCalendarForm(CalendarSourceForm):
    field_order = ["name", "url", "upload", "note"]

    name = forms.CharField(
        label=_("Name"), max_length=CALENDAR_NAME_MAX, help_text=_("For example: NRI events 2027.")
    )
    note = text_field(_("Note"), NOTE_MAX, rows=2)
