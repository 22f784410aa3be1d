"""Benchmark (not a test): the programme's clash check on a large programme, in-process, without
the database (programme/clashes.py find_clashes: the computation a cold clash list pays).

    .venv/bin/python bench/clashes.py [--sessions 2000] [--people 800] [--events 200] [--repeat 5]

Builds a year of sessions (15 to 120 minutes, up to six speakers each from a pool, each speaker in
one of a dozen zones), outside events (some all day), and prints the clashes of each kind and the
best and median seconds of the check over the repeats.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "igfmag.settings.test")

import django  # noqa: E402

django.setup()

from programme.clashes import find_clashes  # noqa: E402
from programme.selectors.clashes import OutsideSpan, Person, PlacedSession, person_key  # noqa: E402

ZONES = [
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",
    "Africa/Nairobi",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Europe/Berlin",
    "Asia/Kathmandu",
    "America/Los_Angeles",
    "",
]


def programme(sessions: int, people: int, events: int, seed: int = 15):
    rng = random.Random(seed)
    start = datetime(2027, 9, 1, tzinfo=UTC)
    pool = [
        Person(
            key=person_key(email=f"p{n}@example.org"),
            name=f"Person {n}",
            zone=ZONES[n % len(ZONES)],
        )
        for n in range(people)
    ]
    placed = []
    for pk in range(1, sessions + 1):
        at = start + timedelta(minutes=15 * rng.randrange(0, 4 * 24 * 90))
        placed.append(
            PlacedSession(
                id=pk,
                title=f"Session {pk}",
                starts_at=at,
                ends_at=at + timedelta(minutes=rng.choice([15, 30, 60, 90, 120])),
                people=tuple(rng.sample(pool, rng.randrange(0, 7))),
            )
        )
    spans = []
    for pk in range(1, events + 1):
        all_day = pk % 5 == 0
        at = start + timedelta(days=rng.randrange(0, 90), hours=0 if all_day else rng.randrange(0, 24))
        spans.append(
            OutsideSpan(
                id=pk,
                summary=f"Event {pk}",
                calendar="NRI events",
                starts_at=at,
                ends_at=at + (timedelta(days=1) if all_day else timedelta(hours=rng.choice([1, 2, 4]))),
                all_day=all_day,
            )
        )
    return placed, spans


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--people", type=int, default=800)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sessions, events = programme(args.sessions, args.people, args.events)
    times, clashes = [], []
    for _ in range(args.repeat):
        began = time.perf_counter()
        clashes = find_clashes(sessions, events)
        times.append(time.perf_counter() - began)
    kinds = Counter(clash.kind for clash in clashes)
    print(f"{args.sessions} sessions, {args.people} people, {args.events} outside events")
    print("clashes: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    print(f"seconds: best {min(times):.3f}, median {statistics.median(times):.3f} over {args.repeat}")


if __name__ == "__main__":
    main()
