"""One place that knows how to read, validate and show times in a viewer's zone."""
import zoneinfo
from functools import cache


@cache
def _all_zones():
    return frozenset(zoneinfo.available_timezones())


def zone_name_or_none(name: str) -> str | None:
    """The name if it is a real IANA zone, else None (cookies and forms are untrusted input)."""
    return name if name in _all_zones() else None
