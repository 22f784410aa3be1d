"""Rotating a series of calls between candidate slots (schedule/rotation.py): pure functions, no
database. Every date is fixed; none depends on today."""

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest

from schedule import rotation
from schedule.rotation import (
    MAX_CANDIDATES,
    MAX_OCCURRENCES,
    Kind,
    is_night,
    propose_rotations,
    rank_rotations,
    series_occurrences,
)


def weekly(starts_at, *, every_weeks=1, count=8, minutes=60, zone="UTC"):
    return series_occurrences(
        starts_at, starts_at + timedelta(minutes=minutes), every_weeks=every_weeks, count=count, zone=zone
    )


def brute_force(matrix, candidates, occurrences):
    """The least (worst, sum) over every assignment of slots to calls."""
    best = None
    for pattern in itertools.product(range(candidates), repeat=occurrences):
        counts = [sum(rows[s][k] for k, s in enumerate(pattern)) for rows in matrix]
        value = (max(counts, default=0), sum(counts))
        best = value if best is None or value < best else best
    return best


# May to August 2027: no clock changes in New York, São Paulo, Tokyo or Manila.
AMERICAS = ["America/New_York", "America/New_York", "America/Sao_Paulo"]
ASIA = ["Asia/Tokyo", "Asia/Manila", "Asia/Tokyo"]
ASIA_NIGHT = datetime(2027, 5, 4, 14, 0, tzinfo=UTC)  # 23:00 Tokyo, 22:00 Manila, 10:00 New York
AMERICAS_NIGHT = datetime(2027, 5, 5, 3, 0, tzinfo=UTC)  # 23:00 New York, 00:00 São Paulo, 12:00 Tokyo


def test_a_team_split_between_the_americas_and_asia_takes_turns_with_the_night():
    candidates = [weekly(ASIA_NIGHT, every_weeks=2), weekly(AMERICAS_NIGHT, every_weeks=2)]
    proposals = propose_rotations(candidates, AMERICAS + ASIA)

    best = proposals[0]
    assert best.kind == Kind.CYCLE and best.optimal
    assert best.counts == (4, 4, 4, 4, 4, 4)  # nobody has all eight nights
    fixed = [proposal for proposal in proposals if proposal.kind == Kind.FIXED]
    assert sorted(proposal.worst for proposal in fixed) == [8, 8]  # either fixed slot: one side every time
    # Best first, then the other cycle, then the fixed slots.
    assert [proposal.pattern[:2] for proposal in proposals] == [(0, 1), (1, 0), (0, 0), (1, 1)]


def test_a_fixed_slot_is_proposed_when_it_is_at_no_ones_night():
    day = datetime(2027, 5, 4, 12, 0, tzinfo=UTC)  # 08:00 New York to 21:00 Tokyo
    candidates = [weekly(AMERICAS_NIGHT), weekly(day), weekly(ASIA_NIGHT)]
    best = propose_rotations(candidates, AMERICAS + ["Africa/Nairobi", "Europe/Paris", "Asia/Tokyo"])[0]

    assert best.pattern == (1,) * 8
    assert best.kind == Kind.FIXED
    assert best.counts == (0,) * 6
    assert best.optimal


def test_when_no_slot_is_at_anyones_night_the_first_fixed_slot_comes_first():
    day = datetime(2027, 5, 4, 12, 0, tzinfo=UTC)
    proposals = propose_rotations([weekly(day), weekly(day + timedelta(hours=1))], ["Europe/Paris"])

    assert proposals[0].pattern == (0,) * 8 and proposals[0].kind == Kind.FIXED
    assert all(proposal.worst == 0 and proposal.optimal for proposal in proposals)


def test_nights_are_counted_in_each_calls_local_time_across_europes_spring_change():
    # 05:30 UTC is 06:30 in Paris (night) until 28 March 2027, then 07:30 (day).
    calls = weekly(datetime(2027, 3, 14, 5, 30, tzinfo=UTC), count=4)
    assert [start.date().isoformat() for start, _ in calls] == [
        "2027-03-14",
        "2027-03-21",
        "2027-03-28",
        "2027-04-04",
    ]

    best = propose_rotations([calls], ["Europe/Paris", "UTC"])[0]

    assert best.counts == (2, 4)  # in UTC, 05:30 is night every time
    assert [is_night("Europe/Paris", start, end) for start, end in calls] == [True, True, False, False]


def test_a_series_kept_at_local_time_moves_in_utc_across_the_change():
    calls = weekly(datetime(2027, 3, 21, 6, 30, tzinfo=UTC), count=3, zone="Europe/Paris")  # 07:30 in Paris

    assert [start.strftime("%H:%M") for start, _ in calls] == ["06:30", "05:30", "05:30"]
    assert propose_rotations([calls], ["Europe/Paris"])[0].counts == (0,)


def test_a_rotation_beats_every_simple_pattern_when_the_night_moves_with_the_clock():
    # Slot A is night for New York until its change (14 March 2027), slot B from the call after
    # it; every fixed slot and cycle gives New York a night, the best rotation none.
    before = datetime(2027, 2, 28, 11, 30, tzinfo=UTC)  # 06:30 EST, then 07:30 EDT
    after = datetime(2027, 2, 28, 2, 0, tzinfo=UTC)  # 21:00-22:00 EST the evening before, then 22:00 EDT
    candidates = [weekly(before, every_weeks=1, count=4), weekly(after, every_weeks=1, count=4)]
    proposals = propose_rotations(candidates, ["America/New_York"])

    assert proposals[0].pattern == (1, 1, 0, 0)
    assert proposals[0].kind == Kind.MIXED
    assert proposals[0].counts == (0,) and proposals[0].optimal
    assert {proposal.kind for proposal in proposals[1:]} == {Kind.FIXED, Kind.CYCLE}


def test_chosen_slots_are_spread_evenly_over_interchangeable_calls():
    # Two people at night at slot A, one at slot B, six interchangeable calls: the least worst count
    # takes three calls at each slot; they alternate.
    matrix = [[[1] * 6, [0] * 6], [[0] * 6, [1] * 6], [[1] * 6, [0] * 6]]
    best = rank_rotations(matrix, candidates=2, occurrences=6)[0]

    assert best.pattern == (0, 1, 0, 1, 0, 1)
    assert best.counts == (3, 3, 3)


@pytest.mark.parametrize("seed", range(300))
def test_the_best_proposal_matches_an_exhaustive_search(seed):
    rng = random.Random(seed)
    candidates, occurrences, people = rng.randint(1, 3), rng.randint(1, 6), rng.randint(0, 8)
    share = rng.choice([0.2, 0.4, 0.6])
    matrix = [
        [[rng.random() < share for _ in range(occurrences)] for _ in range(candidates)] for _ in range(people)
    ]

    proposals = rank_rotations(matrix, candidates=candidates, occurrences=occurrences)

    best = proposals[0]
    assert (best.worst, best.total) == brute_force(matrix, candidates, occurrences)
    assert best.optimal
    for proposal in proposals:
        assert proposal.counts == tuple(
            sum(rows[s][k] for k, s in enumerate(proposal.pattern)) for rows in matrix
        )
    ranks = [(p.worst, p.total) for p in proposals]
    assert ranks == sorted(ranks)
    assert rank_rotations(matrix, candidates=candidates, occurrences=occurrences) == proposals


@pytest.mark.parametrize("seed", range(40))
def test_the_best_proposal_matches_an_exhaustive_search_for_nights_in_real_zones(seed):
    rng = random.Random(seed)
    zones = ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Africa/Lagos", "UTC"]
    first = datetime(2027, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(365))
    every_weeks = rng.randint(1, 4)  # six calls over up to five months: some cross a change
    candidates = [
        weekly(
            first + timedelta(hours=rng.randrange(24), minutes=rng.choice([0, 30])),
            every_weeks=every_weeks,
            count=6,
        )
        for _ in range(rng.choice([2, 3]))
    ]
    people = rng.choices(zones, k=rng.randint(3, 12))

    best = propose_rotations(candidates, people)[0]

    matrix = rotation.bad_matrix(candidates, people)
    assert (best.worst, best.total) == brute_force(matrix, len(candidates), 6)


def test_the_people_matrix_can_say_anything_is_bad():
    calls = weekly(datetime(2027, 5, 4, 12, 0, tzinfo=UTC), count=4)
    later = weekly(datetime(2027, 5, 4, 16, 0, tzinfo=UTC), count=4)

    def outside_hours(hours, starts_at, ends_at):
        return not hours[0] <= starts_at.hour < hours[1]

    best = propose_rotations([calls, later], [(9, 14), (15, 18)], is_bad=outside_hours)[0]

    assert best.kind == Kind.CYCLE
    assert best.counts == (2, 2)


def test_past_the_work_limit_a_good_rotation_is_still_proposed_but_not_as_proven(monkeypatch):
    monkeypatch.setattr(rotation, "WORK_LIMIT", 0)
    candidates = [weekly(ASIA_NIGHT, every_weeks=2), weekly(AMERICAS_NIGHT, every_weeks=2)]

    proposals = propose_rotations(candidates, AMERICAS + ASIA)

    assert proposals[0].worst == 4
    assert not any(proposal.optimal for proposal in proposals)


def test_many_people_and_a_year_of_weekly_calls_are_worked_out():
    zones = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "America/Los_Angeles"]
    candidates = [
        weekly(datetime(2027, 1, 5, hour, 0, tzinfo=UTC), count=MAX_OCCURRENCES) for hour in (6, 14, 22)
    ]

    best = propose_rotations(candidates, zones * 8)[0]

    assert len(best.pattern) == MAX_OCCURRENCES and best.optimal
    assert best.worst < MAX_OCCURRENCES


def test_limit_keeps_the_first_proposals():
    candidates = [weekly(ASIA_NIGHT), weekly(AMERICAS_NIGHT)]
    assert len(propose_rotations(candidates, AMERICAS, limit=1)) == 1


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda c: propose_rotations([c] * (MAX_CANDIDATES + 1), ["UTC"]), "between 1 and 3 candidate slots"),
        (lambda c: propose_rotations([], ["UTC"]), "between 1 and 3 candidate slots"),
        (lambda c: propose_rotations([c, c[:-1]], ["UTC"]), "as many calls"),
        (lambda c: propose_rotations([c], ["UTC"], limit=0), "at least one rotation"),
        (lambda c: propose_rotations([c], ["UTC"] * 1001), "at most 1000 people"),
        (
            lambda c: weekly(datetime(2027, 1, 5, 12, 0, tzinfo=UTC), count=MAX_OCCURRENCES + 1),
            "1 to 52 calls, not 53",
        ),
        (lambda c: weekly(datetime(2027, 1, 5, 12, 0, tzinfo=UTC), count=0), "1 to 52 calls, not 0"),
        (lambda c: weekly(datetime(2027, 1, 5, 12, 0, tzinfo=UTC), every_weeks=0), "every 1 to 52 weeks"),
        (lambda c: weekly(datetime(2027, 1, 5, 12, 0), count=2), "with a time zone"),
        (lambda c: weekly(datetime(2027, 1, 5, 12, 0, tzinfo=UTC), minutes=9 * 60), "at most 8 hours"),
        (lambda c: weekly(datetime(2027, 1, 5, 12, 0, tzinfo=UTC), minutes=0), "end after it starts"),
        (lambda c: rank_rotations([[[True]]], candidates=1, occurrences=2), "1 candidate slots × 2 calls"),
        (lambda c: rank_rotations([], candidates=1, occurrences=53), "1 to 52 calls, not 53"),
    ],
)
def test_out_of_bounds_input_is_refused_with_a_clear_message(call, message):
    calls = weekly(datetime(2027, 1, 5, 12, 0, tzinfo=UTC), count=4)
    with pytest.raises(ValueError, match=message):
        call(calls)
