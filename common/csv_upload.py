"""The two steps of a CSV import the secretariat previews before confirming (the MAG roster,
a year's workshop proposals): one way to read the uploaded file, to carry its text to the
confirmation, and to match a cell to a choice.

Step one, `CsvUploadForm`: the file, bounded in size, refused unless it is a .csv of UTF-8 text
(a spreadsheet's "CSV UTF-8" starts with a byte order mark, dropped here); its text is then
parsed and checked by the app, and nothing is saved. Step two, `CsvConfirmForm`: the same text
back, hidden, with the fingerprint of what the preview showed, so that the import is refused if
the text (or, for the roster, the accounts it changes) moved in between."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def choice_lookup(choices) -> dict[str, str]:
    """A choice's value from its code or its label, in any case: 'civil_society' or 'Civil
    society' (the label as the reader's language has it when called, and in English)."""
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


class CsvUploadForm(forms.Form):
    """Step one: `clean_file()` gives the file's text. A subclass sets `max_bytes` (or, for a
    setting, `get_max_bytes()`) and the file field's help text, and parses the text in its
    `clean()`."""

    max_bytes: int = 1024 * 1024

    file = forms.FileField(label=gettext_lazy("CSV file"))

    def get_max_bytes(self) -> int:
        return self.max_bytes

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        limit = self.get_max_bytes()
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError(_("Please upload a .csv file (save the spreadsheet as CSV, UTF-8)."))
        raw = upload.read()
        if b"\x00" in raw:
            raise ValidationError(_("This is not a text CSV file."))
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_('The file is not UTF-8 text; save it as "CSV UTF-8".')) from None


class CsvConfirmForm(forms.Form):
    """Step two: the previewed text and the fingerprint of the preview, both hidden. A subclass
    sets `max_bytes` or `get_max_bytes()` (the text's bound, as the upload's)."""

    max_bytes: int = 1024 * 1024

    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(MaxLengthValidator(self.get_max_bytes()))

    def get_max_bytes(self) -> int:
        return self.max_bytes
