"""Benchmark (not a test): a series' proposed rotation (schedule/rotation.py) against an exhaustive
search, and how long the proposal takes. In-process, no database.

    .venv/bin/python bench/rotation.py [--teams 1000] [--seed 16] [--timed 100] [--long 50]

Makes `--teams` random teams: 5 to 40 members in real zones, drawn from a list weighted toward where
IGF members live (every continent); 2 or 3 candidate slots on whole or half hours UTC, 30 minutes
to 2 hours long; 4 to 12 calls every 1 to 4 weeks from a date anywhere in 2027 (so many series
cross a daylight-saving change, in either hemisphere). For each, the proposal's worst per-person
count of night calls and sum are compared with the best of every assignment of slots to calls
(3^12 = 531,441 at most): the exhaustive search adds each call's every choice to every count vector
reached so far, one field per zone packed in an integer, keeping each distinct vector once (two
assignments that give every zone the same counts are the same for the objective), so no
assignment is left out and none is bounded away.

Times are the proposal's whole work from the calls' instants and the members' zones (nights
measured per call in each zone, then the search), each the best of three runs, for every team and
for `--timed` teams of the goal's size (40 members, 12 calls, 3 candidates); `--long` teams of 40
with 52 weekly calls (a year, every clock change) are timed too, with whether the search proved
its answer (too many for the exhaustive search).

Goals: the proposal is optimal (the least worst count) for at least 99% of teams and never more
than one call worse; a 40-member, 12-call series takes under 50 ms. Exits 1 when one is missed.
"""

import argparse
import os
import random
import statistics
import sys
import time
import zoneinfo
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "igfmag.settings.test")

import django  # noqa: E402

django.setup()

from schedule.rotation import bad_matrix, propose_rotations, series_occurrences  # noqa: E402

# Where members live, with a weight: Europe and Geneva's neighbours most, then Africa, the
# Americas, Asia and Oceania; zones with daylight saving in both hemispheres, half- and
# three-quarter-hour offsets, and Casablanca's Ramadan change.
ZONES = {
    "Europe/London": 6,
    "Europe/Paris": 5,
    "Europe/Zurich": 5,
    "Europe/Berlin": 4,
    "Europe/Brussels": 3,
    "Europe/Rome": 2,
    "Europe/Madrid": 2,
    "Europe/Lisbon": 1,
    "Europe/Stockholm": 1,
    "Europe/Warsaw": 1,
    "Europe/Kyiv": 1,
    "Europe/Moscow": 1,
    "Europe/Istanbul": 1,
    "Africa/Nairobi": 4,
    "Africa/Lagos": 3,
    "Africa/Johannesburg": 2,
    "Africa/Cairo": 2,
    "Africa/Accra": 2,
    "Africa/Dakar": 1,
    "Africa/Kampala": 1,
    "Africa/Kigali": 1,
    "Africa/Tunis": 1,
    "Africa/Casablanca": 1,
    "America/New_York": 5,
    "America/Toronto": 1,
    "America/Chicago": 1,
    "America/Los_Angeles": 2,
    "America/Mexico_City": 2,
    "America/Bogota": 1,
    "America/Lima": 1,
    "America/Sao_Paulo": 3,
    "America/Argentina/Buenos_Aires": 2,
    "America/Santiago": 1,
    "America/Port_of_Spain": 1,
    "Asia/Kolkata": 4,
    "Asia/Dhaka": 1,
    "Asia/Karachi": 1,
    "Asia/Kathmandu": 1,
    "Asia/Shanghai": 2,
    "Asia/Tokyo": 2,
    "Asia/Seoul": 1,
    "Asia/Singapore": 1,
    "Asia/Jakarta": 1,
    "Asia/Manila": 1,
    "Asia/Bangkok": 1,
    "Asia/Dubai": 1,
    "Asia/Riyadh": 1,
    "Asia/Tehran": 1,
    "Asia/Beirut": 1,
    "Asia/Yerevan": 1,
    "Asia/Almaty": 1,
    "Australia/Sydney": 2,
    "Australia/Perth": 1,
    "Pacific/Auckland": 1,
    "Pacific/Fiji": 1,
    "Pacific/Port_Moresby": 1,
}
assert set(ZONES) <= zoneinfo.available_timezones()
FIELD_BITS = 5  # per zone in the exhaustive search: up to 12 calls, and room for the test bit


def team(rng, *, members, calls, candidates, every_weeks):
    zones = rng.choices(list(ZONES), weights=list(ZONES.values()), k=members)
    first_day = datetime(2027, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(365))
    slots = []
    for _ in range(candidates):
        starts_at = first_day + timedelta(
            days=rng.randrange(7), hours=rng.randrange(24), minutes=rng.choice([0, 30])
        )
        ends_at = starts_at + timedelta(minutes=rng.choice([30, 60, 90, 120]))
        slots.append(series_occurrences(starts_at, ends_at, every_weeks=every_weeks, count=calls))
    return slots, zones


def random_team(rng):
    return team(
        rng,
        members=rng.randint(5, 40),
        calls=rng.randint(4, 12),
        candidates=rng.choice([2, 3]),
        every_weeks=rng.randint(1, 4),
    )


def exhaustive_best(slots, zones):
    """The least (worst, sum) over every assignment of slots to calls."""
    distinct = sorted(set(zones))
    weight = [zones.count(zone) for zone in distinct]
    matrix = bad_matrix(slots, distinct)
    calls = len(slots[0])
    reached = {0}
    for k in range(calls):
        adds = {
            sum(int(matrix[z][s][k]) << (FIELD_BITS * z) for z in range(len(distinct)))
            for s in range(len(slots))
        }
        reached = {vector + add for vector in reached for add in adds}
    high = sum(1 << (FIELD_BITS * z + FIELD_BITS - 1) for z in range(len(distinct)))
    for worst in range(calls + 1):
        shift = sum(((1 << (FIELD_BITS - 1)) - 1 - worst) << (FIELD_BITS * z) for z in range(len(distinct)))
        fitting = [vector for vector in reached if not (vector + shift) & high]
        if fitting:
            mask = (1 << FIELD_BITS) - 1
            total = min(
                sum(w * ((vector >> (FIELD_BITS * z)) & mask) for z, w in enumerate(weight))
                for vector in fitting
            )
            return worst, total
    raise AssertionError("some assignment has at most every call at night")


def timed(slots, zones):
    best, proposals = None, None
    for _ in range(3):
        began = time.perf_counter()
        proposals = propose_rotations(slots, zones)
        spent = time.perf_counter() - began
        best = spent if best is None else min(best, spent)
    return proposals[0], best


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--timed", type=int, default=100, help="40-member, 12-call teams timed for the goal")
    parser.add_argument(
        "--long", type=int, default=50, help="40-member, 52-call teams timed (no exhaustive search)"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)

    optimal = same_sum = worse_by_one = 0
    worst_gap = 0
    times, exhaustive_times, kinds = [], [], {}
    for _ in range(args.teams):
        slots, zones = random_team(rng)
        proposal, spent = timed(slots, zones)
        times.append(spent)
        began = time.perf_counter()
        worst, total = exhaustive_best(slots, zones)
        exhaustive_times.append(time.perf_counter() - began)
        gap = proposal.worst - worst
        worst_gap = max(worst_gap, gap)
        optimal += gap == 0
        worse_by_one += gap == 1
        same_sum += (proposal.worst, proposal.total) == (worst, total)
        kinds[proposal.kind.value] = kinds.get(proposal.kind.value, 0) + 1

    goal_times = []
    for _ in range(args.timed):
        slots, zones = team(rng, members=40, calls=12, candidates=3, every_weeks=rng.randint(1, 4))
        goal_times.append(timed(slots, zones)[1])

    long_times, long_proven = [], 0
    for _ in range(args.long):
        slots, zones = team(rng, members=40, calls=52, candidates=3, every_weeks=1)
        proposal, spent = timed(slots, zones)
        long_times.append(spent)
        long_proven += proposal.optimal

    share = optimal / args.teams if args.teams else 1.0
    print(
        f"{args.teams} teams (seed {args.seed}): 5-40 members, 2-3 candidate slots, "
        "4-12 calls every 1-4 weeks"
    )
    print(
        f"optimal worst count: {optimal} ({share:.1%}); one call worse: {worse_by_one}; "
        f"most calls worse: {worst_gap}; optimal worst and sum: {same_sum}"
    )
    print("best proposal's kind: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    if times:
        print(f"proposal time, all teams: median {ms(statistics.median(times))}, max {ms(max(times))}")
        print(
            f"exhaustive search time: median {ms(statistics.median(exhaustive_times))}, "
            f"max {ms(max(exhaustive_times))}"
        )
    if goal_times:
        print(
            f"proposal time, {args.timed} teams of 40 members, 12 calls, 3 candidates: "
            f"median {ms(statistics.median(goal_times))}, max {ms(max(goal_times))}"
        )
    if long_times:
        print(
            f"proposal time, {args.long} teams of 40 members, 52 weekly calls, 3 candidates: "
            f"median {ms(statistics.median(long_times))}, max {ms(max(long_times))}; "
            f"proven best: {long_proven}/{args.long}"
        )
    missed = []
    if share < 0.99:
        missed.append("optimal for fewer than 99% of teams")
    if worst_gap > 1:
        missed.append("more than one call worse than the best")
    if goal_times and max(goal_times) >= 0.050:
        missed.append("a 40-member, 12-call series took 50 ms or more")
    for goal in missed:
        print(f"GOAL MISSED: {goal}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
