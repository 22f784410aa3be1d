"""The form of a nomination on the proposal's page (proposals.views.nominations)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from teams.member_choice import MemberField

from .models import NOMINATED_ROLES


class NominationForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[(role.value, role.label) for role in NOMINATED_ROLES])
    nominee = MemberField(
        label=_("Nominee"), help_text=_("A member of the group: a name, or an email in full.")
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].for_team(team)
        self.auto_id = "nomination_%s"
