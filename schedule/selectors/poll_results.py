"""An availability poll's results: counts per slot, whom each slot puts at night, and the ranking."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
        listed = ", ".join(map(str, self.shown))
        return f"{self.label}: {listed}" + (f", {self.more_text()}" if self.more else "")

    def full(self) -> str:
        return f"{self.label}: " + ", ".join(map(str, self.entries))


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
    poll: AvailabilityPoll
    slots: list[SlotResult]
    ranking: list[SlotResult]
    participants: list[Invitee]
    answers: dict  # (invitee id, slot id) → answer
    answered: int

    @property
    def grid(self):
        """[(participant, [answer or "" per slot, in slot order])] for the results table."""
        return [
            (person, [self.answers.get((person.pk, r.slot.pk), "") for r in self.slots])
            for person in self.participants
        ]

    @property
    def response_rate(self):
        return round(100 * self.answered / len(self.participants)) if self.participants else 0


def poll_results(*, poll: AvailabilityPoll, show_names: bool) -> PollResults:
    """Counts per slot and, for each slot, whom it puts at night (between 22:00 and 07:00 in their
    own zone): among those who can attend, who said no and who have not answered; ranked by
    attendance, then fairness.
    Three queries whatever the number of participants and slots."""
    slots = list(poll.slots.all())
    invitees = list(poll.invitees.filter(revoked_at__isnull=True).select_related("user"))
    answers = {
        (v.invitee_id, v.slot_id): v.answer
        for v in Vote.objects.filter(invitee__poll=poll, invitee__revoked_at__isnull=True)
    }
    results = []
    for slot in slots:
        end = moment_after(slot.start, poll.duration)
        result = SlotResult(slot=slot, end=end)
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
            local, minutes = slot_discomfort(slot.start, end, invitee.time_zone)
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
        result.attending_nights = _night_entries(nights[NightGroup.ATTENDING], named=show_names)
        result.declined_nights = _night_entries(nights[NightGroup.DECLINED], named=show_names)
        result.waiting_nights = _night_entries(nights[NightGroup.WAITING], named=show_names)
        results.append(result)
    # Most can attend; then the fewest kept up at night among them; then the fewest at night among
    # all invited (night may be why someone said no); then most yes; then the mildest night.
    ranking = sorted(
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
    return PollResults(
        poll=poll,
        slots=results,
        ranking=ranking,
        participants=invitees,
        answers=answers,
        answered=sum(1 for i in invitees if i.answered_at),
    )
