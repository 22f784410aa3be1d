"""The ranking says truthfully for whom a slot falls at night (among those who can attend, who said
no, who have not answered), with place and local time, and stays short however many answered."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from schedule.selectors.poll_results import poll_results
from schedule.services import polls
from tests.factories import MembershipFactory
from tests.support.text import plain

NOW = datetime(2027, 1, 5, 23, 30, tzinfo=UTC)
# 11:00 UTC on 12 January: 03:00 in Los Angeles (PST), 00:00 in Auckland (NZDT), day in London.
SLOT = datetime(2027, 1, 12, 11, 0, tzinfo=UTC)
DAYTIME = datetime(2027, 1, 12, 20, 0, tzinfo=UTC)  # 12:00 in Los Angeles, 09:00 in Auckland


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _member(team, name, zone):
    return MembershipFactory(team=team, user__display_name=name, user__time_zone=zone).user


def _poll(team, facilitator, slots):
    return polls.poll_create(
        actor=facilitator, team=team, title="First call", slots=slots, deadline=NOW + timedelta(days=2)
    )


def _answer(poll, user, **by_slot):
    invitee = poll.invitees.get(user=user)
    polls.vote_submit(
        invitee=invitee,
        answers={poll.slots.get(start=start).pk: answer for start, answer in by_slot.values()},
    )


@pytest.fixture
def nine_and_two(team, facilitator):
    """Nine in London who can attend (seven yes, two if need be: the facilitator among them), and
    two who said no, for whom the slot is night: Lee in Los Angeles and Aroha in Auckland."""
    facilitator.time_zone = "Europe/London"
    facilitator.save()
    people = [facilitator] + [_member(team, f"Londoner {n}", "Europe/London") for n in range(8)]
    lee, aroha = _member(team, "Lee", "America/Los_Angeles"), _member(team, "Aroha", "Pacific/Auckland")
    poll = _poll(team, facilitator, [SLOT])
    for n, person in enumerate(people):
        _answer(poll, person, only=(SLOT, "yes" if n < 7 else "maybe"))
    _answer(poll, lee, only=(SLOT, "no"))
    _answer(poll, aroha, only=(SLOT, "no"))
    return poll


def test_night_for_those_who_said_no_is_said_with_place_and_local_time(nine_and_two):
    (hidden,) = poll_results(poll=nine_and_two, show_names=False).ranking
    # The deepest into the night first (schedule.fairness.night_minutes: 00:00 is 7 hours from morning).
    assert plain(hidden.explanation()) == (
        "Tue 12 Jan 2027, 11:00 UTC: 9 can attend (7 yes, 2 if need be); night for 2 who said "
        "no: Auckland 00:00, Los Angeles 03:00"
    )
    (named,) = poll_results(poll=nine_and_two, show_names=True).ranking
    assert (
        plain(named.fairness()) == "night for 2 who said no: Aroha (Auckland 00:00), Lee (Los Angeles 03:00)"
    )


def test_night_among_those_who_can_attend_and_those_yet_to_answer_is_said_apart(team, facilitator):
    lee, aroha = _member(team, "Lee", "America/Los_Angeles"), _member(team, "Aroha", "Pacific/Auckland")
    _member(team, "Mele", "Pacific/Tongatapu")  # 00:00 in Nuku'alofa; has not answered
    poll = _poll(team, facilitator, [SLOT])
    _answer(poll, lee, only=(SLOT, "maybe"))
    _answer(poll, aroha, only=(SLOT, "no"))
    _answer(poll, facilitator, only=(SLOT, "yes"))

    (result,) = poll_results(poll=poll, show_names=True).ranking
    assert plain(result.explanation()) == (
        "Tue 12 Jan 2027, 11:00 UTC: 2 can attend (1 yes, 1 if need be); "
        "night for 1 who can attend: Lee (Los Angeles 03:00); "
        "night for 1 who said no: Aroha (Auckland 00:00); "
        "night for 1 yet to answer: Mele (Tongatapu 00:00)"
    )


def test_a_slot_at_night_for_those_who_said_no_ranks_below_one_that_is_not(team, facilitator):
    lee = _member(team, "Lee", "America/Los_Angeles")
    poll = _poll(team, facilitator, [SLOT, DAYTIME])
    _answer(poll, facilitator, a=(SLOT, "yes"), b=(DAYTIME, "yes"))
    _answer(poll, lee, a=(SLOT, "no"), b=(DAYTIME, "no"))
    ranking = poll_results(poll=poll, show_names=True).ranking
    assert [r.slot.start for r in ranking] == [DAYTIME, SLOT]
    assert plain(ranking[0].fairness()) == "nobody before 07:00 or after 22:00"


def test_long_lists_name_three_then_say_how_many_more(team, facilitator):
    for n in range(5):
        _member(team, f"Night Owl {n}", "America/Los_Angeles")
    poll = _poll(team, facilitator, [SLOT])
    (result,) = poll_results(poll=poll, show_names=True).ranking
    assert plain(result.fairness()) == (
        "night for 5 yet to answer: Night Owl 0 (Los Angeles 03:00), Night Owl 1 "
        "(Los Angeles 03:00), Night Owl 2 (Los Angeles 03:00), and 2 more"
    )
    (hidden,) = poll_results(poll=poll, show_names=False).ranking
    assert plain(hidden.fairness()) == "night for 5 yet to answer: Los Angeles 03:00 ×5"


def test_the_rankings_html_for_a_slot_stays_short_with_many_voters_and_the_names_are_one_click_away(
    client, team, facilitator
):
    zones = [
        "America/Los_Angeles",
        "Pacific/Auckland",
        "America/Vancouver",
        "Pacific/Honolulu",
        "Asia/Tokyo",
        "America/Anchorage",
    ]
    for n in range(60):
        _member(team, f"Participant number {n:02d} with a long name", zones[n % len(zones)])
    poll = _poll(team, facilitator, [SLOT, DAYTIME, SLOT + timedelta(hours=1)])
    client.force_login(facilitator)
    page = plain(client.get(reverse("schedule:poll", args=[poll.pk])).content.decode())

    ranking = re.search(r'<ol class="ranking">(.*?)</ol>', page, re.S).group(1)
    # Each slot's picture (one strip per place, _slot_strips.html) is bounded on its own: a row a zone.
    pictures = re.findall(r'<ul class="strips">(.*?)</ul>', ranking, re.S)
    assert len(pictures) == 3 and all(picture.count("<li>") == len(zones) + 1 for picture in pictures)
    assert max(len(picture) for picture in pictures) < 500 * (len(zones) + 1)
    ranking = re.sub(r'<ul class="strips">.*?</ul>', "", ranking, flags=re.S)
    items = re.findall(r"<li>(.*?)</li>", ranking, re.S)
    assert len(items) == 3 and max(len(item) for item in items) < 700, [len(item) for item in items]
    night_page = reverse("schedule:poll_slot_nights", args=[poll.pk, poll.slots.get(start=SLOT).pk])
    assert f'<a href="{night_page}">and ' in ranking
    everyone = plain(client.get(night_page).content.decode())
    assert all(
        f"Participant number {n:02d} with a long name" in everyone
        for n in range(60)
        if zones[n % len(zones)] in ("America/Los_Angeles", "Pacific/Auckland")
    )
