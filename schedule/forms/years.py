"""Forms of the yearly rollover: the draft of the next year, and the confirmed switch to it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DayInput
from teams.models import Cycle, IssueTeam

from ..services.years import CYCLE_NAME_MAX, GROUP_TITLE_MAX


class MagMemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.name} ({user.email})"


class CycleDraftForm(forms.Form):
    """The year's name, both annual meetings' dates, each group of the current year kept (under its
    name or a new one) or retired, and whose MAG term ends. The groups' fields are `keep_<id>` and
    `title_<id>`, listed by `group_rows()`."""

    name = forms.CharField(label=_("Name of the new year"), max_length=CYCLE_NAME_MAX)
    previous_meeting_on = forms.DateField(
        label=_("Date of this year's annual meeting"), widget=DayInput, required=False
    )
    annual_meeting_on = forms.DateField(
        label=_("Date of the new year's annual meeting"),
        widget=DayInput,
        help_text=_("Each milestone moves by the days between the two annual meetings."),
    )
    terms_ending = MagMemberChoiceField(
        label=_("MAG members whose term ends with this year"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They become past MAG members when the new year becomes current."),
    )

    def __init__(self, *args, previous: Cycle, teams: list[IssueTeam], mag_members, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("name", f"IGF {previous.year + 1}")
        super().__init__(*args, **kwargs)
        self.previous, self.teams = previous, teams
        self.fields["terms_ending"].queryset = mag_members
        if previous.annual_meeting_on is not None:
            # Known: the page says it; the form does not ask again.
            del self.fields["previous_meeting_on"]
        else:
            self.fields["previous_meeting_on"].required = True
        for team in teams:
            self.fields[f"keep_{team.pk}"] = forms.BooleanField(
                label=_("Carry over"), required=False, initial=True
            )
            self.fields[f"title_{team.pk}"] = forms.CharField(
                label=_("New name (leave empty to keep it)"), max_length=GROUP_TITLE_MAX, required=False
            )

    def group_rows(self):
        """Each group of the current year with its two fields, for the page's table."""
        return [(team, self[f"keep_{team.pk}"], self[f"title_{team.pk}"]) for team in self.teams]

    def carry(self) -> dict[int, str]:
        data = self.cleaned_data
        return {team.pk: data[f"title_{team.pk}"].strip() for team in self.teams if data[f"keep_{team.pk}"]}


class CycleSwitchForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have reviewed the draft: make it the current year."),
        error_messages={"required": _("Tick the box to confirm the switch.")},
    )
