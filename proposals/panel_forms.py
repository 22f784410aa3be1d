"""The panel planner's form: one person on a proposal's panel."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.enums import Gender, StakeholderGroup, UNRegion

from .enums import PanelRole, Presence
from .models import TURN_MINUTES_MAX

NAME_MAX = 200


def _bounds_message() -> str:
    return gettext("Give a whole number of minutes from 0 to %(max)s.") % {"max": TURN_MINUTES_MAX}


def _minutes_field(label, initial, help_text=""):
    # Said in the reader's language when the error is shown, not when this module is imported.
    bounds = lazy(_bounds_message, str)()
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=TURN_MINUTES_MAX,
        initial=initial,
        help_text=help_text,
        error_messages={
            "required": bounds,
            "invalid": bounds,
            "min_value": bounds,
            "max_value": bounds,
        },
    )


def _choice(label, choices, message, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=[("", "—"), *choices],
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


class PanelistForm(forms.Form):
    """The fields of proposals.services.panelist_add / panelist_update (PANELIST_FIELDS). The
    stakeholder group and the UN regional group are asked of everyone: the planner weighs the
    panel's balance by them; a gender only if the person gives one."""

    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Give the person's name."),
            "max_length": _("A name has at most %(limit_value)d characters."),
        },
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("Only the proposal's editors see it."),
        error_messages={"invalid": _("Give an email address such as name@example.org, or leave it empty.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=PanelRole.choices,
        initial=PanelRole.SPEAKER,
        error_messages={"invalid_choice": _("Choose a speaker, a chair, a moderator or a rapporteur.")},
    )
    stakeholder_group = _choice(
        _("Stakeholder group"), StakeholderGroup.choices, _("Choose the person's stakeholder group.")
    )
    region = _choice(_("UN regional group"), UNRegion.choices, _("Choose the person's UN regional group."))
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        required=False,
        choices=[("", _("Not given")), *[(value, label) for value, label in Gender.choices if value]],
        error_messages={"invalid_choice": _("Choose a gender from the list, or none.")},
    )
    presence = forms.ChoiceField(
        label=_("Takes part"),
        choices=Presence.choices,
        initial=Presence.IN_ROOM,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether the person will be in the room or online."),
            "invalid_choice": _("Say whether the person will be in the room or online."),
        },
    )
    opening_minutes = _minutes_field(
        _("Opening (minutes)"),
        3,
        _("A speaker's opening; for the chair and the moderator, their time in all with the follow-up."),
    )
    followup_minutes = _minutes_field(
        _("Follow-up (minutes)"), 2, _("A rapporteur's minutes are not counted: they report afterwards.")
    )

    @classmethod
    def initial_for(cls, panelist) -> dict:
        return {name: getattr(panelist, name) for name in cls.base_fields}

    def panelist_fields(self) -> dict:
        """The keyword arguments of panelist_add / panelist_update the form gives."""
        return dict(self.cleaned_data)
