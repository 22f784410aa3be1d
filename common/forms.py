"""What people type: a date and time on a wall clock in a chosen zone, and how long a text may be.

Every date anyone enters (milestones, poll deadlines and slots, meetings) goes through
`aware_from_local`, which reads the wall-clock time without the viewer's active zone, refuses a
time the clocks skip in the chosen zone, asks which one is meant when the clocks go back and the
time happens twice, and keeps dates inside one window (`DATE_WINDOW_START` to
`DATE_WINDOW_YEARS` years from now). `validate_date_window` guards the models and services with
the same window, so that no path stores a date the rest of the site cannot compute with.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Nothing the MAG plans lies before this date or further ahead than this many years.
DATE_WINDOW_START = datetime(2000, 1, 1, tzinfo=UTC)
DATE_WINDOW_YEARS = 10

INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
FIRST, SECOND = "first", "second"


def date_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The first and last moment a date entered today may take (UTC)."""
    now = now or timezone.now()
    try:
        last = now.replace(year=now.year + DATE_WINDOW_YEARS)
    except ValueError:  # 29 February, and the year ten years on is not a leap year
        last = now.replace(year=now.year + DATE_WINDOW_YEARS, day=28)
    return DATE_WINDOW_START, last


def _window_error() -> ValidationError:
    first, last = date_window()
    return ValidationError(
        _("Choose a date between %(first)s and %(last)s."),
        code="date_window",
        params={"first": date_format(first.date(), "j F Y"), "last": date_format(last.date(), "j F Y")},
    )


def validate_date_window(value: datetime) -> None:
    """Model and service guard: an aware moment inside the window (a naive one is read as UTC)."""
    if value is None:
        return
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    first, last = date_window()
    if not first <= value <= last:
        raise _window_error()


def _spoken(wall: datetime) -> str:
    return date_format(wall, "D j M Y, H:i")


def _offset(moment: datetime) -> str:
    seconds = int(moment.utcoffset().total_seconds())
    sign = "+" if seconds >= 0 else "−"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


class AmbiguousTime(ValidationError):
    """The wall-clock time happens twice in the zone (the clocks go back); `occurrences` lists
    (choice, label) for the first and the second."""

    def __init__(self, message, occurrences):
        super().__init__(message, code="ambiguous_time")
        self.occurrences = occurrences


def aware_from_local(wall: datetime, zone_name: str, occurrence: str = "") -> datetime:
    """The UTC moment of a wall-clock time in a zone.

    `wall` is naive (an aware value's own zone is ignored: only its wall clock counts). A time in
    the spring-forward gap is refused with the zone's name; a time that happens twice is refused
    with `AmbiguousTime` unless `occurrence` says FIRST or SECOND. Dates outside the window are
    refused before any arithmetic, so that year 1 or 9999 never overflows.
    """
    wall = wall.replace(tzinfo=None)
    first, last = date_window()
    # Compare wall clocks a day wide of the window: no zone is more than 14 hours from UTC.
    if (
        not first.replace(tzinfo=None) - timedelta(days=1)
        <= wall
        <= last.replace(tzinfo=None) + timedelta(days=1)
    ):
        raise _window_error()
    zone = zoneinfo.ZoneInfo(zone_name)
    earlier, later = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise ValidationError(
            _("%(time)s does not exist in %(zone)s: the clocks skip it. Choose another time."),
            code="nonexistent_time",
            params={"time": _spoken(wall), "zone": zone_name},
        )
    chosen = earlier
    if earlier.utcoffset() != later.utcoffset():
        if occurrence not in (FIRST, SECOND):
            clock = f"{wall:%H:%M}"
            raise AmbiguousTime(
                gettext(
                    "%(time)s happens twice in %(zone)s: the clocks go back. Choose the first or the second."
                )
                % {"time": _spoken(wall), "zone": zone_name},
                occurrences=[
                    (
                        FIRST,
                        gettext("the first %(clock)s (%(abbr)s, %(offset)s)")
                        % {"clock": clock, "abbr": earlier.tzname(), "offset": _offset(earlier)},
                    ),
                    (
                        SECOND,
                        gettext("the second %(clock)s (%(abbr)s, %(offset)s)")
                        % {"clock": clock, "abbr": later.tzname(), "offset": _offset(later)},
                    ),
                ],
            )
        chosen = later if occurrence == SECOND else earlier
    moment = chosen.astimezone(UTC)
    validate_date_window(moment)
    return moment


def parse_wall_clock(text: str) -> datetime | None:
    """A naive datetime from '2027-09-14 14:00' or '2027-09-14T14:00' (seconds allowed), else None."""
    text = (text or "").strip()
    for pattern in INPUT_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def local_wall_clock(moment: datetime, zone_name: str) -> datetime:
    """The naive wall clock of a stored moment in a zone, with `fold` set for the second of a
    repeated hour, as initial data for a `LocalDateTimeField`."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone_name))
    return local.replace(tzinfo=None, fold=local.fold)


@dataclass(frozen=True)
class WallClock:
    """What a `LocalDateTimeField` cleans to before its zone is known."""

    local: datetime
    occurrence: str = ""


def _wall_clock_value(wall: datetime) -> str:
    """A datetime-local input's value: `strftime("%Y")` writes the year 1 as "1", HTML wants 0001."""
    text = f"{wall.year:04d}-{wall.month:02d}-{wall.day:02d}T{wall.hour:02d}:{wall.minute:02d}"
    return f"{text}:{wall.second:02d}" if wall.second else text


class DayInput(forms.DateInput):
    """A date picker. A text sent back that is no date (a browser without the picker lets one type
    anything) is not put back in the input, where it would not be valid HTML: the message says
    what to type."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            try:
                return datetime.strptime(value.strip(), "%Y-%m-%d").date().isoformat()
            except ValueError:
                return None
        return super().format_value(value)


class LocalDateTimeInput(forms.DateTimeInput):
    """A datetime-local input; when the time entered happens twice in the chosen zone, radio
    buttons below it ask which one (named `<name>_occurrence`)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=INPUT_FORMATS[0])
        self.occurrences: list[tuple[str, str]] = []

    def value_from_datadict(self, data, files, name):
        text = data.get(name)
        return None if text is None else (text, data.get(f"{name}_occurrence", ""))

    def format_value(self, value):
        if isinstance(value, tuple):
            # What was typed, shown again as a valid value of the input or not at all: "yesterday"
            # (sent by a browser without the picker, or by hand) is no HTML datetime-local value.
            wall = parse_wall_clock(value[0])
            return _wall_clock_value(wall) if wall is not None else None
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.occurrences:
            return html
        chosen = value[1] if isinstance(value, tuple) else SECOND if getattr(value, "fold", 0) else ""
        base_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        radios = format_html_join(
            "",
            '<label for="{}_{}"><input type="radio" name="{}_occurrence" id="{}_{}" value="{}"{}> {}</label>',
            (
                (
                    base_id,
                    choice,
                    name,
                    base_id,
                    choice,
                    choice,
                    " checked" if choice == chosen else "",
                    label,
                )
                for choice, label in self.occurrences
            ),
        )
        return format_html(
            '{}<fieldset class="occurrence"><legend>{}</legend>{}</fieldset>',
            html,
            gettext("This time happens twice in the chosen zone. Which one?"),
            radios,
        )


_ABSOLUTE_LINK = URLValidator(schemes=["http", "https"])


def _is_absolute_link(text: str) -> bool:
    try:
        _ABSOLUTE_LINK(text)
    except ValidationError:
        return False
    return True


class LinkInput(forms.URLInput):
    """A URL input that stays valid HTML when a form is shown again with what the person typed:
    `<input type="url">` may only hold an absolute URL, so any other value (a bad one the form
    refuses, or "example.org" before the field adds its scheme) is shown in a text input, which
    keeps the URL keyboard (`inputmode="url"`)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        shown = context["widget"]["value"]
        if shown and not _is_absolute_link(str(shown).strip()):
            context["widget"]["type"] = "text"
            context["widget"]["attrs"].setdefault("inputmode", "url")
        return context


class LocalDateTimeField(forms.Field):
    """A date and time on the wall clock of a zone chosen in another field of the form.

    It cleans to a `WallClock`; `ZonedForm.clean` then turns it into an aware UTC datetime with
    `aware_from_local`. The viewer's active zone plays no part.
    """

    widget = LocalDateTimeInput
    default_error_messages = {"invalid": _("Enter a date and time like 2027-09-14 14:00.")}

    def to_python(self, value):
        text, occurrence = value if isinstance(value, tuple) else (value, "")
        if isinstance(text, datetime):
            return WallClock(text.replace(tzinfo=None), SECOND if text.fold else "")
        if text in self.empty_values:
            return None
        wall = parse_wall_clock(str(text))
        if wall is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return WallClock(wall, occurrence if occurrence in (FIRST, SECOND) else "")

    def resolve(self, wall: WallClock, zone_name: str) -> datetime:
        """The UTC moment. When the time happens twice in the zone, the widget offers the first /
        second choice (also after it was made, so that it shows on a form sent back for another error)."""
        self._offer_occurrences(wall.local, zone_name)
        return aware_from_local(wall.local, zone_name, wall.occurrence)

    def _offer_occurrences(self, wall: datetime, zone_name: str) -> None:
        try:
            aware_from_local(wall, zone_name)
        except AmbiguousTime as error:
            self.widget.occurrences = error.occurrences
        except ValidationError:
            pass


class ZonedForm(forms.Form):
    """A form whose `LocalDateTimeField`s are read in the zone of its `zone_field`: after
    `clean()`, each of them holds an aware UTC datetime (or an error naming the zone)."""

    zone_field = "time_zone"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            zone = self.get_initial_for_field(self.fields[self.zone_field], self.zone_field)
            for name, field in self._local_fields():
                value = self.get_initial_for_field(field, name)
                if isinstance(value, datetime) and zone:
                    field._offer_occurrences(value.replace(tzinfo=None), zone)

    def _local_fields(self):
        return [(name, field) for name, field in self.fields.items() if isinstance(field, LocalDateTimeField)]

    def clean(self):
        data = super().clean()
        zone = data.get(self.zone_field)
        for name, field in self._local_fields():
            wall = data.get(name)
            if wall is None:
                continue
            if not zone:
                del data[name]  # the zone field says what is wrong
                continue
            try:
                data[name] = field.resolve(wall, zone)
            except ValidationError as error:
                self.add_error(name, error)
        return data


@deconstructible
class MaxCharsValidator(MaxLengthValidator):
    """At most `limit_value` characters, saying how many the text has.

    'Keep this to at most 5,000 characters (it has 100,000).'
    """

    message = _("Keep this to at most %(limit)s characters (it has %(count)s).")
    code = "max_length"

    def __call__(self, value):
        count = len(value or "")
        if count > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit": number_format(self.limit_value, force_grouping=True),
                    "count": number_format(count, force_grouping=True),
                    "limit_value": self.limit_value,
                    "show_value": count,
                    "value": value,
                },
            )


# Limits of the free texts people write (characters).
DESCRIPTION_MAX = 5_000
NOTE_MAX = 5_000
MARKDOWN_MAX = 20_000  # meeting agendas and notes, announcements
COMMENT_MAX = 2_000


def text_field(label, max_chars: int, *, rows: int = 4, required: bool = False, **kwargs) -> forms.CharField:
    """A textarea that refuses more than `max_chars` characters with the count in its message."""
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        validators=[MaxCharsValidator(max_chars)],
        **kwargs,
    )


class ClockInput(forms.TimeInput):
    """A time-of-day input (HH:MM). A value that is not a time (typed without a browser's picker)
    is not written back into it: the field's error says what was wrong, and the page stays valid."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")

    def format_value(self, value):
        if isinstance(value, str):
            try:
                return time.fromisoformat(value).strftime("%H:%M") if value else None
            except ValueError:
                return None
        return super().format_value(value)
