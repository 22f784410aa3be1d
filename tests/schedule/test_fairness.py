"""How a slot treats each participant's clock (schedule/fairness.py): pure functions, no database."""

from datetime import UTC, datetime, timedelta

import pytest

from schedule.fairness import night_minutes, slot_discomfort, zone_place


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
