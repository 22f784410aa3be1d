"""Forms of the intersessional registry: the public's filters, the secretariat's entry and check."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.forms import DESCRIPTION_MAX, NOTE_MAX, DayInput, LinkInput, text_field
from common.localized import TranslationsFormMixin
from teams.area_choice import AreaField
from teams.models import IssueArea

from .enums import ActivityKind, ActivityStatus, CheckOutcome
from .models import IntersessionalActivity, today, validate_past_day
from .selectors import Filters


class AreaMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, area):
        return area.localized("name").text


def day_field(label, *, required=True, **kwargs) -> forms.DateField:
    """A day that has happened (from 1 January 2000 to today), typed as 2027-06-15."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DayInput,
        input_formats=["%Y-%m-%d"],
        validators=[validate_past_day],
        error_messages={"invalid": _("Enter a date like 2027-06-15.")},
        **kwargs,
    )


class RegistryFilterForm(forms.Form):
    """The list's filters, sent with GET (the page works without JavaScript). A value that is not
    one of the choices is refused with a message and that filter is left out."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ActivityKind.choices]
    )
    area = AreaField(
        label=_("Issue area"),
        required=False,
        empty_label=_("All issue areas"),
        box_help_text=_(
            "Type part of its name: the issue areas that hold it are offered as you type. "
            "Leave it empty for all."
        ),
    )
    status = forms.ChoiceField(
        label=_("Activity"), required=False, choices=[("", _("Any activity")), *ActivityStatus.choices]
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        # The list offers the areas some entry works on; the box, past a few, takes any area, as its
        # suggestions offer them all (one that no entry works on lists no entry).
        self.fields["area"].offer(areas, box_areas=IssueArea.objects.all())

    def filters(self) -> Filters:
        """The valid filters; the invalid ones (with their message on the form) are left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Filters(kind=data.get("kind", ""), area=data.get("area"), status=data.get("status", ""))


class ActivityForm(TranslationsFormMixin, forms.Form):
    translated_fields = ("name", "description")

    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=80,
        required=False,
        help_text=_("Latin letters, digits and hyphens; left empty, it is made from the name."),
    )
    description = text_field(_("Description"), DESCRIPTION_MAX)
    areas = AreaMultipleChoiceField(
        label=_("Issue areas it works on"),
        queryset=IssueArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    last_active_on = day_field(
        _("Last active on"), help_text=_("The day of its last meeting, report or mailing-list exchange.")
    )
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https", widget=LinkInput
    )
    contact_name = forms.CharField(
        label=_("Contact (as the body publishes it)"),
        max_length=200,
        required=False,
        help_text=_("For example “The coalition's coordinators”. No personal names or addresses."),
    )
    contact_email = forms.EmailField(
        label=_("Public mailing list or contact address"),
        max_length=254,
        required=False,
        help_text=_("Only an address the body publishes for everyone: it is shown on the public page."),
    )
    contact_url = forms.URLField(
        label=_("Contact page"), max_length=300, required=False, assume_scheme="https", widget=LinkInput
    )

    def __init__(self, *args, original_language=settings.LANGUAGE_CODE, translations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translation_fields(original_language, translations)
        self.fields["areas"].queryset = IssueArea.objects.order_by("name")

    @classmethod
    def initial_for(cls, activity: IntersessionalActivity) -> dict:
        return {
            "kind": activity.kind,
            "name": activity.name,
            "slug": activity.slug,
            "description": activity.description,
            "areas": list(activity.areas.all()),
            "last_active_on": activity.last_active_on,
            "website": activity.website,
            "contact_name": activity.contact_name,
            "contact_email": activity.contact_email,
            "contact_url": activity.contact_url,
        }

    def activity_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "kind",
                "name",
                "slug",
                "description",
                "last_active_on",
                "website",
                "contact_name",
                "contact_email",
                "contact_url",
            )
        }
        return {**fields, "original_language": self.original_language, "translations": self.translations()}


class CheckForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CheckOutcome.choices, widget=forms.RadioSelect)
    checked_on = day_field(_("Checked on"), initial=today)
    note = text_field(
        _("Note (the secretariat's only)"),
        NOTE_MAX,
        help_text=_("What was checked and how; only the secretariat sees it."),
    )
    last_active_on = day_field(
        _("Last activity the check found"),
        required=False,
        help_text=_("Optional. A later day than the registry's moves its last activity forward."),
    )
