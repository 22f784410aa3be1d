"""How a slot treats each participant's clock (schedule/fairness.py): pure functions, no database."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.models import CallHours
from schedule.fairness import Reason, night_minutes, slot_discomfort, slot_judgement, zone_place


@pytest.mark.parametrize(
    "local, minutes", [("07:00", 0), ("21:59", 0), ("22:00", 1), ("23:00", 61), ("03:00", 240), ("06:30", 30)]
)
def test_night_is_measured_from_its_nearer_edge(local, minutes):
    hour, minute = map(int, local.split(":"))
    assert night_minutes(datetime(2027, 1, 1, hour, minute)) == minutes


@pytest.mark.parametrize(
    "start_utc, zone, local, at_night",
    [
        # Half- and three-quarter-hour zones.
        (datetime(2027, 9, 14, 1, 0, tzinfo=UTC), "Asia/Kolkata", "06:30", True),
        (datetime(2027, 9, 14, 1, 30, tzinfo=UTC), "Asia/Kolkata", "07:00", False),
        (datetime(2027, 9, 14, 16, 15, tzinfo=UTC), "Asia/Kathmandu", "22:00", True),
        (
            datetime(2027, 9, 14, 15, 15, tzinfo=UTC),
            "Asia/Kathmandu",
            "21:00",
            True,
        ),  # a 1-hour slot ends at 22:00: its last minute is 21:59
        # Europe before and after its spring change (28 March 2027): the same UTC slot moves an hour.
        (datetime(2027, 3, 27, 5, 30, tzinfo=UTC), "Europe/Paris", "06:30", True),
        (datetime(2027, 3, 29, 5, 30, tzinfo=UTC), "Europe/Paris", "07:30", False),
        # The United States change on 14 March 2027.
        (datetime(2027, 3, 13, 11, 30, tzinfo=UTC), "America/New_York", "06:30", True),
        (datetime(2027, 3, 15, 11, 30, tzinfo=UTC), "America/New_York", "07:30", False),
        # Auckland leaves summer time on 4 April 2027.
        (datetime(2027, 4, 3, 8, 0, tzinfo=UTC), "Pacific/Auckland", "21:00", False),
        (datetime(2027, 4, 5, 8, 0, tzinfo=UTC), "Pacific/Auckland", "20:00", False),
        (datetime(2027, 4, 3, 9, 30, tzinfo=UTC), "Pacific/Auckland", "22:30", True),
    ],
)
def test_local_times_and_night_marks_across_zones_and_dst(start_utc, zone, local, at_night):
    local_start, minutes = slot_discomfort(start_utc, start_utc + timedelta(hours=1), zone)
    assert local_start.strftime("%H:%M") == local
    if (zone, local) == ("Asia/Kathmandu", "21:00"):
        assert minutes == 0  # ends exactly at 22:00: not night
    else:
        assert bool(minutes) is at_night


@pytest.mark.parametrize(
    "zone, place",
    [
        ("America/Los_Angeles", "Los Angeles"),
        ("UTC", "UTC"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("", "UTC"),
    ],
)
def test_zones_are_said_as_their_place(zone, place):
    assert zone_place(zone) == place


# --- Against the hours a person set (accounts.CallHours) -----------------------------------------

WEEK_SUN_TO_THU = {str(day): ["08:00", "16:00"] for day in (6, 0, 1, 2, 3)}


def _hours(days, never_before=None, never_after=None):
    return CallHours(days=days, never_before=never_before, never_after=never_after)


@pytest.mark.parametrize(
    "start_utc, hours, reason, limit",
    [
        # Dubai (UTC+4), Sunday to Thursday 08:00–16:00: Friday 10:00 is the weekend.
        (datetime(2027, 1, 15, 6, 0, tzinfo=UTC), _hours(WEEK_SUN_TO_THU), Reason.OUTSIDE_WORKING_DAYS, None),
        (datetime(2027, 1, 17, 6, 0, tzinfo=UTC), _hours(WEEK_SUN_TO_THU), None, None),  # Sunday 10:00
        (datetime(2027, 1, 17, 3, 30, tzinfo=UTC), _hours(WEEK_SUN_TO_THU), Reason.BEFORE, time(8)),
        (datetime(2027, 1, 17, 11, 30, tzinfo=UTC), _hours(WEEK_SUN_TO_THU), Reason.AFTER, time(16)),
        # Ends at 16:00 exactly: within the day.
        (datetime(2027, 1, 17, 11, 0, tzinfo=UTC), _hours(WEEK_SUN_TO_THU), None, None),
        # "Never before" wins over a day's earlier start; "never after" over a later end.
        (
            datetime(2027, 1, 17, 4, 30, tzinfo=UTC),
            _hours(WEEK_SUN_TO_THU, never_before=time(9)),
            Reason.BEFORE,
            time(9),
        ),
        (
            datetime(2027, 1, 17, 10, 30, tzinfo=UTC),
            _hours(WEEK_SUN_TO_THU, never_after=time(15)),
            Reason.AFTER,
            time(15),
        ),
        # A working day without hours: the night's edges still hold, as night.
        (datetime(2027, 1, 17, 1, 0, tzinfo=UTC), _hours({"6": []}), Reason.NIGHT, None),  # 05:00
        (
            datetime(2027, 1, 17, 1, 0, tzinfo=UTC),
            _hours({"6": []}, never_before=time(6)),
            Reason.BEFORE,
            time(6),
        ),
        (datetime(2027, 1, 17, 1, 0, tzinfo=UTC), _hours({"6": []}, never_before=time(4)), None, None),
        # A slot past midnight is after the day's end, not "early".
        (
            datetime(2027, 1, 17, 19, 30, tzinfo=UTC),
            _hours({"6": []}, never_after=time(23)),
            Reason.AFTER,
            time(23),
        ),
    ],
)
def test_a_slot_is_judged_against_the_hours_a_person_set(start_utc, hours, reason, limit):
    judgement = slot_judgement(start_utc, start_utc + timedelta(hours=1), "Asia/Dubai", hours)
    if reason is None:
        assert judgement is None
    else:
        assert (judgement.reason, judgement.limit) == (reason, limit)
        assert judgement.local == start_utc.astimezone(ZoneInfo("Asia/Dubai"))
        assert judgement.minutes > 0


def test_without_hours_the_judgement_is_the_night_as_before():
    start = datetime(2027, 9, 14, 1, 0, tzinfo=UTC)
    judgement = slot_judgement(start, start + timedelta(hours=1), "Asia/Kolkata", None)
    assert (judgement.reason, judgement.limit) == (Reason.NIGHT, None)
    assert (judgement.local, judgement.minutes) == slot_discomfort(
        start, start + timedelta(hours=1), "Asia/Kolkata"
    )
    day = datetime(2027, 9, 14, 6, 0, tzinfo=UTC)
    assert slot_judgement(day, day + timedelta(hours=1), "Asia/Kolkata", None) is None
