"""Clashes in a year's programme: the same person in two sessions at once, a session against an
outside calendar's event, a session at night for most of its confirmed speakers.

`find_clashes(sessions, events)` is the computation, pure: it reads nothing and sweeps over the
sessions sorted by time (a programme of thousands of sessions is checked in well under a second),
never over all pairs. `clashes_for(cycle)` is the year's list, computed once per version of what
it reads (programme/selectors/clashes.py) and kept in the cache; `clashes_by_session(cycle)` is
what the build page shows beside each session.

Each clash names people and events by their names only, never an address, and says how to fix
it, with a link to each session's page on the build page (`edit_url`).

Intervals are half-open: a session that starts when another ends does not clash with it."""

from __future__ import annotations

import heapq
import zoneinfo
from dataclasses import dataclass
from functools import cache
from itertools import count

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.lists import joined
from common.versions import version_of, versioned_get_or_set
from schedule.fairness import slot_discomfort, zone_place

from .selectors.clashes import OutsideSpan, PlacedSession, outside_spans, outside_version, placed_sessions


class ClashKind(models.TextChoices):
    # In the order the list shows them.
    PERSON = "person", gettext_lazy("The same person in two sessions at once")
    OUTSIDE = "outside", gettext_lazy("Sessions against an outside calendar's event")
    NIGHT = "night", gettext_lazy("Sessions at night for most of their speakers")


KIND_ORDER = {kind: position for position, kind in enumerate(ClashKind)}


# The build page's URL of a session's page: named `session_edit` by the build page (the brief had
# `edit`); both are tried, the first that exists wins.
EDIT_URL_NAMES = ("programme:edit", "programme:session_edit")


def edit_url(session_id: int) -> str:
    """Where the secretariat fixes a session: its page on the build page (/programme/build/<id>/).
    While that page's URL is not in this build, the same address."""
    for name in EDIT_URL_NAMES:
        try:
            return reverse(name, args=[session_id])
        except NoReverseMatch:
            continue
    return f"/programme/build/{session_id}/"


@dataclass(frozen=True)
class SessionRef:
    id: int
    title: str
    starts_at: object
    ends_at: object

    @property
    def edit_url(self) -> str:
        return edit_url(self.id)


@dataclass(frozen=True)
class NightSpeaker:
    """A speaker for whom the session falls in the night, and the zone it does so in."""

    name: str
    zone: str

    @property
    def place(self) -> str:
        return zone_place(self.zone)


@dataclass(frozen=True)
class Clash:
    """One clash. `sessions`: the session(s) involved, earliest first (two for a person in two at
    once, one otherwise). `names`: for a person clash, the people in both (names only).
    `by_name_only`: they were matched by an identical name alone, no address telling them apart.
    `event`: the outside event. `at_night`, `speakers_known`: the speakers for whom the session is
    at night, out of those whose zone is known."""

    kind: str
    sessions: tuple[SessionRef, ...]
    names: tuple[str, ...] = ()
    by_name_only: bool = False
    event: OutsideSpan | None = None
    at_night: tuple[NightSpeaker, ...] = ()
    speakers_known: int = 0

    @property
    def kind_label(self) -> str:
        return ClashKind(self.kind).label

    @property
    def starts_at(self):
        return self.sessions[0].starts_at

    @property
    def session_ids(self) -> tuple[int, ...]:
        return tuple(session.id for session in self.sessions)

    @property
    def text(self) -> str:
        """The clash in one sentence, names only (the build page shows it beside a session)."""
        if self.kind == ClashKind.PERSON:
            return _("%(names)s: in “%(first)s” and “%(second)s” at once.") % {
                "names": joined(self.names),
                "first": self.sessions[0].title,
                "second": self.sessions[1].title,
            }
        if self.kind == ClashKind.OUTSIDE:
            return _("“%(title)s” is during “%(event)s” (%(calendar)s).") % {
                "title": self.sessions[0].title,
                "event": self.event.summary or _("(no title)"),
                "calendar": self.event.calendar,
            }
        return _("“%(title)s” is at night for %(names)s.") % {
            "title": self.sessions[0].title,
            "names": joined([speaker.name for speaker in self.at_night]),
        }

    def __str__(self) -> str:
        return self.text

    @property
    def fix(self) -> str:
        """The way to fix it, in words (the links to the sessions go beside it)."""
        if self.kind == ClashKind.PERSON:
            if self.by_name_only:
                return _(
                    "Check with the speaker: the same name is on both panels, without an address to "
                    "tell them apart. If it is one person, move one of them."
                )
            return _("Move one of them.")
        if self.kind == ClashKind.OUTSIDE:
            return _("Move it off “%(event)s” (%(calendar)s), unless it is meant to run alongside.") % {
                "event": self.event.summary or _("(no title)"),
                "calendar": self.event.calendar,
            }
        return _("Move it out of the night for %(names)s.") % {
            "names": joined([speaker.name for speaker in self.at_night])
        }


def _ref(session: PlacedSession) -> SessionRef:
    return SessionRef(session.id, session.title, session.starts_at, session.ends_at)


def person_clashes(sessions: list[PlacedSession]) -> list[Clash]:
    """Pairs of overlapping sessions that share someone: one clash per pair, naming all they share.
    Per person, a sweep over their sessions sorted by start, with a heap of those still running."""
    held: dict[str, list[PlacedSession]] = {}
    names: dict[str, str] = {}
    for session in sessions:
        for person in session.people:
            mine = held.setdefault(person.key, [])
            if not mine or mine[-1] is not session:  # twice on one panel, or panelist and facilitator
                mine.append(session)
            names.setdefault(person.key, person.name)
    shared: dict[tuple[int, int], set[str]] = {}
    by_id: dict[int, PlacedSession] = {}
    for key, theirs in held.items():
        if len(theirs) < 2:
            continue
        theirs.sort(key=lambda s: (s.starts_at, s.id))
        running: list[tuple] = []  # (ends_at, id, session)
        for session in theirs:
            while running and running[0][0] <= session.starts_at:
                heapq.heappop(running)
            for _end, other_id, other in running:
                shared.setdefault((other_id, session.id), set()).add(key)
                by_id[other_id], by_id[session.id] = other, session
            heapq.heappush(running, (session.ends_at, session.id, session))
    clashes = []
    for (first_id, second_id), keys in shared.items():
        pair = sorted((by_id[first_id], by_id[second_id]), key=lambda s: (s.starts_at, s.id))
        clashes.append(
            Clash(
                kind=ClashKind.PERSON,
                sessions=tuple(_ref(session) for session in pair),
                names=tuple(sorted({names[key] for key in keys}, key=str.casefold)),
                by_name_only=all(key.startswith("name:") for key in keys),
            )
        )
    return clashes


def outside_clashes(sessions: list[PlacedSession], events: list[OutsideSpan]) -> list[Clash]:
    """Each session against each outside event it overlaps: one sweep over both, sorted by start
    (a session before an event starting at the same moment), with a heap of each kind still running.
    An event of no length clashes with the sessions running at its moment."""
    serial = count()
    items = sorted(
        [(s.starts_at, 0, s.id, s) for s in sessions] + [(e.starts_at, 1, e.id, e) for e in events],
        key=lambda item: item[:3],
    )
    running_sessions: list[tuple] = []
    running_events: list[tuple] = []
    clashes = []
    for start, is_event, _id, item in items:
        for running in (running_sessions, running_events):
            while running and running[0][0] <= start:
                heapq.heappop(running)
        if is_event:
            # An event of no length at `start` still meets the sessions running then.
            clashes += [(session, item) for _end, _n, session in running_sessions]
            if item.ends_at > start:
                heapq.heappush(running_events, (item.ends_at, next(serial), item))
        else:
            clashes += [(item, event) for _end, _n, event in running_events]
            heapq.heappush(running_sessions, (item.ends_at, next(serial), item))
    return [
        Clash(kind=ClashKind.OUTSIDE, sessions=(_ref(session),), event=event) for session, event in clashes
    ]


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone called `name`, or None if there is none. Kept here, so that the zones stay in
    zoneinfo's own cache (it keeps only the last few otherwise, and reads the file again)."""
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def at_night(session: PlacedSession, zone: str) -> bool:
    """Whether any minute of the session falls in the night (22:00 to 07:00) in `zone`, as the
    availability polls judge a slot (schedule/fairness.py; a session lasts at most 8 hours, less
    than a night, so its first and last minutes tell)."""
    return slot_discomfort(session.starts_at, session.ends_at, zone)[1] > 0


def night_clashes(sessions: list[PlacedSession]) -> list[Clash]:
    """Sessions at night for more than half of their confirmed speakers whose zone is known (a
    speaker without a known zone is not counted either way)."""
    clashes = []
    for session in sessions:
        seen, known, night = set(), 0, []
        for person in session.people:
            if not person.speaker or person.key in seen or _zone(person.zone) is None:
                continue
            seen.add(person.key)
            known += 1
            if at_night(session, person.zone):
                night.append(NightSpeaker(person.name, person.zone))
        if 2 * len(night) > known:
            clashes.append(
                Clash(
                    kind=ClashKind.NIGHT,
                    sessions=(_ref(session),),
                    at_night=tuple(night),
                    speakers_known=known,
                )
            )
    return clashes


def find_clashes(sessions: list[PlacedSession], events: list[OutsideSpan] = ()) -> list[Clash]:
    """Every clash among `sessions` (placed) and against `events`, by kind, then by time."""
    clashes = person_clashes(sessions) + outside_clashes(sessions, list(events)) + night_clashes(sessions)
    clashes.sort(key=lambda c: (KIND_ORDER[c.kind], c.starts_at, c.session_ids, c.event.id if c.event else 0))
    return clashes


# What the list is computed from: the sessions; their entries' proposals; the panelists; the groups'
# facilitators and the names they go by. The outside calendars have no version: `outside_version`.
CLASH_VERSIONS = ("programme", "review", "proposals", "teams", "people")
CLASH_TIMEOUT = 86400


def clashes_key(cycle_id: int) -> str:
    """The cache key of the year's clashes, naming the versions of all they are computed from (two
    round trips: the versions, the outside calendars' one query)."""
    return f"programme-clashes:{cycle_id}:{version_of(*CLASH_VERSIONS)}:{outside_version()}"


def compute_clashes(cycle) -> list[Clash]:
    """The year's clashes, read afresh: four queries (three without placed sessions)."""
    sessions = placed_sessions(cycle)
    if not sessions:
        return []
    start = min(session.starts_at for session in sessions)
    end = max(session.ends_at for session in sessions)
    return find_clashes(sessions, outside_spans(start, end))


def clashes_for(cycle) -> list[Clash]:
    """The year's clashes, by kind then time; computed once per version of what they are made of."""
    return versioned_get_or_set(clashes_key(cycle.pk), lambda: compute_clashes(cycle), CLASH_TIMEOUT)


def clashes_by_session(cycle) -> dict[int, list[Clash]]:
    """Each placed session's id → its clashes (only the sessions that have some)."""
    found: dict[int, list[Clash]] = {}
    for clash in clashes_for(cycle):
        for session_id in clash.session_ids:
            found.setdefault(session_id, []).append(clash)
    return found
