"""Reads of the schedule, each in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from common.timezones import moment_after, plain_when
from teams.enums import FacilitatorStatus
from teams.models import Cycle, IssueTeam

from .enums import Answer, MilestoneStatus
from .fairness import slot_discomfort, zone_place
from .models import (
    AvailabilityPoll,
    Deliverable,
    Invitee,
    Meeting,
    MeetingAttendee,
    Milestone,
    PollComment,
    Slot,
    Vote,
)


def _with_scope(milestones: QuerySet[Milestone]) -> QuerySet[Milestone]:
    return milestones.prefetch_related(Prefetch("teams", queryset=IssueTeam.objects.select_related("area")))


def _my_team_ids(user: User) -> set[int]:
    return set(user.memberships.values_list("team_id", flat=True)) if user.is_authenticated else set()


def _concerns(milestone: Milestone, team_ids: set[int]) -> bool:
    return milestone.all_teams or any(t.pk in team_ids for t in milestone.teams.all())


@dataclass
class Timeline:
    upcoming: list[Milestone]
    past: list[Milestone]


def timeline_for(*, user: User, cycle: Cycle) -> Timeline:
    """The cycle's published milestones (drafts too for the secretariat); each with `is_mine`."""
    milestones = Milestone.objects.filter(cycle=cycle)
    if not user.is_secretariat:
        milestones = milestones.filter(status=MilestoneStatus.PUBLISHED)
    team_ids = _my_team_ids(user)
    now = timezone.now()
    upcoming, past = [], []
    for milestone in _with_scope(milestones):
        milestone.is_mine = _concerns(milestone, team_ids)
        (upcoming if milestone.due_at > now else past).append(milestone)
    past.reverse()
    return Timeline(upcoming=upcoming, past=past)


def public_milestones(*, cycle: Cycle) -> list[Milestone]:
    return list(
        _with_scope(Milestone.objects.filter(cycle=cycle, status=MilestoneStatus.PUBLISHED, is_public=True))
    )


def due_next_for(*, user: User, limit: int = 8) -> list[Milestone]:
    """The next published milestones that concern my teams, each with `my_deliverables`."""
    team_ids = _my_team_ids(user)
    if not team_ids:
        return []
    candidates = _with_scope(
        Milestone.objects.filter(
            status=MilestoneStatus.PUBLISHED, due_at__gt=timezone.now(), cycle__teams__in=team_ids
        ).distinct()
    ).prefetch_related(
        Prefetch(
            "deliverables",
            queryset=Deliverable.objects.filter(team__in=team_ids).select_related("team__area"),
        )
    )
    mine = [m for m in candidates if _concerns(m, team_ids)][:limit]
    for milestone in mine:
        milestone.my_deliverables = list(milestone.deliverables.all())
    return mine


def milestone_get(*, pk: int, user: User) -> Milestone:
    milestones = Milestone.objects.select_related("cycle")
    if not user.is_authenticated or not user.is_secretariat:
        milestones = milestones.filter(status=MilestoneStatus.PUBLISHED)
    return get_object_or_404(milestones, pk=pk)


def milestone_deliverables(*, milestone: Milestone) -> list[Deliverable]:
    return list(milestone.deliverables.select_related("team__area").order_by("team__area__name"))


@dataclass
class Matrix:
    milestones: list[Milestone]
    rows: list[tuple[IssueTeam, list[Deliverable | None]]]


def deliverable_matrix(*, cycle: Cycle) -> Matrix:
    """Teams × deadlines that ask for deliverables, with each cell's deliverable (three queries)."""
    milestones = list(
        Milestone.objects.filter(cycle=cycle, requires_deliverable=True, status=MilestoneStatus.PUBLISHED)
    )
    teams = list(IssueTeam.objects.filter(cycle=cycle).select_related("area", "cycle"))
    cells = {
        (d.team_id, d.milestone_id): d
        for d in Deliverable.objects.filter(milestone__in=milestones).select_related("milestone")
    }
    return Matrix(
        milestones=milestones,
        rows=[(team, [cells.get((team.pk, m.pk)) for m in milestones]) for team in teams],
    )


def deliverable_get(*, pk: int) -> Deliverable:
    return get_object_or_404(
        Deliverable.objects.select_related("milestone", "team__area", "team__cycle"), pk=pk
    )


def public_feed_milestones() -> list[Milestone]:
    return list(
        Milestone.objects.filter(
            status=MilestoneStatus.PUBLISHED, is_public=True, cycle__is_current=True
        ).select_related("cycle")
    )


def feed_milestones_for(*, user: User) -> list[Milestone]:
    team_ids = _my_team_ids(user)
    milestones = _with_scope(
        Milestone.objects.filter(status=MilestoneStatus.PUBLISHED, cycle__is_current=True)
    )
    return [m for m in milestones if _concerns(m, team_ids)]


# --- Availability polls and meetings ---------------------------------------------------------

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


def poll_get(*, pk: int) -> AvailabilityPoll:
    return get_object_or_404(
        AvailabilityPoll.objects.select_related("team__area", "team__cycle", "created_by", "meeting"), pk=pk
    )


def poll_slots_with_answer_counts(*, poll: AvailabilityPoll) -> list[Slot]:
    """The poll's slots, each with `answer_count` (one query)."""
    return list(poll.slots.annotate(answer_count=Count("votes")).order_by("start", "id"))


def invitee_for(*, poll: AvailabilityPoll, user: User) -> Invitee | None:
    if not user.is_authenticated:
        return None
    return poll.invitees.filter(user=user, revoked_at__isnull=True).select_related("user").first()


def guest_invitee_get(*, token: str) -> Invitee:
    """The guest a link belongs to, withdrawn or not (polls.guest_link_state says what the link
    may still do); 404 for an unknown link, saying nothing of any poll or person."""
    return get_object_or_404(
        Invitee.objects.select_related("poll__team__area", "poll__team__cycle"),
        token=token,
        user__isnull=True,
    )


def poll_guests(*, poll: AvailabilityPoll) -> list[Invitee]:
    """The poll's guests, withdrawn ones included, for those who run it (one query)."""
    return list(poll.invitees.filter(user__isnull=True).order_by("email"))


def poll_guest_get(*, poll: AvailabilityPoll, pk: int) -> Invitee:
    return get_object_or_404(Invitee.objects.select_related("poll"), poll=poll, pk=pk, user__isnull=True)


def my_votes(*, invitee: Invitee | None) -> dict[int, str]:
    if invitee is None:
        return {}
    return dict(invitee.votes.values_list("slot_id", "answer"))


def poll_comments(*, poll: AvailabilityPoll) -> list[PollComment]:
    return list(poll.comments.select_related("invitee__user"))


@dataclass
class PollDashboard:
    waiting: list[AvailabilityPoll]
    running: list[AvailabilityPoll]
    meetings: list[Meeting]


def polls_for_dashboard(*, user: User) -> PollDashboard:
    """Polls waiting for my answer, polls I run with their response rate, my upcoming meetings."""
    from .enums import MeetingStatus, PollStatus

    now = timezone.now()
    waiting = list(
        AvailabilityPoll.objects.filter(
            status=PollStatus.OPEN,
            deadline__gt=now,
            invitees__user=user,
            invitees__answered_at__isnull=True,
            invitees__revoked_at__isnull=True,
        )
        .select_related("team__area")
        .order_by("deadline")
    )
    led_teams = user.facilitator_roles.filter(status=FacilitatorStatus.CONFIRMED).values("team_id")
    running = list(
        AvailabilityPoll.objects.filter(status__in=[PollStatus.OPEN, PollStatus.CLOSED])
        .filter(Q(team__in=led_teams) | Q(created_by=user))
        .annotate(
            invited=Count("invitees", filter=Q(invitees__revoked_at__isnull=True), distinct=True),
            answered=Count(
                "invitees",
                filter=Q(invitees__answered_at__isnull=False, invitees__revoked_at__isnull=True),
                distinct=True,
            ),
        )
        .select_related("team__area")
        .order_by("deadline")
    )
    for poll in running:
        poll.response_rate = round(100 * poll.answered / poll.invited) if poll.invited else 0
    meetings = list(
        Meeting.objects.filter(attendees__user=user, status=MeetingStatus.SCHEDULED, end__gt=now)
        .select_related("team__area")
        .order_by("start")[:10]
    )
    return PollDashboard(waiting=waiting, running=running, meetings=meetings)


def meeting_get(*, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("team__area", "team__cycle", "organizer", "poll"), pk=pk
    )


def guest_attendance_get(*, token: str) -> MeetingAttendee:
    """A guest's place at the meeting their poll became, found by their private poll link's token:
    404 for an unknown or revoked link, or while the poll has become no meeting."""
    invitee = guest_invitee_get(token=token)
    if invitee.revoked_at:
        raise Http404
    return get_object_or_404(
        MeetingAttendee.objects.select_related(
            "meeting__team__area", "meeting__team__cycle", "meeting__organizer"
        ),
        meeting__poll_id=invitee.poll_id,
        user__isnull=True,
        email=invitee.email,
    )


def meeting_guest_tokens(*, meeting: Meeting) -> dict[str, str]:
    """Each guest's private token (their poll link's) by address: guests reach the meeting by it."""
    if not meeting.poll_id:
        return {}
    return dict(
        Invitee.objects.filter(
            poll_id=meeting.poll_id, user__isnull=True, revoked_at__isnull=True
        ).values_list("email", "token")
    )


def meeting_attendees(*, meeting: Meeting) -> list[MeetingAttendee]:
    return list(meeting.attendees.select_related("user"))


def team_polls_and_meetings(*, team: IssueTeam) -> tuple[list[AvailabilityPoll], list[Meeting]]:
    from .enums import MeetingStatus, PollStatus

    polls = list(team.polls.filter(status=PollStatus.OPEN).order_by("deadline"))
    meetings = list(
        team.meetings.filter(status=MeetingStatus.SCHEDULED, end__gt=timezone.now()).order_by("start")
    )
    return polls, meetings


def feed_meetings_for(*, user: User) -> list[Meeting]:
    return list(Meeting.objects.filter(attendees__user=user, end__gt=timezone.now() - timedelta(days=90)))
