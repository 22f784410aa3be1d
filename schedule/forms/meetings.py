"""The form of a meeting: its time in a chosen zone, agenda and notes."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import (
    MARKDOWN_MAX,
    LinkInput,
    LocalDateTimeField,
    ZonedForm,
    local_wall_clock,
    text_field,
)
from common.timezones import TimeZoneChoiceField


class MeetingForm(ZonedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    start_local = LocalDateTimeField(label=_("Start"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15, max_value=8 * 60)
    time_zone = TimeZoneChoiceField(label=_("Start is in"))
    video_link = forms.URLField(
        label=_("Video link"), required=False, assume_scheme="https", max_length=200, widget=LinkInput
    )
    agenda = text_field(_("Agenda (Markdown)"), MARKDOWN_MAX, rows=5)
    notes = text_field(_("Notes (Markdown)"), MARKDOWN_MAX, rows=8)
    is_public = forms.BooleanField(
        label=_(
            "Public: show its title, time, agenda and video link on the public meetings page and calendar"
        ),
        required=False,
    )

    @classmethod
    def initial_for(cls, meeting, zone_name):
        return {
            "title": meeting.title,
            "start_local": local_wall_clock(meeting.start, zone_name),
            "time_zone": zone_name,
            "duration_minutes": int((meeting.end - meeting.start).total_seconds() // 60),
            "video_link": meeting.video_link,
            "agenda": meeting.agenda,
            "notes": meeting.notes,
            "is_public": meeting.is_public,
        }

    def clean(self):
        data = super().clean()
        if data.get("start_local") and data.get("duration_minutes"):
            data["start"] = data["start_local"]
            data["end"] = data["start"] + timedelta(minutes=data["duration_minutes"])
        return data

    def meeting_fields(self) -> dict:
        """The keyword arguments of `meeting_update` the form gives."""
        return {
            name: self.cleaned_data[name]
            for name in ("title", "start", "end", "video_link", "agenda", "notes", "is_public")
        }
