"""Rotating a series of calls between candidate slots so that no one always has the night. Pure
functions, no database.

A facilitator turns a poll's result into a series: `count` calls, one every `every_weeks` weeks,
each at one of up to three candidate slots. A *rotation* says which candidate each call uses
(`pattern[k]` is the slot of the k-th call); one fixed slot is a rotation too. For each person we
count the calls that are bad for them (by default: reaching into their night, 22:00–07:00 local,
as schedule/fairness.py measures it, on each call's own date, so a series across a daylight-saving
change is counted in the local time of each call).

Rotations are ranked, best first, by:
  1. the worst count any one person gets (fewer is better);
  2. the sum of everyone's counts;
  3. how simple the pattern is: one fixed slot, then a cycle of two slots (A, B, A, B, ...), then of
     three (A, B, C, A, ...), then any other pattern;
  4. the pattern itself (candidate order), so that equal rotations always come in the same order.

How the best one is found, exactly: people whose bad calls are the same (the same zone, for
nights) are one group with a weight; a group that is bad at most where another is bad never has
the worst count, so only the others are followed. Calls whose slots are bad for the same groups
are interchangeable (without a clock change, all of them are). A search over the calls keeps, for
each reachable vector of counts, the least sum; it first allows a worst count equal to a lower
bound, and raises it by one until a rotation fits (never past the best fixed slot or cycle). Within
each set of interchangeable calls the search only decides how many use each slot; they are then
spread evenly (A, B, A, B rather than A, A, B, B). `bench/rotation.py` measures it against an
exhaustive search: for nights, it is exact and takes milliseconds. Arbitrary answers of many
people can make the exact search too long; past a fixed amount of work it gives way to a beam
search, whose rotation is good but not proven best (`Proposal.optimal` is then false).
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .fairness import slot_discomfort

MAX_CANDIDATES = 3
MAX_OCCURRENCES = 52
MAX_EVERY_WEEKS = 52
MAX_PEOPLE = 1000
# slot_discomfort looks at a slot's first and last minute, which is enough for anything shorter
# than the nine-hour night.
MAX_DURATION = timedelta(hours=8)
# The exact search's work (vectors of counts extended by one call), about a tenth of a second in
# all; the nights of a team of 40 over 52 weekly calls take far less (see bench/rotation.py). Past
# it, as for arbitrary answers of many people, a beam search keeps the BEAM_WIDTH most promising
# vectors at each call and the answer is good but not proven best.
WORK_LIMIT = 300_000
BEAM_WIDTH = 500
# Vectors of many groups are long integers, slower to add: the work counts, and the beam keeps,
# as if each WIDE groups were one more vector.
WIDE = 64
# The lower bound looks at every pair of groups when there are this many or fewer.
PAIRS_UP_TO = 12

# Counts are packed into one integer, a byte per group: adding vectors is adding integers, and
# "every count ≤ limit" is one mask test. A byte leaves room for 52 + 52 below the test bit.
FIELD_BITS = 8
TEST_BIT = 1 << (FIELD_BITS - 1)

Occurrence = tuple[datetime, datetime]


class Kind(enum.StrEnum):
    FIXED = "fixed"
    CYCLE = "cycle"
    MIXED = "mixed"


@dataclass(frozen=True)
class Proposal:
    """One rotation and what it does to each person.

    `pattern[k]` is the candidate slot of the k-th call; `counts[i]` is how many calls are bad for
    the i-th person (in the order they were given); `worst` and `total` are their maximum and sum.
    `optimal` is true when no rotation at all has a lower (worst, total)."""

    pattern: tuple[int, ...]
    kind: Kind
    worst: int
    total: int
    counts: tuple[int, ...]
    optimal: bool

    @property
    def slots_used(self) -> tuple[int, ...]:
        """The candidates the rotation uses, in the order it first uses them."""
        return tuple(dict.fromkeys(self.pattern))


def series_occurrences(
    starts_at: datetime, ends_at: datetime, *, every_weeks: int, count: int, zone: str = "UTC"
) -> tuple[Occurrence, ...]:
    """The `count` calls of a series that starts with the slot (`starts_at`, `ends_at`) and repeats
    every `every_weeks` weeks, as UTC instants. The series keeps its wall-clock time in `zone`: the
    default, UTC, keeps the same UTC time; "Europe/Geneva" keeps 13:00 in Geneva across Europe's
    changes (a time that a change skips is read with the offset before the change)."""
    _check_slot(starts_at, ends_at)
    if not 1 <= every_weeks <= MAX_EVERY_WEEKS:
        raise ValueError(f"A series repeats every 1 to {MAX_EVERY_WEEKS} weeks, not every {every_weeks}.")
    if not 1 <= count <= MAX_OCCURRENCES:
        raise ValueError(f"A series has 1 to {MAX_OCCURRENCES} calls, not {count}.")
    tz = ZoneInfo(zone or "UTC")
    local = starts_at.astimezone(tz).replace(tzinfo=None)
    duration = ends_at - starts_at
    calls = []
    for k in range(count):
        start = (local + timedelta(weeks=every_weeks * k)).replace(tzinfo=tz).astimezone(UTC)
        calls.append((start, start + duration))
    return tuple(calls)


def is_night(zone: str, starts_at: datetime, ends_at: datetime) -> bool:
    """Whether the call reaches into the night (22:00–07:00) of someone in `zone`, on its date."""
    return slot_discomfort(starts_at, ends_at, zone)[1] > 0


def bad_matrix(
    candidates: Sequence[Sequence[Occurrence]],
    profiles: Sequence[Hashable],
    is_bad: Callable[[Hashable, datetime, datetime], bool] = is_night,
) -> tuple[tuple[tuple[bool, ...], ...], ...]:
    """`matrix[i][s][k]`: whether the k-th call at candidate slot s is bad for the i-th person.

    `candidates[s]` lists candidate s's calls, `(starts_at, ends_at)` in UTC; every candidate has as
    many. A person is a *profile*, anything `is_bad(profile, starts_at, ends_at)` understands: a zone
    name for nights (the default), later a zone with working hours. People with equal profiles are
    asked about once."""
    _check_candidates(candidates)
    if len(profiles) > MAX_PEOPLE:
        raise ValueError(f"A rotation is worked out for at most {MAX_PEOPLE} people, not {len(profiles)}.")
    answers = {}
    for profile in profiles:
        if profile not in answers:
            answers[profile] = tuple(
                tuple(bool(is_bad(profile, start, end)) for start, end in calls) for calls in candidates
            )
    return tuple(answers[profile] for profile in profiles)


def propose_rotations(
    candidates: Sequence[Sequence[Occurrence]],
    profiles: Sequence[Hashable],
    *,
    is_bad: Callable[[Hashable, datetime, datetime], bool] = is_night,
    limit: int | None = None,
) -> list[Proposal]:
    """The rotations of the candidates' calls, best first (see the module's docstring), with each
    person's count of bad calls: by default, calls at night in each person's zone."""
    matrix = bad_matrix(candidates, profiles, is_bad)
    return rank_rotations(matrix, candidates=len(candidates), occurrences=len(candidates[0]), limit=limit)


def rank_rotations(
    matrix: Sequence[Sequence[Sequence[bool]]], *, candidates: int, occurrences: int, limit: int | None = None
) -> list[Proposal]:
    """The rotations, best first, for a ready matrix (`matrix[i][s][k]` as `bad_matrix` returns):
    every fixed slot and every cycle, and, when none of them is best, the best rotation there is.
    `limit` keeps the first ones."""
    _check_shape(matrix, candidates, occurrences)
    if limit is not None and limit < 1:
        raise ValueError(f"Ask for at least one rotation, not {limit}.")
    groups = _groups(matrix)
    best, optimum = _search(groups, candidates, occurrences)
    seen: dict[tuple[int, ...], Kind] = {}
    for pattern, kind in _simple_patterns(candidates, occurrences):
        seen.setdefault(pattern, kind)
    if best:
        seen.setdefault(best, Kind.MIXED)
    proposals = []
    for pattern, kind in seen.items():
        group_counts = [sum(bad[s][k] for k, s in enumerate(pattern)) for bad, _ in groups]
        counts = [0] * len(matrix)
        for (_, members), count in zip(groups, group_counts, strict=True):
            for person in members:
                counts[person] = count
        worst = max(counts, default=0)
        total = sum(counts)
        proposals.append(
            Proposal(
                pattern=pattern,
                kind=kind,
                worst=worst,
                total=total,
                counts=tuple(counts),
                optimal=optimum is not None and (worst, total) == optimum,
            )
        )
    proposals.sort(key=lambda p: (p.worst, p.total, _simplicity(p), p.pattern))
    return proposals[:limit] if limit is not None else proposals


def _simplicity(proposal: Proposal) -> tuple[int, int]:
    rank = {Kind.FIXED: 0, Kind.CYCLE: 1, Kind.MIXED: 2}[proposal.kind]
    return rank, len(proposal.slots_used)


def _simple_patterns(candidates: int, occurrences: int):
    """Each fixed slot, then each cycle through two or three of the candidates, in each order."""
    for slot in range(candidates):
        yield (slot,) * occurrences, Kind.FIXED
    for length in range(2, candidates + 1):
        for order in itertools.permutations(range(candidates), length):
            yield tuple(order[k % length] for k in range(occurrences)), Kind.CYCLE


def _groups(matrix) -> list[tuple[tuple[tuple[int, ...], ...], list[int]]]:
    """People with the same bad calls, as (their matrix as 0/1, the people's indices)."""
    groups: dict[tuple, list[int]] = {}
    for person, rows in enumerate(matrix):
        groups.setdefault(tuple(tuple(int(bad) for bad in row) for row in rows), []).append(person)
    return list(groups.items())


def _search(groups, candidates: int, occurrences: int):
    """The best rotation found, as (pattern, (worst, total) when it is proven the least, else None).
    When nobody ever has a bad call every rotation is as good: ((), (0, 0)), fixed slots first."""
    weights = [len(members) for _, members in groups]
    # Groups that can reach the worst count: bad somewhere, and not bad only where another is.
    # (Each group's bad calls as the bits of one integer: "only where another is" is one `&`.)
    bits = [int("".join(str(bad) for bad in itertools.chain.from_iterable(rows)), 2) for rows, _ in groups]
    followed = [
        g
        for g, row in enumerate(bits)
        if row and not any(h != g and not row & ~other for h, other in enumerate(bits))
    ]
    if not followed:
        return (), (0, 0)
    width = len(followed)
    # Per call and slot: the packed counts it adds to the followed groups, and its weighted sum.
    steps = []
    for k in range(occurrences):
        options = []
        for s in range(candidates):
            vector = sum(groups[g][0][s][k] << (FIELD_BITS * i) for i, g in enumerate(followed))
            cost = sum(weight * bad[s][k] for (bad, _), weight in zip(groups, weights, strict=True))
            options.append((vector, cost, s))
        steps.append(options)
    # Calls with the same options are interchangeable; search them one after another, and drop a
    # slot that is no better than another of the same call for everyone and for the sum.
    classes: dict[tuple, list[int]] = {}
    for k, options in enumerate(steps):
        classes.setdefault(tuple((v, c) for v, c, _ in options), []).append(k)
    order = [k for calls in classes.values() for k in calls]
    options = [_undominated(steps[k], width) for k in order]
    # What each followed group (packed) and the sum must still get from the steps from i on,
    # whatever is chosen.
    ahead = [0] * (occurrences + 1)
    ahead_cost = [0] * (occurrences + 1)
    for i in range(occurrences - 1, -1, -1):
        unpacked = [_fields(v, width) for v, _, _ in options[i]]
        ahead[i] = ahead[i + 1] + _pack(map(min, *unpacked) if len(unpacked) > 1 else unpacked[0])
        ahead_cost[i] = ahead_cost[i + 1] + min(c for _, c, _ in options[i])
    upper = min(
        max(sum(groups[g][0][s][k] for k, s in enumerate(pattern)) for g in followed)
        for pattern, _ in _simple_patterns(candidates, occurrences)
    )
    budget = [WORK_LIMIT]
    try:
        for limit in range(_lower_bound(options, width), upper + 1):
            found = _fit(options, ahead, width, limit, budget)
            if found is not None:
                choices, total = found
                return _spread(choices, classes, order, occurrences), (limit, total)
    except _OutOfWork:
        pass
    choices = _beam(options, ahead, ahead_cost, width)
    return _spread(choices, classes, order, occurrences), None


class _OutOfWork(Exception):
    pass


def _pack(fields) -> int:
    return sum(value << (FIELD_BITS * j) for j, value in enumerate(fields))


def _fields(packed: int, width: int) -> bytes:
    return packed.to_bytes(width, "little")  # FIELD_BITS is 8: one byte a field


def _lower_bound(options, width: int) -> int:
    """No rotation's worst count is below this: the worst count is at least the mean count of any
    set of groups, and each call adds at least its least option to that set's sum. Taken over each
    group alone, each pair (for a few groups), and all of them."""
    sets = [[j] for j in range(width)]
    if width <= PAIRS_UP_TO:
        sets += [list(pair) for pair in itertools.combinations(range(width), 2)]
    if width > 2:
        sets.append(list(range(width)))
    unpacked = [[_fields(v, width) for v, _, _ in step] for step in options]
    bound = 0
    for members in sets:
        least = sum(min(sum(fields[j] for j in members) for fields in step) for step in unpacked)
        bound = max(bound, -(-least // len(members)))
    return bound


def _undominated(options, width: int):
    """The options no other option beats or equals for every group and for the sum (of equal ones,
    the first candidate)."""
    kept = []
    for i, (vector, cost, slot) in enumerate(options):
        fields = _fields(vector, width)
        beaten = False
        for h, (other, other_cost, _) in enumerate(options):
            if h == i:
                continue
            other_fields = _fields(other, width)
            no_worse = other_cost <= cost and all(a <= b for a, b in zip(other_fields, fields, strict=True))
            if no_worse and (other_fields != fields or other_cost != cost or h < i):
                beaten = True
                break
        if not beaten:
            kept.append((vector, cost, slot))
    return kept


def _fit(options, ahead, width: int, limit: int, budget: list[int]):
    """The least-sum choice of slots with every followed group's count ≤ limit, as (slot per step,
    sum), or None when none fits. Raises _OutOfWork when the budget runs out.

    Keeps, for each reachable vector of counts, the least sum; drops a vector as soon as some
    group's count plus what it must still get passes `limit` (one mask test: adding
    TEST_BIT - 1 - limit to each field sets its test bit exactly when the field is over)."""
    room = _pack([TEST_BIT - 1 - limit] * width)
    high = _pack([TEST_BIT] * width)
    states = {0: 0}  # packed counts -> least sum
    history = []  # per step: packed counts -> (previous packed counts, slot)
    for i, step in enumerate(options):
        budget[0] -= len(states) * len(step) * (1 + width // WIDE)
        if budget[0] < 0:
            raise _OutOfWork
        mask = ahead[i + 1] + room
        following: dict[int, int] = {}
        back = {}
        for vector, cost, slot in step:
            for state, total in states.items():
                reached = state + vector
                if (reached + mask) & high:
                    continue
                reached_total = total + cost
                known = following.get(reached)
                if known is None or reached_total < known:
                    following[reached] = reached_total
                    back[reached] = (state, slot)
        if not following:
            return None
        states = following
        history.append(back)
    final, total = min(states.items(), key=lambda item: (item[1], item[0]))
    return _walk_back(history, final), total


def _beam(options, ahead, ahead_cost, width: int):
    """When the exact search would take too long: the same steps, keeping only the BEAM_WIDTH
    vectors whose worst count plus what each group must still get is least (then the sum)."""
    beam_width = BEAM_WIDTH // (1 + width // WIDE)
    states = {0: 0}
    history = []
    for i, step in enumerate(options):
        following: dict[int, int] = {}
        back = {}
        for vector, cost, slot in step:
            for state, total in states.items():
                reached = state + vector
                reached_total = total + cost
                known = following.get(reached)
                if known is None or reached_total < known:
                    following[reached] = reached_total
                    back[reached] = (state, slot)
        if len(following) > beam_width:
            later, later_cost = ahead[i + 1], ahead_cost[i + 1]
            best = sorted(
                following.items(),
                key=lambda item: (max(_fields(item[0] + later, width)), item[1] + later_cost, item[0]),
            )
            following = dict(best[:beam_width])
        states = following
        history.append(back)
    final, _ = min(states.items(), key=lambda item: (max(_fields(item[0], width)), item[1], item[0]))
    return _walk_back(history, final)


def _walk_back(history, final: int) -> list[int]:
    choices = []
    for back in reversed(history):
        final, slot = back[final]
        choices.append(slot)
    choices.reverse()
    return choices


def _spread(choices, classes, order, occurrences: int) -> tuple[int, ...]:
    """The pattern: in each set of interchangeable calls, the chosen slots spread evenly over its
    calls (the slot furthest behind its share goes next; ties to the first candidate)."""
    chosen = dict(zip(order, choices, strict=True))
    pattern = [0] * occurrences
    for calls in classes.values():
        wanted: dict[int, int] = {}
        for k in calls:
            wanted[chosen[k]] = wanted.get(chosen[k], 0) + 1
        used = dict.fromkeys(wanted, 0)
        for position, k in enumerate(calls, start=1):
            slot = max(sorted(wanted), key=lambda s: (wanted[s] * position - used[s] * len(calls), -s))
            used[slot] += 1
            pattern[k] = slot
    return tuple(pattern)


def _check_slot(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("A call's start and end must be moments with a time zone (UTC), not local times.")
    if not timedelta(0) < ends_at - starts_at <= MAX_DURATION:
        hours = MAX_DURATION // timedelta(hours=1)
        raise ValueError(f"A call must end after it starts and last at most {hours} hours.")


def _check_candidates(candidates: Sequence[Sequence[Occurrence]]) -> None:
    if not 1 <= len(candidates) <= MAX_CANDIDATES:
        raise ValueError(
            f"A rotation is between 1 and {MAX_CANDIDATES} candidate slots, not {len(candidates)}."
        )
    counts = {len(calls) for calls in candidates}
    if len(counts) != 1:
        raise ValueError("Every candidate slot must have as many calls as the others.")
    (count,) = counts
    if not 1 <= count <= MAX_OCCURRENCES:
        raise ValueError(f"A series has 1 to {MAX_OCCURRENCES} calls, not {count}.")
    for calls in candidates:
        for starts_at, ends_at in calls:
            _check_slot(starts_at, ends_at)


def _check_shape(matrix, candidates: int, occurrences: int) -> None:
    if not 1 <= candidates <= MAX_CANDIDATES:
        raise ValueError(f"A rotation is between 1 and {MAX_CANDIDATES} candidate slots, not {candidates}.")
    if not 1 <= occurrences <= MAX_OCCURRENCES:
        raise ValueError(f"A series has 1 to {MAX_OCCURRENCES} calls, not {occurrences}.")
    if len(matrix) > MAX_PEOPLE:
        raise ValueError(f"A rotation is worked out for at most {MAX_PEOPLE} people, not {len(matrix)}.")
    for rows in matrix:
        if len(rows) != candidates or any(len(row) != occurrences for row in rows):
            raise ValueError(
                f"Each person's answers must be {candidates} candidate slots × {occurrences} calls."
            )
