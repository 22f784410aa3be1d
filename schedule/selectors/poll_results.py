"""An availability poll's results: counts per slot, whom each slot puts at night, and the ranking."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.lists import joined
from common.timezones import moment_after, plain_when

from ..enums import Answer
from ..fairness import slot_discomfort, zone_place
from ..models import AvailabilityPoll, Invitee, Slot, Vote

# How many people (or places) a group of the ranking's line names before "and N more".
SHOWN_AT_NIGHT = 3


@dataclass(frozen=True)
class NightEntry:
    """Someone for whom a slot falls at night: their name (None where names are hidden), their
    local start, their zone, and how many share the place and time when names are hidden."""

    name: str | None
    local: datetime
    zone: str
    minutes: int
    count: int = 1

    def __str__(self):
        clock = f"{zone_place(self.zone)} {self.local:%H:%M}"
        if self.name:
            return f"{self.name} ({clock})"
        return f"{clock} ×{self.count}" if self.count > 1 else clock


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
        if self.who == self.ATTENDING:
            return ngettext("night for %(n)d who can attend", "night for %(n)d who can attend", n) % {"n": n}
        if self.who == self.DECLINED:
            return ngettext("night for %(n)d who said no", "night for %(n)d who said no", n) % {"n": n}
        return ngettext("night for %(n)d yet to answer", "night for %(n)d yet to answer", n) % {"n": n}

    @property
    def shown(self) -> list[NightEntry]:
        return self.entries[:SHOWN_AT_NIGHT]

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
        counts = Counter((e.zone, f"{e.local:%H:%M}") for e in entries)
        firsts = {}
        for entry in entries:
            firsts.setdefault((entry.zone, f"{entry.local:%H:%M}"), entry)
        entries = [replace(entry, count=counts[key]) for key, entry in firsts.items()]
    return sorted(entries, key=lambda e: (-e.minutes, -e.count, e.name or "", zone_place(e.zone)))


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


class _NightClock:
    """The night check once per (zone, slot), not per person: people in the same zone share it."""

    def __init__(self, poll: AvailabilityPoll):
        self.duration = poll.duration
        self.known: dict[tuple[str, int], tuple[datetime, int]] = {}

    def __call__(self, slot: Slot, zone: str) -> tuple[datetime, int]:
        key = (zone, slot.pk)
        if key not in self.known:
            self.known[key] = slot_discomfort(slot.start, moment_after(slot.start, self.duration), zone)
        return self.known[key]


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
        .annotate(zone=invitee_zone())
        .values("zone")
        .annotate(n=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
        .order_by()
    )
    invited_in = {row["zone"] or "": row["n"] for row in people}
    counts = Counter()  # (slot id, zone, answer) → votes
    for row in (
        Vote.objects.filter(invitee__poll=poll, invitee__revoked_at__isnull=True)
        .annotate(zone=invitee_zone("invitee__"))
        .values("slot_id", "zone", "answer")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["slot_id"], row["zone"] or "", row["answer"]] += row["n"]
    night = _NightClock(poll)
    results = []
    for slot in slots:
        result = SlotResult(slot=slot, end=moment_after(slot.start, poll.duration))
        nights = {NightGroup.ATTENDING: [], NightGroup.DECLINED: [], NightGroup.WAITING: []}
        for zone, invited in invited_in.items():
            yes, maybe, no = (
                counts[slot.pk, zone, answer] for answer in (Answer.YES, Answer.IF_NEED_BE, Answer.NO)
            )
            result.yes, result.maybe, result.no = result.yes + yes, result.maybe + maybe, result.no + no
            if not zone:
                continue
            local, minutes = night(slot, zone)
            if not minutes:
                continue
            for who, n in (
                (NightGroup.ATTENDING, yes + maybe),
                (NightGroup.DECLINED, no),
                (NightGroup.WAITING, invited - yes - maybe - no),
            ):
                if n > 0:
                    nights[who].append(NightEntry(None, local, zone, minutes, count=n))
            if yes + maybe:
                result.worst_minutes = max(result.worst_minutes, minutes)
        _set_nights(result, nights, named=True)
        results.append(result)
    return PollResults(
        poll=poll,
        slots=results,
        ranking=_rank(results),
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


def poll_results(*, poll: AvailabilityPoll, show_names: bool) -> PollResults:
    """Counts per slot and, for each slot, whom it puts at night (between 22:00 and 07:00 in their
    own zone): among those who can attend, who said no and who have not answered; ranked by
    attendance, then fairness. With every participant and answer loaded: for the emails to those
    who run the poll (in the worker) and small reads; the pages use `poll_summary`.
    Three queries whatever the number of participants and slots."""
    slots = list(poll.slots.all())
    invitees = list(poll.invitees.filter(revoked_at__isnull=True).select_related("user"))
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
            local, minutes = night(slot, invitee.time_zone)
            if not minutes:
                continue
            who = (
                NightGroup.DECLINED
                if answer == Answer.NO
                else NightGroup.WAITING
                if answer is None
                else NightGroup.ATTENDING
            )
            nights[who].append(
                NightEntry(invitee.display_name if show_names else None, local, invitee.time_zone, minutes)
            )
            if who == NightGroup.ATTENDING:
                result.worst_minutes = max(result.worst_minutes, minutes)
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

    @property
    def place(self) -> str:
        return zone_place(self.zone)

    @property
    def clock(self) -> str:
        """Their local time, as the ranking says it (not converted to the reader's zone)."""
        return f"{self.local:%H:%M}"


def slot_night_people(*, poll: AvailabilityPoll, slot: Slot, page_number) -> Page:
    """A page of the people a slot puts at night, worst off first, with what they answered: the
    names behind the ranking's counts, for those who may see names. Four queries (zones, count,
    page, none for the answers: a subquery)."""
    night = _NightClock(poll)
    zones = set(
        poll.invitees.filter(revoked_at__isnull=True)
        .annotate(zone=invitee_zone())
        .order_by()
        .values_list("zone", flat=True)
        .distinct()
    )
    minutes = {zone: night(slot, zone) for zone in zones if zone}
    at_night = {zone: m for zone, (_local, m) in minutes.items() if m}
    people = (
        poll.invitees.filter(revoked_at__isnull=True)
        .annotate(zone=invitee_zone())
        .filter(zone__in=list(at_night))
        .annotate(
            night_minutes=Case(
                *(When(zone=zone, then=Value(m)) for zone, m in at_night.items()),
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
            local=minutes[invitee.zone][0],
            minutes=invitee.night_minutes,
            answer=invitee.slot_answer or "",
        )
        for invitee in page.object_list
    ]
    return page
