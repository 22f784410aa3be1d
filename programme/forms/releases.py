"""The release form (the number offered and a note) and the MAG's approval (a date, and where the
meeting records hold them, the meeting and the decision, chosen among the year's recent ones)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DayInput

from ..models import RELEASE_NOTE_MAX
from ..services.releases import RELEASE_NUMBER_MAX


class ReleaseForm(forms.Form):
    # The version the page offered: a second click finds it released and releases nothing.
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=RELEASE_NUMBER_MAX)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=RELEASE_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown with the version, for instance what the MAG asked to change."),
    )


class ApproveForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved by the MAG on"), widget=DayInput, input_formats=["%Y-%m-%d"]
    )
    meeting = forms.TypedChoiceField(
        label=_("At the meeting (optional)"), coerce=int, required=False, empty_value=None
    )
    decision = forms.TypedChoiceField(
        label=_("The decision (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The decisions recorded at this year's most recent meetings."),
    )

    def __init__(self, *args, meetings, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        # Bounded lists (the year's recent meetings and decisions), read once; a value sent back
        # is one of them or refused.
        self.meetings = {m.pk: m for m in meetings}
        self.decisions = {d.pk: d for d in decisions}
        self.fields["meeting"].choices = [("", _("No meeting recorded"))] + [
            (m.pk, f"{m.title} ({m.start:%Y-%m-%d})") for m in self.meetings.values()
        ]
        self.fields["decision"].choices = [("", _("No decision recorded"))] + [
            (d.pk, f"{d.meeting.title} ({d.meeting.start:%Y-%m-%d}): {d.text[:80]}")
            for d in self.decisions.values()
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "approved_on": data["approved_on"],
            "meeting": self.meetings.get(data["meeting"]),
            "decision": self.decisions.get(data["decision"]),
        }
