"""An availability poll's results: counts per slot, whom each slot puts at night, and the ranking."""

from __future__ import annotations

import zoneinfo
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import CallHours
from common.lists import isolated, joined
from common.timezones import clock_text, day_and_clock, in_zone, moment_after, plain_when

from ..enums import NIGHT_ENDS, NIGHT_STARTS, Answer
from ..fairness import Judgement, Reason, slot_judgement, zone_place
from ..models import AvailabilityPoll, Invitee, Slot, Vote

# How many people (or places) a group of the ranking's line names before "and N more".
SHOWN_AT_NIGHT = 3


@dataclass(frozen=True)
class NightEntry:
    """Someone for whom a slot falls at night, or outside the hours they set in their profile: their
    name (None where names are hidden), their local start, their zone, how far past the limit, and
    how many share the place and time when names are hidden. `reason` and `limit` say which limit
    (schedule/fairness.py); `person` is the name of someone with hours in the nameless summary, for
    the readers who may see names (`named`). Their hours themselves are never shown, only this."""

    name: str | None
    local: datetime
    zone: str
    minutes: int
    count: int = 1
    reason: str = Reason.NIGHT
    limit: time | None = None
    person: str | None = None

    @property
    def named(self) -> NightEntry:
        return replace(self, name=self.person) if self.person and not self.name else self

    def __str__(self):
        # The name and the place with its clock are isolated (common/lists.py): in an Arabic
        # sentence, Latin words with brackets around them would otherwise swap places.
        if self.reason == Reason.OUTSIDE_WORKING_DAYS:
            clock = isolated(f"{zone_place(self.zone)} {day_and_clock(self.local)}")
        else:
            clock = isolated(f"{zone_place(self.zone)} {clock_text(self.local)}")
        if self.reason == Reason.NIGHT:
            if self.name:
                return f"{isolated(self.name)} ({clock})"
            return f"{clock} ×{self.count}" if self.count > 1 else clock
        if self.count > 1:
            clock = f"{clock} ×{self.count}"
        values = {
            "name": isolated(self.name) if self.name else None,
            "clock": clock,
            "limit": clock_text(self.limit) if self.limit else "",
        }
        if self.reason == Reason.OUTSIDE_WORKING_DAYS:
            if self.name:
                return _("outside %(name)s's working days (%(clock)s)") % values
            return _("outside working days (%(clock)s)") % values
        if self.reason == Reason.BEFORE:
            if self.name:
                return _("before %(limit)s for %(name)s (%(clock)s)") % values
            return _("before %(limit)s (%(clock)s)") % values
        if self.name:
            return _("after %(limit)s for %(name)s (%(clock)s)") % values
        return _("after %(limit)s (%(clock)s)") % values


@dataclass
class NightGroup:
    ATTENDING, DECLINED, WAITING = "attending", "declined", "waiting"

    who: str
    entries: list[NightEntry]

    @property
    def people(self) -> int:
        return sum(entry.count for entry in self.entries)

    @property
    def label(self) -> str:
        n = self.people
        if any(entry.reason != Reason.NIGHT for entry in self.entries):
            return self._outside_label(n)
        if self.who == self.ATTENDING:
            return ngettext("night for %(n)d who can attend", "night for %(n)d who can attend", n) % {"n": n}
        if self.who == self.DECLINED:
            return ngettext("night for %(n)d who said no", "night for %(n)d who said no", n) % {"n": n}
        return ngettext("night for %(n)d yet to answer", "night for %(n)d yet to answer", n) % {"n": n}

    def _outside_label(self, n: int) -> str:
        """Some of them set their own hours: not all of it is night."""
        if self.who == self.ATTENDING:
            return ngettext(
                "outside the hours of %(n)d who can attend", "outside the hours of %(n)d who can attend", n
            ) % {"n": n}
        if self.who == self.DECLINED:
            return ngettext(
                "outside the hours of %(n)d who said no", "outside the hours of %(n)d who said no", n
            ) % {"n": n}
        return ngettext(
            "outside the hours of %(n)d yet to answer", "outside the hours of %(n)d yet to answer", n
        ) % {"n": n}

    @property
    def shown(self) -> list[NightEntry]:
        return self.entries[:SHOWN_AT_NIGHT]

    @property
    def shown_named(self) -> list[NightEntry]:
        """`shown` with the names of those who set hours, for readers who may see names."""
        return [entry.named for entry in self.shown]

    @property
    def more(self) -> int:
        return len(self.entries) - len(self.shown)

    def more_text(self) -> str:
        return ngettext("and %(n)d more", "and %(n)d more", self.more) % {"n": self.more}

    def summary(self) -> str:
        listed = joined([*self.shown, self.more_text()] if self.more else self.shown)
        return f"{self.label}: {listed}"

    def full(self) -> str:
        return f"{self.label}: {joined(self.entries)}"


def _night_entries(entries: list[NightEntry], *, named: bool) -> list[NightEntry]:
    """Worst off first; where names are hidden, one entry per place and local time, with a count."""
    if not named:

        def key(e):
            return (e.zone, f"{e.local:%H:%M}", e.reason, e.limit)

        counts = Counter(key(e) for e in entries)
        firsts = {}
        for entry in entries:
            firsts.setdefault(key(entry), entry)
        entries = [replace(entry, count=counts[k]) for k, entry in firsts.items()]
    return sorted(
        entries, key=lambda e: (-e.minutes, -e.count, e.name or e.person or "", zone_place(e.zone), e.reason)
    )


# The ranking's picture of a slot (issue 16): a 24-hour strip of the local day per place. At most
# this many rows a slot, then "and N more places", so the page stays small however many zones.
STRIP_ROWS = 12
DAY_MINUTES = 24 * 60
# Only the ranking's first slots are drawn (_poll_ranking.html shows five).
STRIPS_FOR = 5


@dataclass(frozen=True)
class StripRow:
    """One row of a slot's picture: a place (and, for someone with their own hours, that person),
    how many are there, the slot's local start and end there, and what the ranking's words already
    say about it (`reason`, `limit`: schedule/fairness.py; None when it suits them). The shading
    shows only that: the night for those who set no hours; for those who did, the side of the day
    past the limit the slot passes (or the whole day off), never the rest of their hours, which
    only they see (accounts.CallHours)."""

    zone: str
    count: int
    start: datetime
    end: datetime
    own_hours: bool = False
    reason: str | None = None
    limit: time | None = None
    person: str | None = None
    minutes: int = 0

    @property
    def shaded(self) -> list[tuple[int, int]]:
        """(from, width) in minutes of the local day: what is night or outside their hours."""
        return [(begin, end - begin) for begin, end in self.off_hours()]

    def off_hours(self) -> list[tuple[int, int]]:
        """(from, to) in minutes of the local day, 0 to 1440: what is night or outside their hours."""
        if not self.own_hours:
            return [(0, NIGHT_ENDS * 60), (NIGHT_STARTS * 60, DAY_MINUTES)]
        limit = self.limit.hour * 60 + self.limit.minute if self.limit else None
        if self.reason == Reason.OUTSIDE_WORKING_DAYS:
            return [(0, DAY_MINUTES)]
        if self.reason == Reason.BEFORE:
            return [(0, limit)]
        if self.reason == Reason.AFTER:
            return [(limit, DAY_MINUTES)]
        if self.reason == Reason.NIGHT:  # they set no bound on that side: the night's edge holds
            return (
                [(0, NIGHT_ENDS * 60)] if self.start.hour < NIGHT_ENDS else [(NIGHT_STARTS * 60, DAY_MINUTES)]
            )
        return []

    @property
    def bars(self) -> list[tuple[int, int]]:
        """The slot on the strip, (from, width) in minutes of the local day; a slot past local midnight
        wraps: its end is drawn from 00:00 (the text says the next day's name)."""
        begin = self.start.hour * 60 + self.start.minute
        length = max(1, round((self.end - self.start).total_seconds() / 60))
        length = min(length, DAY_MINUTES)
        if begin + length <= DAY_MINUTES:
            return [(begin, length)]
        return [(begin, DAY_MINUTES - begin), (0, begin + length - DAY_MINUTES)]

    @property
    def wraps(self) -> bool:
        return len(self.bars) > 1

    def label(self, *, named: bool) -> str:
        place = zone_place(self.zone)
        if named and self.person:
            return _("%(name)s (%(place)s)") % {"name": self.person, "place": place}
        values = {"place": place, "n": self.count}
        if self.own_hours:
            return (
                ngettext(
                    "%(place)s, own hours (%(n)d person)", "%(place)s, own hours (%(n)d people)", self.count
                )
                % values
            )
        return ngettext("%(place)s (%(n)d person)", "%(place)s (%(n)d people)", self.count) % values

    def span(self) -> str:
        """'Wed 06:00–07:30', or 'Tue 23:30 – Wed 01:00' past local midnight."""
        if self.end.date() == self.start.date() or self.end == self.start.replace(
            hour=0, minute=0
        ) + timedelta(days=1):
            return f"{day_and_clock(self.start)}–{clock_text(self.end)}"
        return f"{day_and_clock(self.start)} – {day_and_clock(self.end)}"

    def verdict(self) -> str:
        if self.reason == Reason.NIGHT:
            return _("at night")
        if self.reason == Reason.OUTSIDE_WORKING_DAYS:
            return _("not a working day")
        if self.reason == Reason.BEFORE:
            return _("before %(limit)s") % {"limit": clock_text(self.limit)}
        if self.reason == Reason.AFTER:
            return _("after %(limit)s") % {"limit": clock_text(self.limit)}
        if self.own_hours:
            return _("within their hours")
        return _("daytime")

    def detail(self) -> str:
        return f"{self.span()}, {self.verdict()}"

    def text(self, *, named: bool) -> str:
        """'Tokyo (3 people): Wed 06:00–07:30, at night', what the strip shows, in words."""
        return f"{self.label(named=named)}: {self.detail()}"


@dataclass
class SlotStrips:
    """A slot's rows for one kind of reader: `rows` (at most STRIP_ROWS) and how many places more."""

    rows: list[StripRow]
    more: int = 0
    named: bool = False

    def texts(self) -> list[tuple[StripRow, str]]:
        return [(row, row.text(named=self.named)) for row in self.rows]

    def parts(self) -> list[tuple[StripRow, str, str]]:
        """(row, who, the rest) of each row's words: the page isolates who ('Carlos Mendoza (Mexico
        City)') so that on an Arabic page its brackets stay its own."""
        return [(row, row.label(named=self.named), row.detail()) for row in self.rows]

    def more_text(self) -> str:
        return ngettext("and %(n)d more place", "and %(n)d more places", self.more) % {"n": self.more}


def _strip_order(row: StripRow):
    # Those the slot costs first (the worst off first), then the biggest groups; then by place.
    return (row.reason is None, -row.minutes, -row.count, zone_place(row.zone), row.person or "")


def _bounded(rows: list[StripRow], *, named: bool) -> SlotStrips:
    rows = sorted(rows, key=_strip_order)
    return SlotStrips(rows[:STRIP_ROWS], max(0, len(rows) - STRIP_ROWS), named)


def slot_strips(
    slot: Slot, end: datetime, invited_in: dict, hours_of: dict, night
) -> tuple[SlotStrips, SlotStrips]:
    """The slot's rows (by place only, and with the names of those who set hours), from the
    summary's counts per (zone, user id with hours): no query. Same-zone people without hours share
    a row; people with hours get one each (named), or share one per place and verdict (by place)."""
    plain: dict[str, int] = Counter()
    own: list[StripRow] = []
    for (zone, user_id), invited in invited_in.items():
        if not zone:
            continue
        hours = hours_of.get(user_id)
        if hours is None:
            plain[zone] += invited
            continue
        judgement = night(slot, zone, hours)
        tz = zoneinfo.ZoneInfo(zone)
        own.append(
            StripRow(
                zone,
                invited,
                in_zone(slot.start, tz),
                in_zone(end, tz),
                own_hours=True,
                reason=judgement.reason if judgement else None,
                limit=judgement.limit if judgement else None,
                person=hours.user.name,
                minutes=judgement.minutes if judgement else 0,
            )
        )
    rows = []
    for zone, count in plain.items():
        judgement = night(slot, zone)
        tz = zoneinfo.ZoneInfo(zone)
        rows.append(
            StripRow(
                zone,
                count,
                in_zone(slot.start, tz),
                in_zone(end, tz),
                reason=judgement.reason if judgement else None,
                minutes=judgement.minutes if judgement else 0,
            )
        )
    grouped: dict[tuple, StripRow] = {}
    for row in own:
        key = (row.zone, row.reason, row.limit)
        if key in grouped:
            grouped[key] = replace(grouped[key], count=grouped[key].count + row.count)
        else:
            grouped[key] = replace(row, person=None)
    return _bounded(rows + list(grouped.values()), named=False), _bounded(rows + own, named=True)


@dataclass
class SlotResult:
    slot: Slot
    end: object
    yes: int = 0
    maybe: int = 0
    no: int = 0
    # For whom the slot falls at night (22:00 to 07:00 in their zone), by what they answered.
    attending_nights: list[NightEntry] = field(default_factory=list)
    declined_nights: list[NightEntry] = field(default_factory=list)
    waiting_nights: list[NightEntry] = field(default_factory=list)
    # How far into the night it reaches for the worst off of those who can attend, in minutes.
    worst_minutes: int = 0
    # The ranking's picture (StripRow): by place only, and with names for those who may see them;
    # drawn for the ranking's first slots only (poll_summary).
    strips: SlotStrips | None = None
    strips_named: SlotStrips | None = None

    @property
    def available(self):
        return self.yes + self.maybe

    @property
    def night_groups(self) -> list[NightGroup]:
        """Those at night who can attend, who said no (night may be why), who have not answered."""
        groups = [
            NightGroup(NightGroup.ATTENDING, self.attending_nights),
            NightGroup(NightGroup.DECLINED, self.declined_nights),
            NightGroup(NightGroup.WAITING, self.waiting_nights),
        ]
        return [group for group in groups if group.entries]

    @property
    def summarised(self) -> bool:
        """Some group is longer than the ranking's line shows."""
        return any(group.more for group in self.night_groups)

    def attendance(self) -> str:
        """'9 can attend (7 yes, 2 if need be)'."""
        return ngettext(
            "%(n)d can attend (%(yes)d yes, %(maybe)d if need be)",
            "%(n)d can attend (%(yes)d yes, %(maybe)d if need be)",
            self.available,
        ) % {"n": self.available, "yes": self.yes, "maybe": self.maybe}

    def fairness(self) -> str:
        """'night for 2 who said no: Los Angeles 03:00, Auckland 00:00', at most SHOWN_AT_NIGHT
        entries a group, then 'and N more'."""
        if not self.night_groups:
            return _("nobody before 07:00 or after 22:00")
        return "; ".join(group.summary() for group in self.night_groups)

    def explanation(self) -> str:
        """'Tue 14 Sep 2021, 14:00 CEST (12:00 UTC): 9 can attend (7 yes, 2 if need be); night for 2
        who said no: Los Angeles 03:00, Auckland 00:00', the slot in the reader's zone (the active one)."""
        return f"{plain_when(self.slot.start)}: {self.attendance()}; {self.fairness()}"


@dataclass
class PollResults:
    """The results of a poll. `participants` and `answers` are loaded only where names are shown in
    full (the emails to those who run the poll); the pages use the counts (`invited`, per-slot
    totals, night counts per place) that SQL aggregates give whatever the number of people."""

    poll: AvailabilityPoll
    slots: list[SlotResult]
    ranking: list[SlotResult]
    invited: int
    answered: int
    participants: list[Invitee] = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # (invitee id, slot id) → answer, named results only

    @property
    def response_rate(self):
        return round(100 * self.answered / self.invited) if self.invited else 0


def invitee_zone(prefix: str = ""):
    """An invitee's zone as SQL: a member's profile zone, a guest's chosen one (Invitee.time_zone)."""
    return Case(
        When(**{f"{prefix}user__isnull": False}, then=F(f"{prefix}user__time_zone")),
        default=F(f"{prefix}guest_time_zone"),
        output_field=CharField(),
    )


def invitee_hours_user(prefix: str = ""):
    """The invitee's user id as SQL when that user set call hours (accounts.CallHours), else NULL:
    those people are judged one by one, the others per zone."""
    return Case(
        When(**{f"{prefix}user__call_hours__isnull": False}, then=F(f"{prefix}user_id")),
        default=Value(None),
        output_field=IntegerField(),
    )


def _call_hours(user_ids) -> dict[int, CallHours]:
    """The hours of those people, with their names: one query (none when nobody set hours)."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return {}
    return {
        hours.user_id: hours for hours in CallHours.objects.filter(user_id__in=ids).select_related("user")
    }


class _NightClock:
    """The fairness check once per (zone, slot) for those who set no hours (people in the same zone
    share it), once per (person, slot) for those who did."""

    def __init__(self, poll: AvailabilityPoll):
        self.duration = poll.duration
        self.known: dict[tuple[str, int, int | None], Judgement | None] = {}

    def __call__(self, slot: Slot, zone: str, hours: CallHours | None = None) -> Judgement | None:
        key = (zone, slot.pk, hours.user_id if hours is not None else None)
        if key not in self.known:
            self.known[key] = slot_judgement(slot.start, moment_after(slot.start, self.duration), zone, hours)
        return self.known[key]


def _entry(judgement: Judgement, zone: str, *, name=None, count=1, person=None) -> NightEntry:
    return NightEntry(
        name,
        judgement.local,
        zone,
        judgement.minutes,
        count=count,
        reason=judgement.reason,
        limit=judgement.limit,
        person=person,
    )


def _rank(results: list[SlotResult]) -> list[SlotResult]:
    # Most can attend; then the fewest kept up at night among them; then the fewest at night among
    # all invited (night may be why someone said no); then most yes; then the mildest night.
    return sorted(
        results,
        key=lambda r: (
            -r.available,
            sum(e.count for e in r.attending_nights),
            sum(g.people for g in r.night_groups),
            -r.yes,
            r.worst_minutes,
            r.slot.start,
        ),
    )


def poll_summary(*, poll: AvailabilityPoll) -> PollResults:
    """The results without names, from SQL aggregates: counts per slot, and for each slot how many
    it puts at night in each place (grouped by what they answered); ranked as `poll_results`.
    Three queries, and Python work bounded by zones × slots, whatever the number of people."""
    slots = list(poll.slots.all())
    people = list(
        poll.invitees.filter(revoked_at__isnull=True)
        .annotate(zone=invitee_zone(), hours_user=invitee_hours_user())
        .values("zone", "hours_user")
        .annotate(n=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
        .order_by()
    )
    # Per zone for those who set no hours; per person (their user id) for those who did.
    invited_in = {(row["zone"] or "", row["hours_user"]): row["n"] for row in people}
    counts = Counter()  # (slot id, zone, user id with hours or None, answer) → votes
    for row in (
        Vote.objects.filter(invitee__poll=poll, invitee__revoked_at__isnull=True)
        .annotate(zone=invitee_zone("invitee__"), hours_user=invitee_hours_user("invitee__"))
        .values("slot_id", "zone", "hours_user", "answer")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["slot_id"], row["zone"] or "", row["hours_user"], row["answer"]] += row["n"]
    hours_of = _call_hours(user_id for _zone, user_id in invited_in)
    night = _NightClock(poll)
    results = []
    for slot in slots:
        result = SlotResult(slot=slot, end=moment_after(slot.start, poll.duration))
        nights = {NightGroup.ATTENDING: [], NightGroup.DECLINED: [], NightGroup.WAITING: []}
        for (zone, user_id), invited in invited_in.items():
            yes, maybe, no = (
                counts[slot.pk, zone, user_id, answer]
                for answer in (Answer.YES, Answer.IF_NEED_BE, Answer.NO)
            )
            result.yes, result.maybe, result.no = result.yes + yes, result.maybe + maybe, result.no + no
            if not zone:
                continue
            hours = hours_of.get(user_id)
            judgement = night(slot, zone, hours)
            if judgement is None:
                continue
            for who, n in (
                (NightGroup.ATTENDING, yes + maybe),
                (NightGroup.DECLINED, no),
                (NightGroup.WAITING, invited - yes - maybe - no),
            ):
                if n > 0:
                    person = hours.user.name if hours is not None else None
                    nights[who].append(_entry(judgement, zone, count=n, person=person))
            if yes + maybe:
                result.worst_minutes = max(result.worst_minutes, judgement.minutes)
        _set_nights(result, nights, named=True)
        results.append(result)
    ranking = _rank(results)
    for result in ranking[:STRIPS_FOR]:
        result.strips, result.strips_named = slot_strips(result.slot, result.end, invited_in, hours_of, night)
    return PollResults(
        poll=poll,
        slots=results,
        ranking=ranking,
        invited=sum(invited_in.values()),
        answered=sum(row["answered"] for row in people),
    )


# A poll's summary is kept this long at most; any change to a poll, a slot, an invitation or a vote
# makes a new "polls" version, hence a new key, at once (common/versions.py).
SUMMARY_SECONDS = 600


def poll_summary_cached(*, poll: AvailabilityPoll, version: str) -> PollResults:
    """`poll_summary`, read from the cache under the polls' `version` (no query when it is there).
    Nothing in it depends on the reader: counts, and local times in each participant's own zone;
    the pages translate and convert to the reader's zone when they render it."""
    key = f"schedule:poll-summary:{poll.pk}:{version}"
    results = cache.get(key)
    if results is None:
        results = poll_summary(poll=poll)
        cache.set(key, replace(results, poll=None), SUMMARY_SECONDS)  # the poll is the caller's
    results.poll = poll
    return results


def _set_nights(result: SlotResult, nights: dict, *, named: bool) -> None:
    result.attending_nights = _night_entries(nights[NightGroup.ATTENDING], named=named)
    result.declined_nights = _night_entries(nights[NightGroup.DECLINED], named=named)
    result.waiting_nights = _night_entries(nights[NightGroup.WAITING], named=named)


def _hours_of(invitee: Invitee) -> CallHours | None:
    """The invitee's call hours, loaded with them (select_related); None for a guest or no hours."""
    if not invitee.user_id:
        return None
    try:
        return invitee.user.call_hours
    except CallHours.DoesNotExist:
        return None


def poll_results(*, poll: AvailabilityPoll, show_names: bool) -> PollResults:
    """Counts per slot and, for each slot, whom it puts at night (between 22:00 and 07:00 in their
    own zone): among those who can attend, who said no and who have not answered; ranked by
    attendance, then fairness. With every participant and answer loaded: for the emails to those
    who run the poll (in the worker) and small reads; the pages use `poll_summary`.
    Three queries whatever the number of participants and slots."""
    slots = list(poll.slots.all())
    invitees = list(poll.invitees.filter(revoked_at__isnull=True).select_related("user__call_hours"))
    answers = {
        (invitee_id, slot_id): answer
        for invitee_id, slot_id, answer in Vote.objects.filter(
            invitee__poll=poll, invitee__revoked_at__isnull=True
        ).values_list("invitee_id", "slot_id", "answer")
    }
    night = _NightClock(poll)
    results = []
    for slot in slots:
        result = SlotResult(slot=slot, end=moment_after(slot.start, poll.duration))
        nights = {NightGroup.ATTENDING: [], NightGroup.DECLINED: [], NightGroup.WAITING: []}
        for invitee in invitees:
            answer = answers.get((invitee.pk, slot.pk))
            if answer == Answer.YES:
                result.yes += 1
            elif answer == Answer.IF_NEED_BE:
                result.maybe += 1
            elif answer == Answer.NO:
                result.no += 1
            if not invitee.time_zone:
                continue
            judgement = night(slot, invitee.time_zone, _hours_of(invitee))
            if judgement is None:
                continue
            who = (
                NightGroup.DECLINED
                if answer == Answer.NO
                else NightGroup.WAITING
                if answer is None
                else NightGroup.ATTENDING
            )
            nights[who].append(
                _entry(judgement, invitee.time_zone, name=invitee.display_name if show_names else None)
            )
            if who == NightGroup.ATTENDING:
                result.worst_minutes = max(result.worst_minutes, judgement.minutes)
        _set_nights(result, nights, named=show_names)
        results.append(result)
    return PollResults(
        poll=poll,
        slots=results,
        ranking=_rank(results),
        invited=len(invitees),
        answered=sum(1 for i in invitees if i.answered_at),
        participants=invitees,
        answers=answers,
    )


# Who answered what, a page at a time: 25 people × 20 slots is about 30 KB of table (50 made 60 KB).
ANSWERS_PER_PAGE = 25
NIGHT_PEOPLE_PER_PAGE = 50


def answer_page_number(*, invited: int, page_number) -> tuple[int, int]:
    """The grid's page to show and how many there are, for `invited` people: `page_number` may be
    anything a URL carries (junk gives the first page, too far the last, as Paginator.get_page)."""
    page = Paginator(range(invited), ANSWERS_PER_PAGE).get_page(page_number)
    return page.number, page.paginator.num_pages


def poll_answer_page(
    *, poll: AvailabilityPoll, slots: list[Slot], number: int
) -> list[tuple[Invitee, list[str]]]:
    """Page `number` of the answers grid: ANSWERS_PER_PAGE people in the order they were invited,
    each with their answer per slot in slot order ("" for none). The same for every reader (the
    page shows the reader's own row first, apart); two queries."""
    start = (number - 1) * ANSWERS_PER_PAGE
    people = list(
        poll.invitees.filter(revoked_at__isnull=True)
        .select_related("user")
        .order_by("created_at", "id")[start : start + ANSWERS_PER_PAGE]
    )
    answers = {
        (invitee_id, slot_id): answer
        for invitee_id, slot_id, answer in Vote.objects.filter(
            invitee_id__in=[person.pk for person in people]
        ).values_list("invitee_id", "slot_id", "answer")
    }
    return [(person, [answers.get((person.pk, slot.pk), "") for slot in slots]) for person in people]


@dataclass
class NightPerson:
    name: str
    zone: str
    local: datetime
    minutes: int
    answer: str  # "" for not yet
    judgement: Judgement | None = None

    @property
    def place(self) -> str:
        return zone_place(self.zone)

    @property
    def clock(self) -> str:
        """Their local time, as the ranking says it (not converted to the reader's zone)."""
        return clock_text(self.local)

    @property
    def words(self) -> str:
        """For someone outside the hours they set: the ranking's words ('before 09:00 for Hiroshi
        (Tokyo 08:00)'); "" for the night (the page writes name, place and time)."""
        if self.judgement is None or self.judgement.reason == Reason.NIGHT:
            return ""
        return str(_entry(self.judgement, self.zone, name=self.name))


def slot_night_people(*, poll: AvailabilityPoll, slot: Slot, page_number) -> Page:
    """A page of the people a slot puts at night or outside their hours, worst off first, with what
    they answered: the names behind the ranking's counts, for those who may see names. Four queries
    (zones, count, page, none for the answers: a subquery), five when someone set hours."""
    night = _NightClock(poll)
    keys = set(
        poll.invitees.filter(revoked_at__isnull=True)
        .annotate(zone=invitee_zone(), hours_user=invitee_hours_user())
        .order_by()
        .values_list("zone", "hours_user")
        .distinct()
    )
    hours_of = _call_hours(user_id for _zone, user_id in keys)
    judged = {(zone, user_id): night(slot, zone, hours_of.get(user_id)) for zone, user_id in keys if zone}
    judged = {key: judgement for key, judgement in judged.items() if judgement is not None}
    by_zone = {zone: j for (zone, user_id), j in judged.items() if user_id is None}
    by_person = {user_id: j for (_zone, user_id), j in judged.items() if user_id is not None}
    people = (
        poll.invitees.filter(revoked_at__isnull=True)
        .annotate(zone=invitee_zone(), hours_user=invitee_hours_user())
        .filter(Q(hours_user__isnull=True, zone__in=list(by_zone)) | Q(hours_user__in=list(by_person)))
        .annotate(
            night_minutes=Case(
                *(When(hours_user=user_id, then=Value(j.minutes)) for user_id, j in by_person.items()),
                *(When(zone=zone, then=Value(j.minutes)) for zone, j in by_zone.items()),
                default=Value(0),
                output_field=IntegerField(),
            ),
            slot_answer=Subquery(Vote.objects.filter(invitee=OuterRef("pk"), slot=slot).values("answer")[:1]),
        )
        .select_related("user")
        .order_by("-night_minutes", "zone", "id")
    )
    page = Paginator(people, NIGHT_PEOPLE_PER_PAGE).get_page(page_number)
    page.object_list = [
        NightPerson(
            name=invitee.display_name,
            zone=invitee.zone,
            local=judgement.local,
            minutes=invitee.night_minutes,
            answer=invitee.slot_answer or "",
            judgement=judgement,
        )
        for invitee in page.object_list
        for judgement in [by_person[invitee.hours_user] if invitee.hours_user else by_zone[invitee.zone]]
    ]
    return page
