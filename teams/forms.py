from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.models import User

from .enums import Capacity, FacilitatorKind, FacilitatorStatus
from .models import FacilitatorRole
from .rules import capacities_for


class TeamChoiceField(forms.ModelMultipleChoiceField):
    """Teams to tick, each labelled by its issue area (a milestone's scope, a poll for many teams)."""

    def label_from_instance(self, team):
        return team.area.localized("name").text


class JoinForm(forms.Form):
    capacity = forms.ChoiceField(label=_("I take part as"), choices=Capacity.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The list offers only what the person may take. Any known capacity still validates here, so
        # that a crafted POST reaches membership_create, which refuses it in words that say why.
        self.fields["capacity"].widget.choices = [(c.value, c.label) for c in capacities_for(user)]


class VolunteerForm(forms.Form):
    kind = forms.ChoiceField(label=_("I volunteer as"), choices=FacilitatorKind.choices)


class FacilitatorDecisionForm(forms.Form):
    roles = forms.ModelMultipleChoiceField(
        queryset=FacilitatorRole.objects.filter(status=FacilitatorStatus.VOLUNTEERED),
        error_messages={"required": _("Tick at least one volunteer.")},
    )
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])


class SuccessorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.name


class HandoverForm(forms.Form):
    successor = SuccessorChoiceField(
        queryset=User.objects.none(),
        label=_("Hand the role over to"),
        empty_label=_("Choose a current MAG member"),
    )

    def __init__(self, *args, role: FacilitatorRole, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            User.objects.filter(role=Role.MAG, is_active=True)
            .exclude(pk=role.user_id)
            .order_by("display_name")
        )
