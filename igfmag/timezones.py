"""One place that knows the IANA time zones: which names are real, and their canonical spelling.

Browsers often report old spellings (Chromium says Asia/Katmandu and Asia/Calcutta); the tz
database's own link table, shipped in the pinned tzdata package, maps them to today's names.
"""
from functools import cache
from importlib import resources
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def _zone_table() -> tuple[frozenset[str], dict[str, str]]:
    text = resources.files("tzdata").joinpath("zoneinfo/tzdata.zi").read_text(encoding="utf-8")
    zones, links = {"UTC"}, {}
    for line in text.splitlines():
        if line.startswith("Z "):
            zones.add(line.split()[1])
        elif line.startswith("L "):
            _kind, target, alias = line.split()[:3]
            links[alias] = target
    # Say "UTC", the name people know, for Etc/UTC and its aliases.
    zones.discard("Etc/UTC")
    links = {alias: ("UTC" if target == "Etc/UTC" else target) for alias, target in links.items()}
    links["Etc/UTC"] = "UTC"
    links.pop("UTC", None)
    return frozenset(zones), links


def canonical_zone(name: str | None) -> str | None:
    """Today's name of the zone `name` (which may be URL-encoded, as in a cookie), or None if unknown."""
    name = unquote(name or "").strip()
    zones, links = _zone_table()
    name = links.get(name, name)
    return name if name in zones else None


def zone_choices() -> list[tuple[str, str]]:
    """Every canonical IANA zone, sorted, for a select."""
    return [(name, name.replace("_", " ")) for name in sorted(_zone_table()[0])]


def validate_zone(value: str) -> None:
    if canonical_zone(value) != value:
        raise ValidationError(_("“%(value)s” is not a time zone we know."), params={"value": value})


def in_zone(value, zone):
    """`value` in `zone`; a stored moment so extreme that the zone would carry it past year 9999
    stays in UTC rather than break the page (no form accepts such a date, but old rows may hold one)."""
    from datetime import UTC

    try:
        return value.astimezone(zone)
    except OverflowError:
        return value.astimezone(UTC)


def moment_after(value, delta):
    """`value + delta`, or the last representable moment when that would pass year 9999."""
    from datetime import UTC, datetime

    try:
        return value + delta
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC)


def local_and_utc(value, zone=None) -> tuple[str, str | None]:
    """('Tue 14 Sep 2021, 14:00 CEST', '12:00 UTC') for `value` in `zone` (default: the active zone);
    the UTC part is None when the zone is UTC at that moment."""
    from datetime import UTC

    from django.utils import timezone

    local = in_zone(value, zone or timezone.get_current_timezone())
    in_utc = value.astimezone(UTC)
    text = f"{local:%a %d %b %Y, %H:%M} {local.tzname()}"
    return text, (None if local.utcoffset() == in_utc.utcoffset() else f"{in_utc:%H:%M} UTC")


def plain_when(value, zone=None) -> str:
    """The same as the {% when %} tag, as plain text for emails and digests."""
    local, utc = local_and_utc(value, zone)
    return f"{local} ({utc})" if utc else local
