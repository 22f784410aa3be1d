"""The ranking's picture (issue 16): a 24-hour strip of each place's local day, the slot a bar,
night (or what is past someone's own limit) shaded, and the same facts in words. Every date comes
from the `now` fixture (CI reruns these at 23:30 UTC and on the night Europe changes its clocks)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.services import call_hours_set
from common.timezones import clock_text, day_and_clock
from schedule.selectors.poll_results import STRIP_ROWS, poll_summary
from schedule.services import polls
from tests.factories import MembershipFactory

UTC = ZoneInfo("UTC")


def _poll(team, facilitator, now, slots, minutes=90):
    return polls.poll_create(
        actor=facilitator,
        team=team,
        title="Strips call",
        slots=slots,
        deadline=now + timedelta(days=1),
        duration_minutes=minutes,
    )


def _member(team, name, zone):
    return MembershipFactory(team=team, user__display_name=name, user__time_zone=zone).user


def _at(now, hour, minute=0, days=3):
    """`hour`:`minute` UTC, `days` after now's UTC date."""
    day = (now + timedelta(days=days)).astimezone(UTC).date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _local_at(now, zone, hour, minute=0, days=3):
    """`hour`:`minute` local time in `zone`, `days` after now's date there, as UTC."""
    day = (now + timedelta(days=days)).astimezone(zone).date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)


def _rows(poll, *, named=False):
    (result,) = poll_summary(poll=poll).ranking
    strips = result.strips_named if named else result.strips
    return strips, {row.zone: row for row in strips.rows}


def test_geometry_for_tokyo_and_new_york_follows_each_zone_and_its_daylight_saving(now, team, facilitator):
    facilitator.time_zone = "Asia/Tokyo"
    facilitator.save()
    _member(team, "Ruth", "America/New_York")
    _member(team, "Sam", "America/New_York")
    start = _at(now, 21)
    poll = _poll(team, facilitator, now, [start])
    _strips, rows = _rows(poll)

    for zone, count in (("Asia/Tokyo", 1), ("America/New_York", 2)):
        local = start.astimezone(ZoneInfo(zone))
        row = rows[zone]
        assert row.count == count
        assert row.bars == [(local.hour * 60 + local.minute, 90)]
        assert row.shaded == [(0, 7 * 60), (22 * 60, 2 * 60)]
        end = local + timedelta(minutes=90)
        assert row.span() == f"{day_and_clock(local)}–{clock_text(end)}"
    tokyo = start.astimezone(ZoneInfo("Asia/Tokyo"))  # 06:00–07:30 the next day: at night
    assert rows["Asia/Tokyo"].text(named=False) == f"Tokyo (1 person): {day_and_clock(tokyo)}–07:30, at night"
    assert rows["America/New_York"].text(named=False).endswith(", daytime")
    assert rows["America/New_York"].text(named=False).startswith("New York (2 people): ")


@pytest.mark.parametrize("zone_name", ["Pacific/Auckland", "Pacific/Honolulu"])
def test_a_slot_past_local_midnight_wraps_and_names_both_days(now, team, facilitator, zone_name):
    zone = ZoneInfo(zone_name)
    facilitator.time_zone = zone_name
    facilitator.save()
    start = _local_at(now, zone, 23, 30)
    poll = _poll(team, facilitator, now, [start])
    _strips, rows = _rows(poll)

    row = rows[zone_name]
    assert row.wraps
    assert row.bars == [(23 * 60 + 30, 30), (0, 60)]
    local = start.astimezone(zone)
    assert row.span() == f"{day_and_clock(local)} – {day_and_clock(local + timedelta(minutes=90))}"
    assert row.verdict() == "at night"


def test_people_with_their_own_hours_are_named_only_for_those_who_may_see_names(now, team, facilitator):
    facilitator.time_zone = "Europe/Paris"
    facilitator.save()
    for name in ("Aiko", "Kenji"):
        person = _member(team, name, "Asia/Tokyo")
        call_hours_set(
            user=person, hours={"days": {d: ["09:00", "17:00"] for d in range(7)}}
        )  # every day 09:00–17:00
    _member(team, "Yui", "Asia/Tokyo")  # no hours: shares the zone's row
    start = _local_at(now, ZoneInfo("Asia/Tokyo"), 8)  # 08:00 in Tokyo: before 09:00 for both
    poll = _poll(team, facilitator, now, [start], minutes=60)

    plain, _rows_by_zone = _rows(poll)
    texts = [text for _row, text in plain.texts()]
    assert not any("Aiko" in t or "Kenji" in t for t in texts)
    assert any(t.startswith("Tokyo, own hours (2 people): ") and t.endswith("before 09:00") for t in texts)
    assert any(t.startswith("Tokyo (1 person): ") and t.endswith("daytime") for t in texts)
    own = next(row for row in plain.rows if row.own_hours)
    assert own.shaded == [(0, 9 * 60)]  # what the words say, not the rest of their hours

    named, _ = _rows(poll, named=True)
    texts = [text for _row, text in named.texts()]
    assert any(t.startswith("Aiko (Tokyo): ") for t in texts)
    assert any(t.startswith("Kenji (Tokyo): ") for t in texts)


ZONES = [
    "Africa/Abidjan",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Africa/Lagos",
    "Africa/Nairobi",
    "America/Anchorage",
    "America/Bogota",
    "America/Chicago",
    "America/Denver",
    "America/Halifax",
    "America/Lima",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/New_York",
    "America/Sao_Paulo",
    "America/Santiago",
    "Asia/Bangkok",
    "Asia/Dhaka",
    "Asia/Dubai",
    "Asia/Hong_Kong",
    "Asia/Jakarta",
    "Asia/Karachi",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Asia/Manila",
    "Asia/Seoul",
    "Asia/Singapore",
    "Asia/Tehran",
    "Asia/Tokyo",
    "Atlantic/Azores",
    "Australia/Adelaide",
    "Australia/Perth",
    "Australia/Sydney",
    "Europe/Berlin",
    "Europe/Istanbul",
    "Europe/London",
    "Europe/Moscow",
    "Pacific/Auckland",
    "Pacific/Honolulu",
    "Pacific/Fiji",
]


def test_forty_zones_show_at_most_the_bound_then_how_many_more(now, client, team, facilitator):
    assert len(set(ZONES)) == 40
    facilitator.time_zone = ZONES[0]
    facilitator.save()
    for i, zone in enumerate(ZONES[1:]):
        _member(team, f"Person {i}", zone)
    poll = _poll(team, facilitator, now, [_at(now, 12)])
    strips, _ = _rows(poll)
    assert len(strips.rows) == STRIP_ROWS
    assert strips.more == 40 - STRIP_ROWS
    # The worst off come first: the picture shows who pays.
    assert strips.rows[0].reason is not None

    client.force_login(facilitator)
    html = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert html.count('<svg class="strip') == STRIP_ROWS
    assert f"and {40 - STRIP_ROWS} more places" in html


def test_the_page_shows_the_strips_in_words_and_hides_the_drawing_from_screen_readers(
    now, client, team, facilitator
):
    facilitator.time_zone = "Asia/Tokyo"
    facilitator.save()
    poll = _poll(team, facilitator, now, [_at(now, 21)])
    client.force_login(facilitator)
    html = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    (strip,) = re.findall(r'<ul class="strips">.*?</ul>', html, re.S)
    assert "<bdi>Tokyo (1 person)</bdi>: " in strip and ", at night" in strip
    assert 'aria-hidden="true"' in strip and 'direction="ltr"' in strip


def test_a_guest_reads_places_where_the_team_reads_the_names_of_those_with_hours(
    now, client, team, facilitator
):
    """As the ranking's words: names for those who may see them (the team, the secretariat), places
    for a guest."""
    member = _member(team, "Yui", "Asia/Tokyo")
    aiko = _member(team, "Aiko", "Asia/Tokyo")
    call_hours_set(user=aiko, hours={"days": {d: ["09:00", "17:00"] for d in range(7)}})
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Strips call",
        slots=[_local_at(now, ZoneInfo("Asia/Tokyo"), 8)],
        deadline=now + timedelta(days=1),
        guests=["visitor@example.org"],
    )
    token = poll.invitees.get(email="visitor@example.org").token

    def strips(person, url):
        client.logout()
        if person:
            client.force_login(person)
        html = client.get(url).content.decode()
        return "".join(re.findall(r'<ul class="strips">.*?</ul>', html, re.S))

    guest = strips(None, reverse("schedule:poll_guest", args=[token]))
    assert "Aiko" not in guest and "<bdi>Tokyo, own hours (1 person)</bdi>: " in guest
    for person in (member, facilitator):
        assert "<bdi>Aiko (Tokyo)</bdi>: " in strips(person, reverse("schedule:poll", args=[poll.pk]))
