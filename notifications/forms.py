from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.forms import MARKDOWN_MAX, text_field
from teams.models import IssueTeam

from .enums import DEFAULT_REMINDER_OFFSETS, Delivery
from .models import PREFERENCE_FIELDS, NotificationPreferences


def _days_before(days: int) -> str:
    return ngettext("%(n)d day before", "%(n)d days before", days) % {"n": days}


# Translated when the form is shown, in the reader's language (not once, when Python loads this file).
days_before_lazy = lazy(_days_before, str)


class PreferencesForm(forms.ModelForm):
    reminder_offsets = forms.TypedMultipleChoiceField(
        label=_("Remind me before each milestone of my teams"),
        coerce=int,
        required=False,
        choices=[(d, days_before_lazy(d)) for d in DEFAULT_REMINDER_OFFSETS],
        widget=forms.CheckboxSelectMultiple,
    )
    delivery = forms.ChoiceField(label=_("How"), choices=Delivery.choices, widget=forms.RadioSelect)

    class Meta:
        model = NotificationPreferences
        fields = list(PREFERENCE_FIELDS)


class AnnouncementForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = text_field(_("Message"), MARKDOWN_MAX, rows=10, required=True)
    to_everyone = forms.BooleanField(label=_("Everyone (all members and subscribers)"), required=False)
    teams = forms.ModelMultipleChoiceField(
        label=_("Or these teams"),
        queryset=IssueTeam.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, teams, can_write_to_everyone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["teams"].label_from_instance = lambda team: team.name.text
        if not can_write_to_everyone:
            del self.fields["to_everyone"]

    def clean(self):
        data = super().clean()
        if not data.get("to_everyone") and not data.get("teams"):
            raise forms.ValidationError(_("Choose the teams to write to, or everyone."))
        return data


class SubscribeForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your email"), max_length=254)


class RetryPeriodForm(forms.Form):
    """Retry every failed email of a period (after an SMTP outage) in one action."""

    hours = forms.IntegerField(
        label=_("Failed emails queued in the last (hours)"), min_value=1, max_value=24 * 30, initial=24
    )
