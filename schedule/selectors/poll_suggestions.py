"""Suggested answers: a poll's voting form filled in for the person from their call hours, their
busy times and the igfmag meetings already fixed for them; they confirm or change them.

Design: a suggestion is never stored. It is worked out when the voting form is shown, for the reader
alone and only in the part of the page that is theirs (never in the poll page's shared cache), and
it becomes a Vote only when the person sends the form ("Confirm my answers"): a confirmed answer is
a normal vote. The results and the ranking count Vote rows, so they count only confirmed answers
with nothing to filter; nobody else ever sees someone's suggestions, nor the meetings behind them.
A stored vote is never changed here: where a meeting fixed since then overlaps a slot someone said
yes or if need be to, the form shows the slot as taken and asks them to review their answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Min
from django.utils.translation import gettext as _

from accounts.models import CallHours
from common.timezones import moment_after, plain_when

from ..enums import Answer, MeetingResponse, MeetingStatus
from ..fairness import Reason, slot_judgement
from ..models import BusyCalendar, MeetingAttendee
from .busy import busy_intervals
from .poll_results import NightEntry

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class FixedMeeting:
    """An igfmag meeting the person attends: its title and times (UTC)."""

    title: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Suggestion:
    """The answer suggested for a slot and why, in words; `meeting`: the fixed meeting overlapping
    it (the slot is taken), None otherwise."""

    answer: str
    reason: str
    meeting: FixedMeeting | None = None


def _overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    return start < other_end and other_start < end


def hours_words(judgement, zone_name: str) -> str:
    """Why a slot is outside someone's hours, in the words of the poll's ranking (their own zone)."""
    entry = NightEntry(
        name=None,
        local=judgement.local,
        zone=zone_name,
        minutes=judgement.minutes,
        reason=judgement.reason,
        limit=judgement.limit,
    )
    if judgement.reason == Reason.NIGHT:
        return _("at night, %(clock)s") % {"clock": str(entry)}
    return str(entry)


def suggest(
    start: datetime,
    end: datetime,
    *,
    zone_name: str,
    hours: CallHours | None,
    meetings: list[FixedMeeting] = (),
    busy: list[Interval] = (),
) -> Suggestion:
    """The answer to suggest for a slot from `start` to `end` (UTC), pure: no, with the meeting, when
    an igfmag meeting of theirs overlaps it; no when a busy time does; if need be when it is outside
    their hours (schedule/fairness.slot_judgement); yes otherwise."""
    for meeting in meetings:
        if _overlaps(start, end, meeting.start, meeting.end):
            return Suggestion(
                Answer.NO,
                _("you have a meeting then (%(title)s, %(when)s)")
                % {"title": meeting.title, "when": plain_when(meeting.start, end=meeting.end)},
                meeting,
            )
    if any(_overlaps(start, end, busy_start, busy_end) for busy_start, busy_end in busy):
        return Suggestion(Answer.NO, _("busy in your calendar"))
    judgement = slot_judgement(start, end, zone_name, hours)
    if judgement is not None:
        return Suggestion(
            Answer.IF_NEED_BE, _("outside your hours (%(why)s)") % {"why": hours_words(judgement, zone_name)}
        )
    return Suggestion(Answer.YES, _("free, and within your hours"))


def fixed_meetings(
    *, user_id: int, start: datetime, end: datetime, poll_id: int | None = None
) -> list[FixedMeeting]:
    """The scheduled meetings `user_id` attends (not those they declined) that overlap `start` to
    `end`, but the meeting of poll `poll_id` itself: one query."""
    rows = (
        MeetingAttendee.objects.filter(
            user_id=user_id,
            meeting__start__lt=end,
            meeting__end__gt=start,
            meeting__status=MeetingStatus.SCHEDULED,
        )
        .exclude(response__in=[MeetingResponse.NOT_ATTENDING, MeetingResponse.APOLOGIES])
        .order_by("meeting__start")
        .values_list("meeting__title", "meeting__start", "meeting__end", "meeting__poll_id")
    )
    return [
        FixedMeeting(title, s, e) for title, s, e, of_poll in rows if poll_id is None or of_poll != poll_id
    ]


@dataclass(frozen=True)
class SuggestionInputs:
    """What a person's suggestions in a poll are made of, but their busy times: their call hours
    (None: the default, not at night) and their meetings in the poll's span. Kept with what the
    reader is to the poll (selectors.polls.PollReader), under the same versions: a change to their
    hours ("people") or to a meeting ("meetings") makes it anew. `has_busy`: whether they gave a
    busy calendar (adding or removing one moves "people", a fetch does not): only then does a page
    ask for their busy times, fresh, one query; everyone else's warm page asks nothing more."""

    hours: CallHours | None
    meetings: tuple[FixedMeeting, ...]
    has_busy: bool = False


def suggestion_inputs(poll, user_id: int) -> SuggestionInputs:
    """The hours of `user_id` and their meetings between the poll's first slot and its last slot's
    end, and whether they gave a busy calendar: four queries, however many slots and meetings."""
    span = poll.slots.aggregate(first=Min("start"), last=Max("start"))
    hours = CallHours.objects.filter(user_id=user_id).first()
    has_busy = BusyCalendar.objects.filter(user_id=user_id).exists()
    if span["first"] is None:
        return SuggestionInputs(hours, (), has_busy)
    end = moment_after(span["last"], poll.duration)
    return SuggestionInputs(
        hours, tuple(fixed_meetings(user_id=user_id, start=span["first"], end=end, poll_id=poll.pk)), has_busy
    )


def suggested_answers(
    poll,
    invitee,
    *,
    slots: list[tuple[int, datetime]],
    zone_name: str,
    inputs: SuggestionInputs,
    busy: list[Interval] = (),
) -> dict[int, Suggestion]:
    """Per slot id, the answer suggested to `invitee` (a user's invitation; a guest gets none: {})
    for `slots` (id, UTC start) of `poll`, from `inputs` (suggestion_inputs) and `busy`: no query."""
    if invitee is None or invitee.user_id is None or inputs is None:
        return {}
    duration = poll.duration
    return {
        pk: suggest(
            start,
            moment_after(start, duration),
            zone_name=zone_name,
            hours=inputs.hours,
            meetings=inputs.meetings,
            busy=busy,
        )
        for pk, start in slots
    }


def suggestions_for(
    poll, invitee, *, slots: list[tuple[int, datetime]], zone_name: str, inputs: SuggestionInputs | None
) -> dict[int, Suggestion]:
    """`suggested_answers` with the person's busy times (selectors.busy.busy_intervals: one query,
    only for someone who gave a busy calendar)."""
    if invitee is None or invitee.user_id is None or inputs is None or not slots:
        return {}
    starts = [start for _pk, start in slots]
    busy = (
        busy_intervals([invitee.user_id], min(starts), moment_after(max(starts), poll.duration))
        if inputs.has_busy
        else {}
    )
    return suggested_answers(
        poll, invitee, slots=slots, zone_name=zone_name, inputs=inputs, busy=busy.get(invitee.user_id, ())
    )
