"""The build page's forms: an item that is not a proposal, a session's time and words, a booking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DESCRIPTION_MAX, LinkInput, LocalDateTimeField, ZonedForm, text_field
from common.timezones import TimeZoneChoiceField
from proposals.enums import Modality
from proposals.models import SESSION_MINUTES_MAX, SESSION_MINUTES_MIN, SessionKind
from teams.models import IssueArea

from ..enums import Convener
from ..models import SESSION_TITLE_MAX, Resource


def _kinds():
    return SessionKind.objects.order_by("name")


class _NameInReadersLanguage:
    """Kinds and issue areas offered by their name in the reader's language (their translations)."""

    def label_from_instance(self, obj):
        return obj.localized("name").text


class _KindField(_NameInReadersLanguage, forms.ModelChoiceField):
    pass


class _AreasField(_NameInReadersLanguage, forms.ModelMultipleChoiceField):
    pass


class _SessionFields(ZonedForm):
    title = forms.CharField(label=_("Title"), max_length=SESSION_TITLE_MAX)
    convener = forms.ChoiceField(label=_("Convened by"), choices=Convener.choices)
    kind = _KindField(label=_("Kind of session"), queryset=_kinds(), required=False)
    areas = _AreasField(
        label=_("Issue areas"),
        queryset=IssueArea.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = text_field(_("Description"), DESCRIPTION_MAX, rows=4)
    starts_local = LocalDateTimeField(
        label=_("Starts (date and time)"), required=False, help_text=_("Leave empty to keep it unplaced.")
    )
    time_zone = TimeZoneChoiceField(
        label=_("in the time zone"), help_text=_("The time above is read in this zone and stored in UTC.")
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=SESSION_MINUTES_MIN, max_value=SESSION_MINUTES_MAX, initial=90
    )


class ItemForm(_SessionFields):
    """An item of the programme that is not a proposal: the MAG chair's dialogue, a training."""

    ids = "item-%s"


class SessionForm(_SessionFields):
    ids = "session-%s"
    modality = forms.ChoiceField(label=_("Held"), choices=Modality.choices)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    join_url = forms.URLField(
        label=_("Link to join"), max_length=500, required=False, assume_scheme="https", widget=LinkInput
    )

    field_order = [
        "title",
        "starts_local",
        "time_zone",
        "minutes",
        "modality",
        "venue",
        "join_url",
        "convener",
        "kind",
        "areas",
        "description",
    ]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in ("title", "convener", "kind", "description", "minutes")}
        fields.update(modality=data["modality"], venue=data["venue"], join_url=data["join_url"])
        return {**fields, "starts_at": data.get("starts_local"), "areas": data["areas"]}


class BookForm(forms.Form):
    resource = forms.ModelChoiceField(
        label=_("Room or channel"), queryset=Resource.objects.filter(is_active=True)
    )
