"""The secretariat's form for a kind of session (proposals:kinds adds one, proposals:kind_edit
changes one, with its name in the other languages)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.localized import TranslationsFormMixin

from .models import FLOOR_SHARE_MAX, SESSION_MINUTES_MAX, SESSION_MINUTES_MIN, SessionKind

# Where a kind stands in the list: far more places than the list may hold kinds.
POSITION_MAX = 999


class SessionKindForm(TranslationsFormMixin, forms.Form):
    """A kind's name, default length, the floor's share and whether it is offered; with
    `with_translations`, also its place in the list and its name in the other languages."""

    translated_fields = ("name",)

    name = forms.CharField(label=_("Name"), max_length=100)
    default_minutes = forms.IntegerField(
        label=_("Default length (minutes)"),
        min_value=SESSION_MINUTES_MIN,
        max_value=SESSION_MINUTES_MAX,
        initial=90,
        help_text=_("A new proposal of this kind starts with this length; existing proposals keep theirs."),
        error_messages={
            "min_value": _("A session lasts at least %(limit_value)s minutes."),
            "max_value": _("A session lasts at most %(limit_value)s minutes."),
            "invalid": _("Enter a whole number of minutes."),
        },
    )
    floor_share = forms.IntegerField(
        label=_("The floor's share at least (percent)"),
        min_value=0,
        max_value=FLOOR_SHARE_MAX,
        initial=30,
        help_text=_("The panel planner warns when the time left for questions from the floor is less."),
        error_messages={
            "min_value": _("The share cannot be negative."),
            "max_value": _("The floor's share is at most %(limit_value)s percent: the panel needs time too."),
            "invalid": _("Enter a whole number of percent."),
        },
    )
    is_active = forms.BooleanField(
        label=_("Offered for new proposals"),
        required=False,
        initial=True,
        help_text=_("A kind no longer offered stays on the proposals that have it."),
    )
    position = forms.IntegerField(
        label=_("Place in the list"),
        min_value=0,
        max_value=POSITION_MAX,
        required=False,
        help_text=_("Kinds are listed by this number, then by name."),
        error_messages={
            "min_value": _("The place cannot be negative."),
            "max_value": _("The place is at most %(limit_value)s."),
            "invalid": _("Enter a whole number."),
        },
    )

    def __init__(self, *args, kind: SessionKind | None = None, with_translations: bool = False, **kwargs):
        if kind is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": kind.name,
                    "default_minutes": kind.default_minutes,
                    "floor_share": kind.floor_share,
                    "is_active": kind.is_active,
                    "position": kind.position,
                },
            )
        super().__init__(*args, **kwargs)
        self.with_translations = with_translations
        if with_translations:
            self.add_translation_fields(
                kind.original_language if kind else settings.LANGUAGE_CODE,
                kind.translations if kind else None,
            )
        else:
            del self.fields["position"]

    def kind_fields(self) -> dict:
        """What proposals.services.session_kind_save takes from this form."""
        data = self.cleaned_data
        fields = {name: data[name] for name in ("name", "default_minutes", "floor_share", "is_active")}
        if self.with_translations:
            fields["position"] = data["position"]
            fields["translations"] = self.translations()
        return fields
