"""The shared steps of a previewed CSV import (common/csv_upload.py), as the roster and the
review's workshop import use them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.csv_upload import CsvConfirmForm, CsvUploadForm, choice_lookup


class SmallUpload(CsvUploadForm):
    max_bytes = 64


class SmallConfirm(CsvConfirmForm):
    max_bytes = 64


def _read(content: bytes, name="people.csv"):
    form = SmallUpload({}, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"a" * 65, "people.csv", "the limit is 64"),
        (b"a,b\n", "people.xlsx", "Please upload a .csv file"),
        (b"a,\x00b\n", "people.csv", "not a text CSV file"),
        ("é,a\n".encode("latin-1"), "people.csv", "not UTF-8 text"),
    ],
)
def test_an_unusable_file_is_refused_with_a_reason(content, name, message):
    form = _read(content, name)
    assert any(message in error for error in form.errors["file"])


def test_a_spreadsheets_byte_order_mark_is_dropped():
    form = _read("\ufeffname,email\n".encode())
    assert form.cleaned_data["file"] == "name,email\n"


def test_the_confirmation_carries_the_text_within_its_bound():
    assert SmallConfirm({"text": "a,b\r\n", "fingerprint": "f" * 64}).is_valid()
    assert not SmallConfirm({"text": "a" * 65, "fingerprint": "f"}).is_valid()


def test_a_choice_is_found_by_its_code_or_label_in_any_case():
    lookup = choice_lookup([("civil_society", "Civil society")])
    assert lookup["civil_society"] == lookup["civil society"] == "civil_society"
