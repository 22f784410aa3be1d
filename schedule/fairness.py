"""How a slot treats each participant's clock. Pure functions, no database."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from common.timezones import in_zone

from .enums import NIGHT_ENDS, NIGHT_STARTS


def night_minutes(local: datetime) -> int:
    """0 between 07:00 and 22:00; otherwise how far into the night, in minutes from the nearer
    edge: 23:00 → 60, 03:00 → 240, 06:30 → 30."""
    minute = local.hour * 60 + local.minute
    if NIGHT_ENDS * 60 <= minute < NIGHT_STARTS * 60:
        return 0
    if minute >= NIGHT_STARTS * 60:
        return minute - NIGHT_STARTS * 60 + 1  # 22:00 itself is night: 1
    return NIGHT_ENDS * 60 - minute


def slot_discomfort(start: datetime, end: datetime, zone_name: str) -> tuple[datetime, int]:
    """The slot's local start for a participant, and how far into their night it reaches (the worse
    of its first and last minute; slots are shorter than the 9-hour night, so that suffices)."""
    zone = zoneinfo.ZoneInfo(zone_name or "UTC")
    local_start = in_zone(start, zone)
    last_minute = in_zone(end - timedelta(minutes=1), zone)
    return local_start, max(night_minutes(local_start), night_minutes(last_minute))


def zone_place(zone_name: str) -> str:
    """The place a zone is named after, as people say it: 'America/Los_Angeles' → 'Los Angeles',
    'America/Argentina/Buenos_Aires' → 'Buenos Aires', 'UTC' → 'UTC'."""
    return (zone_name or "UTC").rsplit("/", 1)[-1].replace("_", " ")
