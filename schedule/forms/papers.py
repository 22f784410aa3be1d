"""The forms of read-ahead papers and of written input on the agenda."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from common.forms import LinkInput, text_field
from teams.member_choice import MemberField

from ..models.papers import (
    DUE_DAYS_DEFAULT,
    DUE_DAYS_MAX,
    DUE_DAYS_MIN,
    INPUT_TEXT_MAX,
    PAPER_EXTENSIONS,
    PAPER_FILE_MAX_BYTES,
    PAPER_TITLE_MAX,
)
from ..services.papers import validate_upload

GENERAL = "__general__"


def _file_help_text() -> str:
    return _("At most %(max)d MB: %(kinds)s.") % {
        "max": PAPER_FILE_MAX_BYTES // 1024 // 1024,
        "kinds": ", ".join(f".{kind}" for kind in PAPER_EXTENSIONS),
    }


# Lazy: the form's class is made when Python starts, the help text in each reader's language.
_file_help = lazy(_file_help_text, str)


class PaperRequestForm(forms.Form):
    ids = "paper-%s"
    title = forms.CharField(
        label=_("Paper"),
        max_length=PAPER_TITLE_MAX,
        help_text=_("For example: background note on hybrid formats."),
    )
    owner = MemberField(
        label=_("Asked of"),
        required=False,
        help_text=_("A name, or an email address in full. Leave it empty to ask nobody yet."),
    )
    due_days_before = forms.IntegerField(
        label=_("Due (days before the meeting)"),
        min_value=DUE_DAYS_MIN,
        max_value=DUE_DAYS_MAX,
        initial=DUE_DAYS_DEFAULT,
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].for_team(team)


class PaperProvideForm(forms.Form):
    link = forms.URLField(
        label=_("Link"), required=False, assume_scheme="https", max_length=500, widget=LinkInput
    )
    file = forms.FileField(
        label=_("or a file"),
        required=False,
        help_text=_file_help(),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{kind}" for kind in PAPER_EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if bool(data.get("link")) == bool(data.get("file")) and not self.errors:
            raise forms.ValidationError(_("Give the paper as a link or as a file: one of the two."))
        return data


class AgendaInputForm(forms.Form):
    item = forms.ChoiceField(label=_("On the agenda item"))
    text = text_field(
        _("Your input"),
        INPUT_TEXT_MAX,
        rows=4,
        required=True,
        help_text=_("For when you cannot take the floor: the chair reads it out."),
    )

    def __init__(self, *args, items: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(item, item) for item in items] + [(GENERAL, _("General"))]
        self.fields["item"].initial = items[0] if items else GENERAL

    def chosen_item(self) -> str:
        item = self.cleaned_data["item"]
        return "" if item == GENERAL else item
