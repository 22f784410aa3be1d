"""The poll's ranking follows the hours people set in their profile: 'outside Amina's working days',
'before 09:00 for Hiroshi', by name for those who may see names and by place for the others; the
default night stays for those who set none."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.services import call_hours_set
from common.timezones import day_and_clock
from schedule.selectors.poll_results import poll_results, poll_summary
from schedule.services import polls
from tests.factories import MembershipFactory
from tests.support.text import plain

DUBAI, PARIS = ZoneInfo("Asia/Dubai"), ZoneInfo("Europe/Paris")


def _member(team, name, zone):
    return MembershipFactory(team=team, user__display_name=name, user__time_zone=zone).user


def _poll(team, facilitator, now, slots):
    return polls.poll_create(
        actor=facilitator, team=team, title="Hours call", slots=slots, deadline=now + timedelta(days=1)
    )


def _next_local(now, zone, weekday, hour):
    """The first `weekday` at `hour` in `zone` at least two days after `now`, as UTC."""
    day = (now + timedelta(days=2)).astimezone(zone).date()
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone).astimezone(ZoneInfo("UTC"))


def _texts(results, slot_start):
    result = next(r for r in results.slots if r.slot.start == slot_start)
    return plain(result.fairness())


@pytest.fixture
def amina(team):
    """In Dubai, working Sunday to Thursday 08:00–16:00: her weekend is Friday and Saturday."""
    person = _member(team, "Amina", "Asia/Dubai")
    call_hours_set(user=person, hours={"days": {d: ["08:00", "16:00"] for d in (6, 0, 1, 2, 3)}})
    return person


def test_a_friday_is_outside_the_working_days_of_someone_whose_weekend_it_is(now, team, facilitator, amina):
    facilitator.time_zone = "Asia/Dubai"  # who sets no hours: 10:00 suits them any day
    facilitator.save()
    friday, thursday = _next_local(now, DUBAI, 4, 10), _next_local(now, DUBAI, 3, 10)
    poll = _poll(team, facilitator, now, [friday, thursday])
    local = friday.astimezone(DUBAI)

    named = poll_results(poll=poll, show_names=True)
    assert f"outside Amina's working days (Dubai {day_and_clock(local)})" in _texts(named, friday)
    assert "Amina" not in _texts(named, thursday)
    nameless = poll_summary(poll=poll)
    assert f"outside working days (Dubai {day_and_clock(local)})" in _texts(nameless, friday)
    assert "Amina" not in _texts(nameless, friday)
    assert _texts(nameless, friday).startswith("outside the hours of 1 yet to answer: ")
    # The summary keeps her name for those who may see names, and only them.
    result = next(r for r in nameless.slots if r.slot.start == friday)
    assert [plain(str(e)) for e in result.night_groups[0].shown_named] == [
        f"outside Amina's working days (Dubai {day_and_clock(local)})"
    ]


def _dst_change_after(now, zone):
    """The first local day, two days or more after `now`, whose UTC offset differs from the day before."""
    day = (now + timedelta(days=3)).astimezone(zone).date()
    for _ in range(400):
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=zone)
        if noon.utcoffset() != (noon - timedelta(days=1)).utcoffset():
            return day
        day += timedelta(days=1)
    raise AssertionError("no change of the clocks within a year")


def test_never_before_follows_the_local_clock_across_a_change_of_the_clocks(now, team, facilitator):
    hiroshi = _member(team, "Hiroshi", "Europe/Paris")
    call_hours_set(
        user=hiroshi,
        hours={"days": {d: [] for d in range(7)}, "never_before": time(9)},
    )
    change = _dst_change_after(now, PARIS)
    before_day, after_day = change - timedelta(days=2), change + timedelta(days=1)
    shift = (
        datetime(after_day.year, after_day.month, after_day.day, 12, tzinfo=PARIS).utcoffset()
        - datetime(before_day.year, before_day.month, before_day.day, 12, tzinfo=PARIS).utcoffset()
    )
    # The same UTC time of day on both sides: 08:30 on the side of the earlier clock, 09:30 on the other.
    early_local = datetime(before_day.year, before_day.month, before_day.day, 8, 30, tzinfo=PARIS)
    if shift < timedelta(0):
        early_local = datetime(after_day.year, after_day.month, after_day.day, 8, 30, tzinfo=PARIS)
    early = early_local.astimezone(ZoneInfo("UTC"))
    other = early + (timedelta(days=3) if early_local.date() == before_day else -timedelta(days=3))
    poll = _poll(team, facilitator, now, sorted([early, other]))

    results = poll_results(poll=poll, show_names=True)
    assert "before 09:00 for Hiroshi (Paris 08:30)" in _texts(results, early)
    assert other.astimezone(PARIS).strftime("%H:%M") == "09:30"
    assert "Hiroshi" not in _texts(results, other)


def test_those_who_set_nothing_keep_the_default_night(now, team, facilitator, amina):
    _member(team, "Lee", "America/Los_Angeles")
    slot = _next_local(now, ZoneInfo("America/Los_Angeles"), 2, 3)  # Wednesday 03:00 in Los Angeles
    poll = _poll(team, facilitator, now, [slot])
    results = poll_results(poll=poll, show_names=True)
    local = slot.astimezone(ZoneInfo("America/Los_Angeles"))
    assert f"Lee (Los Angeles {local:%H:%M})" in _texts(results, slot)


def test_the_poll_page_says_it_by_name_to_facilitators(client, now, team, facilitator, amina):
    friday = _next_local(now, DUBAI, 4, 10)
    poll = _poll(team, facilitator, now, [friday])
    client.force_login(facilitator)
    page = plain(client.get(reverse("schedule:poll", args=[poll.pk])).content.decode())
    ranking = re.search(r'<ol class="ranking">(.*?)</ol>', page, re.S).group(1)
    assert "outside Amina&#x27;s working days (Dubai" in ranking
    assert "08:00" not in ranking and "16:00" not in ranking  # her hours themselves are never shown
    nights = plain(
        client.get(reverse("schedule:poll_slot_nights", args=[poll.pk, poll.slots.get().pk])).content.decode()
    )
    assert "outside Amina&#x27;s working days (Dubai" in nights


def test_the_poll_page_follows_a_change_of_hours_at_once(
    client, now, team, facilitator, django_capture_on_commit_callbacks
):
    amina = _member(team, "Amina", "Asia/Dubai")
    friday = _next_local(now, DUBAI, 4, 10)
    poll = _poll(team, facilitator, now, [friday])
    client.force_login(facilitator)
    url = reverse("schedule:poll", args=[poll.pk])
    assert "outside Amina" not in plain(client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        call_hours_set(user=amina, hours={"days": {d: [] for d in (6, 0, 1, 2, 3)}})
    assert "outside Amina&#x27;s working days" in plain(client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        call_hours_set(user=amina, hours=None)
    assert "outside Amina" not in plain(client.get(url).content.decode())
