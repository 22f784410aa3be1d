"""Reads of availability polls, their guests, answers and comments, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from common.versions import version_and_get, version_of, versioned_get_or_set
from teams.enums import FacilitatorStatus
from teams.models import IssueTeam
from teams.selectors import FirstFew, first_few

from ..enums import MeetingStatus, PollStatus
from ..models import AvailabilityPoll, Invitee, Meeting, PollComment, Slot
from ..rules import facts_remember
from .poll_suggestions import SuggestionInputs, suggestion_inputs


def poll_get(*, pk: int) -> AvailabilityPoll:
    return get_object_or_404(
        AvailabilityPoll.objects.select_related("team__area", "team__cycle", "meeting", "series"), pk=pk
    )


# A poll and what a reader is to it are kept this long at most; a change to polls, teams or
# meetings makes them be read anew at once (common/versions.py).
POLL_SECONDS = 600
# What a poll page is made of: the poll and its votes, its team and the reader's standing in it,
# its meeting, and the people in it (names shown, zones that decide who is up at night).
POLL_VERSIONS = ("polls", "teams", "meetings", "people")


@dataclass
class PollReader:
    """What a signed-in person is to a poll: in its team, leading it, their invitation (without its
    user: the reader, whom the caller sets) and their answers."""

    member: bool
    leads: bool
    invitee: Invitee | None
    votes: dict[int, str]
    # Their hours and meetings, for the answers suggested to them (selectors.poll_suggestions);
    # None when not invited or the poll is not open.
    suggestion_inputs: SuggestionInputs | None = None


def poll_for_reader(*, pk: int, user: User) -> AvailabilityPoll:
    """The poll with `reader` (a PollReader, None for an anonymous visitor) and `version` (of the
    POLL_VERSIONS: what the poll, its team, its meeting, its people and the reader's standing in
    them are made of) set on it, from the cache when nothing changed: no query, and one round trip
    to the cache with the versions. The rules then answer from `reader` (rules.facts_remember)."""
    poll_key = f"schedule:poll:{pk}"
    reader_key = f"schedule:poll-reader:{pk}:{user.pk}"
    version, found = version_and_get(
        *POLL_VERSIONS, keys=(poll_key, reader_key) if user.is_authenticated else (poll_key,)
    )
    # Each entry keeps the version it was made under: an older one is made anew.
    made_under, poll = found.get(poll_key, (None, None))
    if made_under != version:
        poll = poll_get(pk=pk)
        cache.set(poll_key, (version, poll), POLL_SECONDS)
    made_under, reader = found.get(reader_key, (None, None))
    if made_under != version and user.is_authenticated:
        invitee = Invitee.objects.filter(poll_id=poll.pk, user=user, revoked_at__isnull=True).first()
        reader = PollReader(
            member=poll.team.memberships.filter(user=user).exists(),
            leads=poll.team.facilitator_roles.filter(user=user, status=FacilitatorStatus.CONFIRMED).exists(),
            invitee=invitee,
            votes=my_votes(invitee=invitee),
            suggestion_inputs=suggestion_inputs(poll, user.pk)
            if invitee is not None and poll.status == PollStatus.OPEN
            else None,
        )
        cache.set(reader_key, (version, reader), POLL_SECONDS)
    if reader is not None:
        if reader.invitee is not None:
            reader.invitee.user = user
            reader.invitee.poll = poll
        facts_remember(
            poll, user, member=reader.member, leads=reader.leads, invited=reader.invitee is not None
        )
    poll.reader, poll.version = reader, version
    return poll


def poll_slots(*, poll: AvailabilityPoll) -> list[Slot]:
    return list(poll.slots.all())


def poll_slot_get(*, poll: AvailabilityPoll, pk: int) -> Slot:
    return get_object_or_404(poll.slots, pk=pk)


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
    waiting: FirstFew
    running: FirstFew
    meetings: list[Meeting]


def _live_invitees(**conditions) -> Subquery:
    """How many of the poll's invitations (not withdrawn) meet `conditions`: a subquery per poll row,
    which reads that poll's invitations by index, instead of COUNT(DISTINCT) over a join that
    multiplies every poll by its invitees."""
    return Subquery(
        Invitee.objects.filter(poll=OuterRef("pk"), revoked_at__isnull=True, **conditions)
        .order_by()
        .values("poll")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def polls_for_dashboard(*, user: User) -> PollDashboard:
    """Polls waiting for my answer, polls I run with their response rate, my upcoming meetings: the
    first few of each (soonest first) with the totals, in a fixed number of queries whatever the
    number of polls."""
    now = timezone.now()
    waiting = first_few(
        AvailabilityPoll.objects.filter(
            status=PollStatus.OPEN,
            deadline__gt=now,
            invitees__user=user,
            invitees__answered_at__isnull=True,
            invitees__revoked_at__isnull=True,
        )
        .select_related("team__area")
        .order_by("deadline", "id")
    )
    led_teams = user.facilitator_roles.filter(status=FacilitatorStatus.CONFIRMED).values("team_id")
    running = first_few(
        AvailabilityPoll.objects.filter(status__in=[PollStatus.OPEN, PollStatus.CLOSED])
        .filter(Q(team__in=led_teams) | Q(created_by=user))
        .annotate(
            invited=Coalesce(_live_invitees(), 0),
            answered=Coalesce(_live_invitees(answered_at__isnull=False), 0),
        )
        .select_related("team__area")
        .order_by("deadline", "id")
    )
    for poll in running:
        poll.response_rate = round(100 * poll.answered / poll.invited) if poll.invited else 0
    meetings = list(
        Meeting.objects.filter(attendees__user=user, status=MeetingStatus.SCHEDULED, end__gt=now)
        .select_related("team__area")
        .order_by("start")[:10]
    )
    return PollDashboard(waiting=waiting, running=running, meetings=meetings)


# The team page's calls are cached under the polls' and meetings' versions, and for a few minutes at
# most: a bulk update (no signal) that forgot to bump the version shows late, not never.
TEAM_CALLS_TIMEOUT = 300


def team_polls_and_meetings(
    *, team: IssueTeam, versions: str | None = None
) -> tuple[list[AvailabilityPoll], list[Meeting]]:
    """A team's open polls and coming meetings, soonest first (the team page's calls). `versions`:
    version_of("polls", "meetings") when the caller has read it already."""
    now = timezone.now()

    def read():
        # By team_id, not through `team`: the cached rows do not carry a copy of the team.
        return (
            list(
                AvailabilityPoll.objects.filter(team_id=team.pk, status=PollStatus.OPEN).order_by("deadline")
            ),
            list(
                Meeting.objects.filter(team_id=team.pk, status=MeetingStatus.SCHEDULED, end__gt=now).order_by(
                    "start"
                )
            ),
        )

    key = f"schedule:team-calls:{team.pk}:{versions or version_of('polls', 'meetings')}"
    polls, meetings = versioned_get_or_set(key, read, TEAM_CALLS_TIMEOUT)
    meetings = [meeting for meeting in meetings if meeting.end > now]  # ended since it was cached
    for call in polls + meetings:
        call.team = team  # the caller's: the permission checks read it
    return polls, meetings
