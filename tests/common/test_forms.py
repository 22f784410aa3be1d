"""The one local date-time field and the text limit shared by every form."""

import zoneinfo
from datetime import UTC, datetime

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.forms import (
    SECOND,
    AmbiguousTime,
    DayInput,
    LinkInput,
    LocalDateTimeField,
    MaxCharsValidator,
    ZonedForm,
    aware_from_local,
    date_window,
    validate_date_window,
)
from common.timezones import zone_choices

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


class _Form(ZonedForm):
    when = LocalDateTimeField()
    time_zone = forms.ChoiceField(choices=zone_choices)


def test_the_wall_clock_is_read_in_the_chosen_zone_whatever_the_active_zone():
    with timezone.override(zoneinfo.ZoneInfo("Europe/Zurich")):  # 02:30 on 28 March 2027 does not exist here
        form = _Form({"when": "2027-03-28T02:30", "time_zone": "America/New_York"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == datetime(2027, 3, 28, 6, 30, tzinfo=UTC)


def test_the_gap_is_refused_and_the_repeated_hour_needs_a_choice():
    with pytest.raises(ValidationError, match="does not exist in Europe/Paris"):
        aware_from_local(datetime(2027, 3, 28, 2, 30), "Europe/Paris")
    with pytest.raises(AmbiguousTime) as error:
        aware_from_local(datetime(2027, 10, 31, 2, 30), "Europe/Paris")
    assert [label for _, label in error.value.occurrences] == [
        "the first 02:30 (CEST, UTC+02:00)",
        "the second 02:30 (CET, UTC+01:00)",
    ]
    assert aware_from_local(datetime(2027, 10, 31, 2, 30), "Europe/Paris", SECOND) == datetime(
        2027, 10, 31, 1, 30, tzinfo=UTC
    )


def test_the_choice_is_rendered_only_for_a_repeated_hour():
    form = _Form({"when": "2027-10-31T02:30", "time_zone": "Europe/Paris"})
    assert not form.is_valid()
    html = str(form["when"])
    assert '<fieldset class="occurrence">' in html and 'name="when_occurrence"' in html
    assert 'value="2027-10-31T02:30"' in html

    form = _Form({"when": "2027-10-30T02:30", "time_zone": "Europe/Paris"})
    assert form.is_valid() and "occurrence" not in str(form["when"])


@pytest.mark.parametrize(
    "wall, zone",
    [
        (datetime(1, 1, 1, 0, 30), "Asia/Kolkata"),
        (datetime(9999, 12, 31, 23, 30), "America/Los_Angeles"),
        (datetime(1999, 12, 31, 23, 0), "UTC"),
        (datetime(2037, 3, 1, 9, 1), "UTC"),
    ],
)
def test_dates_outside_the_window_are_refused_without_overflow(wall, zone):
    with pytest.raises(ValidationError, match="Choose a date between 1 January 2000 and 1 March 2037."):
        aware_from_local(wall, zone)


def test_the_window_ends_ten_years_ahead_even_from_a_leap_day():
    assert date_window(datetime(2028, 2, 29, tzinfo=UTC))[1] == datetime(2038, 2, 28, tzinfo=UTC)
    validate_date_window(datetime(2037, 3, 1, 9, 0, tzinfo=UTC))
    with pytest.raises(ValidationError):
        validate_date_window(datetime(9999, 12, 31, 23, 30, tzinfo=UTC))


def test_the_text_limit_names_both_counts():
    with pytest.raises(ValidationError) as error:
        MaxCharsValidator(5000)("x" * 100_000)
    assert error.value.messages == ["Keep this to at most 5,000 characters (it has 100,000)."]
    MaxCharsValidator(5000)("x" * 5000)


class _LinkForm(forms.Form):
    link = forms.URLField(required=False, assume_scheme="https", widget=LinkInput)


@pytest.mark.parametrize(
    ("value", "input_type"),
    [
        ("https://meet.example.org/igf?room=1", "url"),
        ("http://example.org", "url"),
        ("", "url"),
        (None, "url"),
        ("not a link", "text"),
        ("example.org", "text"),  # valid for the field (it adds https://), not as type=url's value
        ("ftp://example.org/file", "text"),
        ("https://exa mple.org", "text"),
        ("javascript:alert(1)", "text"),
    ],
)
def test_a_link_input_is_a_url_input_only_for_an_absolute_http_link(value, input_type):
    html = LinkInput().render("link", value)
    assert f'type="{input_type}"' in html
    assert ('inputmode="url"' in html) == (input_type == "text")


def test_a_form_shown_again_with_a_bad_link_keeps_it_in_a_text_input():
    bound = _LinkForm({"link": "not a link"})
    assert not bound.is_valid()
    html = str(bound["link"])
    assert 'type="text"' in html and 'value="not a link"' in html
    assert 'type="url"' in str(_LinkForm()["link"])
    assert 'type="url"' in str(_LinkForm(initial={"link": "https://example.org/a"})["link"])


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("2027-09-14T14:00", 'value="2027-09-14T14:00"'),
        ("2027-9-4 9:05", 'value="2027-09-04T09:05"'),
        ("0001-01-01T00:30", 'value="0001-01-01T00:30"'),
        ("yesterday", None),
        ("", None),
    ],
)
def test_a_date_and_time_shown_again_is_a_valid_value_or_none(typed, shown):
    html = str(_Form({"when": typed, "time_zone": "UTC"})["when"])
    if shown:
        assert shown in html
    else:
        assert "value=" not in html


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("2027-06-15", "2027-06-15"), ("2027-6-5", "2027-06-05"), ("yesterday", None), ("", None)],
)
def test_a_day_shown_again_is_a_valid_value_or_none(typed, shown):
    html = DayInput().render("day", typed)
    assert 'type="date"' in html
    assert (f'value="{shown}"' in html) if shown else ("value=" not in html)
