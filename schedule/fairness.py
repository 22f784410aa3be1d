"""How a slot treats each participant's clock. Pure functions, no database."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from common.timezones import in_zone

from .enums import NIGHT_ENDS, NIGHT_STARTS

if TYPE_CHECKING:
    from accounts.models import CallHours


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


class Reason(StrEnum):
    """Why a slot does not suit someone."""

    NIGHT = "night"  # the default: 22:00 to 07:00 in their zone
    OUTSIDE_WORKING_DAYS = "outside_working_days"
    BEFORE = "before"  # before their day's start or their "never before"
    AFTER = "after"  # past their day's end or their "never after"


# How bad a slot on a day off is, next to minutes into the night: as bad as the deepest night.
DAY_OFF_MINUTES = (24 - NIGHT_STARTS + NIGHT_ENDS) * 60 // 2


@dataclass(frozen=True)
class Judgement:
    """A slot that does not suit someone: why, their local start, the limit it passes (their start
    or end of day; None for a day off or the night), and how far past it, in minutes (for ranking)."""

    reason: Reason
    local: datetime
    limit: time | None
    minutes: int


def _minute(value: time) -> int:
    return value.hour * 60 + value.minute


def slot_judgement(
    start: datetime, end: datetime, zone_name: str, hours: CallHours | None
) -> Judgement | None:
    """None when the slot (UTC `start` to `end`) suits a person in `zone_name` with `hours`
    (accounts.CallHours, or None for someone who set none); otherwise why not.

    Without hours: NIGHT when it reaches into 22:00–07:00 (as `slot_discomfort`). With hours:
    OUTSIDE_WORKING_DAYS when it starts on a day they do not work; BEFORE when it starts before the
    later of their day's start and their "never before"; AFTER when it ends after the earlier of
    their day's end and their "never after"; where they set neither bound on a side, the night's
    edge (07:00, 22:00) still holds there, as NIGHT."""
    if hours is None:
        local, minutes = slot_discomfort(start, end, zone_name)
        return Judgement(Reason.NIGHT, local, None, minutes) if minutes else None
    zone = zoneinfo.ZoneInfo(zone_name or "UTC")
    local = in_zone(start, zone)
    local_end = in_zone(end, zone)
    span = hours.span(local.weekday())
    if span is None:
        return Judgement(Reason.OUTSIDE_WORKING_DAYS, local, None, DAY_OFF_MINUTES)
    day_from, day_to = span
    starts = [bound for bound in (day_from, hours.never_before) if bound is not None]
    ends = [bound for bound in (day_to, hours.never_after) if bound is not None]
    begin = _minute(local.time())
    finish = _minute(local_end.time()) + (local_end.date() - local.date()).days * 24 * 60
    if starts:
        limit = max(starts)
        if begin < _minute(limit):
            return Judgement(Reason.BEFORE, local, limit, _minute(limit) - begin)
    elif begin < NIGHT_ENDS * 60:
        return Judgement(Reason.NIGHT, local, None, NIGHT_ENDS * 60 - begin)
    if ends:
        limit = min(ends)
        if finish > _minute(limit):
            return Judgement(Reason.AFTER, local, limit, finish - _minute(limit))
    elif finish > NIGHT_STARTS * 60:
        return Judgement(Reason.NIGHT, local, None, finish - NIGHT_STARTS * 60)
    return None
