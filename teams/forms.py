from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.models import User
from common.forms import DESCRIPTION_MAX, text_field

from .area_choice import AreaField
from .enums import Capacity, FacilitatorKind, FacilitatorStatus, GroupKind
from .models import FacilitatorRole, IssueArea
from .rules import capacities_for, group_kinds_for
from .services import GROUP_TITLE_MAX


class TeamChoiceField(forms.ModelMultipleChoiceField):
    """Groups to tick, each labelled by its name (a milestone's scope, a poll for many teams)."""

    def label_from_instance(self, team):
        return team.name.text


class JoinForm(forms.Form):
    capacity = forms.ChoiceField(label=_("I take part as"), choices=Capacity.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The list offers only what the person may take. Any known capacity still validates here, so
        # that a crafted POST reaches membership_create, which refuses it in words that say why.
        self.fields["capacity"].widget.choices = [(c.value, c.label) for c in capacities_for(user)]


class VolunteerForm(forms.Form):
    kind = forms.ChoiceField(label=_("I volunteer as"), choices=FacilitatorKind.choices)

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        if team is not None:  # a BPF's or a PN's are conveners
            self.fields["kind"].choices = team.facilitator_choices()


class GroupForm(forms.Form):
    """A new group: its kind (those the person may create), name, issue area and description."""

    kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)
    title = forms.CharField(
        label=_("Name"),
        max_length=GROUP_TITLE_MAX,
        required=False,
        help_text=_("An issue team may leave it empty: its issue area names it."),
    )
    area = AreaField(
        label=_("Issue area"),
        required=False,
        empty_label=_("None"),
        help_text=_("Required for an issue team; optional for other groups."),
        box_help_text=_(
            "Required for an issue team; optional for other groups. "
            "Type part of its name: the issue areas that hold it are offered as you type."
        ),
    )
    description = text_field(_("Description"), DESCRIPTION_MAX)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds the person may create are offered; any known kind still validates here so
        # that a crafted POST reaches group_create, which refuses it in words.
        kinds = group_kinds_for(user)
        self.fields["kind"].widget.choices = [(k.value, k.label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].value
        self.fields["area"].offer(IssueArea.objects.all())


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
