from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.csv_upload import CsvConfirmForm, CsvUploadForm
from common.forms import COMMENT_MAX, DESCRIPTION_MAX, LocalDateTimeField, ZonedForm, text_field
from common.timezones import TimeZoneChoiceField
from proposals.enums import SessionFormat
from teams.models import IssueArea

from .csv_import import (
    COLUMNS,
    IMPORT_MAX_BYTES,
    IMPORT_MAX_ROWS,
    OPTIONAL_COLUMNS,
    fingerprint,
    parse_entries,
)
from .enums import DECIDABLE, EntryStatus
from .models import (
    ANNOUNCEMENT_BODY_MAX,
    ANNOUNCEMENT_SUBJECT_MAX,
    CONDITION_MAX,
    REASONS_MAX,
    REVIEWERS_PER_ENTRY_MAX,
    SCORE_MAX,
)


class CriterionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Criterion"), max_length=120)
    description = forms.CharField(
        label=gettext_lazy("What it asks"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    max_score = forms.IntegerField(
        label=gettext_lazy("Highest score"), min_value=1, max_value=SCORE_MAX, initial=5
    )


class AnonymiseForm(forms.Form):
    anonymised = forms.BooleanField(label=gettext_lazy("Anonymised phase"), required=False)


def _import_help() -> str:
    return _(
        "UTF-8, one proposal a line, at most %(max)d, with the columns: %(columns)s; and if you wish "
        "%(optional)s (the proposer's language for the decision's email, by code or name; else the site's)."
    ) % {
        "max": IMPORT_MAX_ROWS,
        "columns": ", ".join(COLUMNS),
        "optional": ", ".join(OPTIONAL_COLUMNS),
    }


class ImportForm(CsvUploadForm):
    """Step one: the file, read and checked; nothing is saved."""

    max_bytes = IMPORT_MAX_BYTES
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        # Put together when shown, in the reader's language: a lazy text formatted here, at import,
        # would be fixed in English.
        help_text=lazy(_import_help, str)(),
    )

    def clean(self):
        text = self.cleaned_data.get("file")
        if text is not None:
            try:
                self.cleaned_data["rows"] = parse_entries(text)
            except ValidationError as error:
                self.add_error("file", error)
                return self.cleaned_data
            self.cleaned_data["text"] = text
            self.cleaned_data["fingerprint"] = fingerprint(text)
        return self.cleaned_data


class ImportConfirmForm(CsvConfirmForm):
    max_bytes = IMPORT_MAX_BYTES


class AssignForm(forms.Form):
    entry = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Proposal"))
    reviewer = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Reviewer"))

    def __init__(self, *args, entries, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries
        self.fields["reviewer"].queryset = reviewers


class SpreadForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        queryset=None, label=gettext_lazy("Reviewers"), widget=forms.CheckboxSelectMultiple
    )
    per_entry = forms.IntegerField(
        label=gettext_lazy("Reviewers per proposal"),
        min_value=1,
        max_value=REVIEWERS_PER_ENTRY_MAX,
        initial=3,
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers


class ReviewForm(forms.Form):
    """A score field per criterion of the round, and the comment."""

    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                help_text=_("From 0 to %(max)d.") % {"max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
            )
        self.order_fields([f"criterion_{c.pk}" for c in criteria] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class DecisionForm(ZonedForm):
    """The MAG's decision on one entry; what each outcome needs is checked by the service too."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[(s.value, s.label) for s in DECIDABLE],
        widget=forms.RadioSelect,
    )
    recommended_format = forms.ChoiceField(
        label=gettext_lazy("Recommended format (for a change of format)"),
        choices=[("", "—"), *SessionFormat.choices],
        required=False,
    )
    condition = text_field(gettext_lazy("Condition (for an accept on a condition)"), CONDITION_MAX, rows=3)
    deadline = LocalDateTimeField(
        label=gettext_lazy("To be fulfilled no later than (for an accept on a condition)"), required=False
    )
    # A name typed, the reader's own filled in: a select of every zone made the page 32 KB.
    time_zone = TimeZoneChoiceField(
        label=gettext_lazy("in the time zone"),
        help_text=gettext_lazy("Its name in the tz database, such as Europe/Paris or America/New_York."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"}),
    )
    reasons = text_field(gettext_lazy("Reasons, for the proposers"), REASONS_MAX, rows=4)
    language = forms.ChoiceField(
        label=gettext_lazy("The proposer's language"),
        help_text=gettext_lazy("The decision is written to an imported proposal's contact in this language."),
        choices=settings.LANGUAGES,
        required=False,
    )

    def __init__(self, *args, imported: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not imported:
            del self.fields["language"]


class ProposerAnnouncementForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        label=gettext_lazy("To the proposers in the issue areas"),
        queryset=IssueArea.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    outcomes = forms.MultipleChoiceField(
        label=gettext_lazy("whose proposals are"),
        choices=EntryStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=ANNOUNCEMENT_SUBJECT_MAX)
    body = text_field(gettext_lazy("Message"), ANNOUNCEMENT_BODY_MAX, rows=8, required=True)
