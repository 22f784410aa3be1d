"""The form that turns a poll's result into a series of calls."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DayInput, LinkInput
from common.timezones import plain_when

from ..services.series import MAX_CALLS, MAX_EVERY_WEEKS, MIN_CALLS

MAX_CANDIDATES = 3


def pattern_value(pattern) -> str:
    return ",".join(str(s) for s in pattern)


class SeriesForm(forms.Form):
    """Which slots, how often, how many (or until when); then which rotation. `rotation` must be
    one of the proposals for the slots and cadence sent with it (`set_proposals`)."""

    slots = forms.ModelMultipleChoiceField(
        label=_("Candidate slots (one to three)"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    every_weeks = forms.IntegerField(label=_("Every how many weeks"), min_value=1, max_value=MAX_EVERY_WEEKS)
    count = forms.IntegerField(
        label=_("Number of calls"), min_value=MIN_CALLS, max_value=MAX_CALLS, required=False
    )
    until = forms.DateField(label=_("Or until (a date)"), required=False, widget=DayInput)
    title = forms.CharField(label=_("Title of the calls"), max_length=200)
    video_link = forms.URLField(
        label=_("Video link"), required=False, assume_scheme="https", max_length=200, widget=LinkInput
    )
    rotation = forms.CharField(required=False, max_length=200, widget=forms.RadioSelect)

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.fields["slots"].queryset = poll.slots.order_by("start")
        self.fields["slots"].label_from_instance = lambda slot: plain_when(slot.start)

    def clean_slots(self):
        slots = sorted(self.cleaned_data["slots"], key=lambda slot: slot.start)
        if not 1 <= len(slots) <= MAX_CANDIDATES:
            raise forms.ValidationError(_("Choose one, two or three slots."))
        return slots

    def clean_until(self):
        until = self.cleaned_data.get("until")
        if until is not None and until > timezone.localdate() + timedelta(days=366):
            raise forms.ValidationError(_("A series ends within a year."))
        return until

    def clean(self):
        data = super().clean()
        if data.get("count") is None and data.get("until") is None and not self.errors:
            self.add_error("count", _("Give the number of calls or the date of the last one."))
        return data


class CadenceForm(forms.Form):
    """A series' new cadence, for the calls still to come."""

    every_weeks = forms.IntegerField(label=_("Every how many weeks"), min_value=1, max_value=MAX_EVERY_WEEKS)
    count = forms.IntegerField(label=_("Number of calls in all"), min_value=MIN_CALLS, max_value=MAX_CALLS)
