"""The resources page's forms: a room or channel, and a booking for a group's meeting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import LinkInput
from common.timezones import plain_when

from ..models import Resource


class ResourceForm(forms.ModelForm):
    join_url = forms.URLField(
        label=_("Link to join"), max_length=500, required=False, assume_scheme="https", widget=LinkInput
    )

    class Meta:
        model = Resource
        fields = ["name", "kind", "capacity", "join_url", "notes", "is_active"]


class BookMeetingForm(forms.Form):
    """The meeting, chosen among the upcoming ones (a bounded list, the soonest first)."""

    meeting = forms.TypedChoiceField(label=_("Meeting"), coerce=int)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {meeting.pk: meeting for meeting in meetings}
        self.fields["meeting"].choices = [
            (
                meeting.pk,
                f"{meeting.title} — {meeting.team.name} — {plain_when(meeting.start, end=meeting.end)}",
            )
            for meeting in meetings
        ]

    def clean_meeting(self):
        return self.meetings[self.cleaned_data["meeting"]]
