"""One place that knows the IANA time zones and shows times: which names are real, their canonical
spelling, and the one way a moment is written for a person (`local_and_utc` / `plain_when`, the
Python twin of the `{% when %}` tag).

Every name the tz database knows is accepted, in any letter case: its zones, and its links (old
spellings such as Asia/Calcutta or US/Eastern, which browsers and old profiles still send). The
pinned tzdata package ships the database's own table (`tzdata.zi`), the same names as
`zoneinfo.available_timezones()`. A name is kept as it is when it is a zone or the zone a
country is listed under in `zone.tab` (Africa/Dakar stays Africa/Dakar, although the database
links it to Africa/Abidjan); any other link is stored and shown as its target (Asia/Calcutta →
Asia/Kolkata, US/Eastern → America/New_York).
"""

import zoneinfo
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from urllib.parse import unquote

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import dateformat, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@cache
def _zone_table() -> tuple[frozenset[str], dict[str, str]]:
    """(the names we show, {any known name in lower case: the name we show for it})."""
    database = resources.files("tzdata").joinpath("zoneinfo")
    zones, links = {"UTC"}, {}
    for line in database.joinpath("tzdata.zi").read_text(encoding="utf-8").splitlines():
        if line.startswith("Z "):
            zones.add(line.split()[1])
        elif line.startswith("L "):
            _kind, target, alias = line.split()[:3]
            links[alias] = target
    for line in database.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            zones.add(line.split("\t")[2])
    # Say "UTC", the name people know, for Etc/UTC and its aliases (Etc/UCT, Zulu, ...).
    zones.discard("Etc/UTC")
    links["Etc/UTC"] = "Etc/UTC"
    lookup = {
        alias.lower(): ("UTC" if target == "Etc/UTC" else target)
        for alias, target in links.items()
        if alias not in zones
    }
    lookup.update({name.lower(): name for name in zones})
    return frozenset(zones), lookup


def canonical_zone(name: str | None) -> str | None:
    """The name we store and show for the zone `name` (any letter case; it may be URL-encoded,
    as in a cookie), or None if the tz database does not know it."""
    name = unquote(name or "").strip()
    return _zone_table()[1].get(name.lower()) if name else None


def zone_choices() -> list[tuple[str, str]]:
    """Every zone we show, sorted, for a select."""
    return [(name, name.replace("_", " ")) for name in sorted(_zone_table()[0])]


def validate_zone(value: str) -> None:
    if canonical_zone(value) is None:
        raise ValidationError(_("“%(value)s” is not a time zone we know."), params={"value": value})


def zone_info(zone=None):
    """A tzinfo from a zone name (any spelling; unknown → UTC), a tzinfo, or None (the active zone)."""
    if zone is None:
        return timezone.get_current_timezone()
    if isinstance(zone, str):
        return zoneinfo.ZoneInfo(canonical_zone(zone) or "UTC")
    return zone


class TimeZoneField(models.CharField):
    """A zone name, stored in its canonical spelling whatever was typed or sent ("europe/warsaw"
    → "Europe/Warsaw"): `full_clean()` and `save()` both write the canonical name."""

    default_validators = [validate_zone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return canonical_zone(value) or value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        canonical = canonical_zone(value)
        if canonical and canonical != value:
            setattr(model_instance, self.attname, canonical)
        return canonical or value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": TimeZoneChoiceField, "choices_form_class": None, **kwargs})


class TimeZoneChoiceField(forms.ChoiceField):
    """A select of every zone that also takes any other name the tz database knows, in any case."""

    default_error_messages = {"invalid_choice": _("“%(value)s” is not a time zone we know.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", zone_choices)
        for key in ("max_length", "empty_value"):  # offered by CharField.formfield, meaningless for a select
            kwargs.pop(key, None)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return canonical_zone(value) or value

    def prepare_value(self, value):
        """A stored or suggested link name (Asia/Calcutta) preselects its zone in the list."""
        return canonical_zone(value) or value if isinstance(value, str) else value


def in_zone(value, zone):
    """`value` in `zone`; a stored moment so extreme that the zone would carry it past year 9999
    stays in UTC rather than break the page (no form accepts such a date, but old rows may hold one)."""
    try:
        return value.astimezone(zone)
    except OverflowError:
        return value.astimezone(UTC)


def moment_after(value, delta):
    """`value + delta`, or the last representable moment when that would pass year 9999."""
    try:
        return value + delta
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC)


# Django's date formatting (not strftime): day and month names come from the active language's
# catalogue, and the order is the language's own: the day before the month in most of them, the
# genitive month in Russian ("14 сентября", 'E'), year-month-day in Chinese, the Arabic comma.
# Per language (Django's codes): the full moment, the same without the year (grids), the clock.
PATTERNS = {
    "en": ("D d M Y, H:i", "D d M, H:i"),
    "fr": ("D j N Y, H:i", "D j N, H:i"),
    "es": ("D j b Y, H:i", "D j b, H:i"),
    "ru": ("D, j E Y, H:i", "D, j E, H:i"),
    "ar": ("l j F Y، H:i", "l j F، H:i"),
    "zh-hans": ("Y年n月j日（D）H:i", "n月j日（D）H:i"),
}
CLOCK = "H:i"


def clock_text(value) -> str:
    """The clock alone ('09:00'), as the moments are written: a datetime (already in the zone
    wanted) or a time of day."""
    if isinstance(value, datetime):
        return _format(value, CLOCK)
    return dateformat.time_format(value, CLOCK)


def day_and_clock(value) -> str:
    """The day's short name and the clock ('Fri 10:00') in the active language, for a datetime
    already in the zone wanted."""
    return _format(value, f"D {CLOCK}")


def _patterns() -> tuple[str, str]:
    """(full, without the year) for the active language; English's for any other."""
    return PATTERNS.get(get_language() or "en", PATTERNS["en"])


def _format(value, pattern: str) -> str:
    return dateformat.format(value, pattern)


def _span(start, end, full: str) -> str:
    """'Tue 14 Sep 2021, 14:00–15:00' on one day; both ends in full when the end is on another day."""
    if end is None:
        return _format(start, full)
    if end.date() == start.date():
        return f"{_format(start, full)}–{_format(end, CLOCK)}"
    return f"{_format(start, full)} – {_format(end, full)}"


def local_and_utc(value, zone=None, *, end=None, compact=False) -> tuple[str, str | None]:
    """('Tue 14 Sep 2021, 14:00 CEST', '12:00 UTC') for `value` (and, with `end`, the span to it)
    in `zone` (a name or tzinfo; default: the active zone, the reader's). The UTC part is None
    when the zone is UTC at that moment, so a UTC reader reads UTC once. The UTC part names the
    day when it is not the local day. `compact` leaves the year out, for grids."""
    tz = zone_info(zone)
    full, short = _patterns()
    pattern = short if compact else full
    local = in_zone(value, tz)
    local_end = in_zone(end, tz) if end is not None else None
    zone_name = local.tzname()
    if local_end is not None and local_end.tzname() != zone_name:  # the clocks change during it
        text = f"{_format(local, pattern)} {zone_name} – {_format(local_end, pattern)} {local_end.tzname()}"
    else:
        text = f"{_span(local, local_end, pattern)} {zone_name}"
    in_utc = value.astimezone(UTC)
    if local.utcoffset() == in_utc.utcoffset():
        return text, None
    utc_end = end.astimezone(UTC) if end is not None else None
    start_pattern = CLOCK if in_utc.date() == local.date() else short
    if utc_end is None:
        utc_text = _format(in_utc, start_pattern)
    elif utc_end.date() == in_utc.date():
        utc_text = f"{_format(in_utc, start_pattern)}–{_format(utc_end, CLOCK)}"
    else:
        utc_text = f"{_format(in_utc, short)} – {_format(utc_end, short)}"
    return text, f"{utc_text} UTC"


def day_label(day, *, with_year: bool = True) -> str:
    """A calendar day (a date, no zone) the way the moments above write their day: 'Tue 22 Dec 2026'
    ('mar. 22 déc. 2026', '2026年12月22日（二）'); without the year for a row of day links."""
    full, short = _patterns()
    pattern = (full if with_year else short).replace(CLOCK, "").rstrip(" ,،")
    return _format(day, pattern)


def plain_when(value, zone=None, *, end=None) -> str:
    """The same as the {% when %} tag, as plain text (emails, digests, .ics, messages, labels):
    'Tue 14 Sep 2021, 14:00 CEST (12:00 UTC)'."""
    if value is None:
        return ""
    local, utc = local_and_utc(value, zone, end=end)
    return f"{local} ({utc})" if utc else local
