"""Reading series of calls: the rotations a poll's result allows, with what each does to each
person, and a series' calls with each person's count of bad ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.shortcuts import get_object_or_404

from accounts.models import CallHours

from .. import rotation
from ..fairness import slot_judgement, zone_place
from ..models import AvailabilityPoll, Meeting, MeetingAttendee, MeetingSeries, Slot

# How many rotations the series page offers, best first.
PROPOSALS_SHOWN = 5


@dataclass(frozen=True)
class Person:
    name: str
    zone: str
    user_id: int | None

    @property
    def place(self) -> str:
        return zone_place(self.zone)


@dataclass(frozen=True)
class PersonCount:
    """One person's bad calls in a series: `bad` of `calls`."""

    name: str
    zone: str
    user_id: int | None
    bad: int
    calls: int

    @property
    def place(self) -> str:
        """'Buenos Aires' for America/Argentina/Buenos_Aires: the table stays narrow on a phone."""
        return zone_place(self.zone)


def _is_bad(hours_of: dict[int, CallHours]):
    """The rotation's predicate: a person is (zone, user id or None); bad = night, or outside their
    own call hours when they set some (schedule/fairness.py)."""

    def is_bad(profile, start: datetime, end: datetime) -> bool:
        zone, user_id = profile
        return slot_judgement(start, end, zone, hours_of.get(user_id)) is not None

    return is_bad


def _hours(user_ids) -> dict[int, CallHours]:
    ids = {pk for pk in user_ids if pk is not None}
    return {h.user_id: h for h in CallHours.objects.filter(user_id__in=ids)} if ids else {}


def poll_people(*, poll: AvailabilityPoll) -> list[Person]:
    """Those the series is for: the poll's invitees (not withdrawn), with their zones."""
    invitees = poll.invitees.filter(revoked_at__isnull=True).select_related("user")
    return [Person(i.display_name, i.time_zone or "UTC", i.user_id) for i in invitees]


def candidate_calls(
    *, poll: AvailabilityPoll, slots: list[Slot], every_weeks: int, count: int
) -> list[tuple[rotation.Occurrence, ...]]:
    """Each candidate slot's calls, keeping its wall-clock time in the zone the poll was entered in."""
    return [
        rotation.series_occurrences(
            slot.start,
            slot.start + poll.duration,
            every_weeks=every_weeks,
            count=count,
            zone=poll.entered_time_zone,
        )
        for slot in slots
    ]


def calls_until(*, poll: AvailabilityPoll, slots: list[Slot], every_weeks: int, until: date) -> int:
    """How many calls a series of these slots has up to `until` (inclusive, in the poll's zone): the
    calls whose every candidate starts on or before that day."""
    calls = candidate_calls(poll=poll, slots=slots, every_weeks=every_weeks, count=rotation.MAX_OCCURRENCES)
    zone = ZoneInfo(poll.entered_time_zone or "UTC")
    return sum(
        all(candidate[k][0].astimezone(zone).date() <= until for candidate in calls)
        for k in range(rotation.MAX_OCCURRENCES)
    )


def series_proposals(
    *, poll: AvailabilityPoll, slots: list[Slot], every_weeks: int, count: int, limit: int = PROPOSALS_SHOWN
) -> tuple[list[Person], list[rotation.Proposal]]:
    """The poll's people and the rotations of `slots`, best first (schedule/rotation.py), each with
    every person's count of calls at night or outside their hours."""
    people = poll_people(poll=poll)
    hours_of = _hours(p.user_id for p in people)
    candidates = candidate_calls(poll=poll, slots=slots, every_weeks=every_weeks, count=count)
    proposals = rotation.propose_rotations(
        candidates,
        [(p.zone, p.user_id if p.user_id in hours_of else None) for p in people],
        is_bad=_is_bad(hours_of),
        limit=limit,
    )
    return people, proposals


def series_get(*, pk: int) -> MeetingSeries:
    return get_object_or_404(MeetingSeries.objects.select_related("team__cycle", "poll"), pk=pk)


def series_meetings(*, series: MeetingSeries) -> list[Meeting]:
    return list(series.meetings.order_by("position", "start", "id"))


def series_counts(
    *, series: MeetingSeries, meetings: list[Meeting], only_user_id: int | None = None
) -> list[PersonCount]:
    """Each attendee of the series' calls (not cancelled), with how many of their calls are at night
    or outside their hours; the most burdened first. Three queries, however many calls. With
    `only_user_id`, that person's line alone (what a member who does not run the series sees): their
    rows only are read. People without hours in one zone share each call's judgement, so a team of
    300 in a dozen zones costs a dozen judgements a call, not 300."""
    held = {m.pk: m for m in meetings if not m.is_cancelled}
    attendees = MeetingAttendee.objects.filter(meeting_id__in=held).select_related("user")
    if only_user_id is not None:
        attendees = attendees.filter(user_id=only_user_id)
    attendees = list(attendees)
    hours_of = _hours(a.user_id for a in attendees)
    is_bad = _is_bad(hours_of)
    judged: dict[tuple, bool] = {}
    people: dict[tuple, list[int]] = {}
    names: dict[tuple, tuple[str, str, int | None]] = {}
    for attendee in attendees:
        key = (attendee.user_id,) if attendee.user_id else ("guest", attendee.email)
        meeting = held[attendee.meeting_id]
        zone = attendee.zone_name
        own = attendee.user_id if attendee.user_id in hours_of else None
        verdict = (zone, own, meeting.pk)
        if verdict not in judged:
            judged[verdict] = is_bad((zone, own), meeting.start, meeting.end)
        people.setdefault(key, []).append(int(judged[verdict]))
        names[key] = (str(attendee.display_name), zone, attendee.user_id)
    rows = [PersonCount(*names[key], bad=sum(marks), calls=len(marks)) for key, marks in people.items()]
    return sorted(rows, key=lambda r: (-r.bad, r.name))
