"""Reads of invitees' answers, of who came, and of a meeting's quorum."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from accounts.models import User
from teams.enums import Capacity, QuorumKind
from teams.models import IssueTeam, Membership

from ..enums import MeetingResponse
from ..models import Invitee, Meeting, MeetingAttendee
from .meetings import ATTENDEES_PER_PAGE

# The meeting page's summary of answers and attendance is built from the attendees, the team's
# members and quorum rule, and how people are named.
ATTENDANCE_VERSIONS = ("meetings", "teams", "people")
# The attendance summary names this many of those who sent apologies, then says how many more.
APOLOGIES_NAMED = 20


def attendance_key(*, meeting_id: int) -> str:
    """The summary is the same for every reader of the page in a language."""
    return f"meeting-attendance:{meeting_id}:{get_language()}"


# What the one-click answer page reads (and the answer saved from it): the attendance, its meeting,
# the meeting's group's name, and the person's name and zone.
_ANSWER_LINK_READS = (
    "meeting",
    "user",
    "email",
    "name",
    "time_zone",
    "response",
    "response_note",
    "responded_at",
    "rsvp_token",
    "meeting__title",
    "meeting__team",
    "meeting__poll",
    "meeting__start",
    "meeting__end",
    "meeting__status",
    "meeting__team__title",
    "meeting__team__original_language",
    "meeting__team__translations",
    "meeting__team__area",
    "meeting__team__area__name",
    "meeting__team__area__original_language",
    "meeting__team__area__translations",
    "user__display_name",
    "user__email",
    "user__time_zone",
)


def attendee_by_rsvp_token(*, token: str) -> MeetingAttendee:
    """The attendance a one-click answer link belongs to: 404 for an unknown link, for an attendance
    that no longer exists (the person left the team), and for a guest whose poll link was
    withdrawn, saying nothing of any meeting or person."""
    attendee = get_object_or_404(
        # The page names the meeting's group (its area's name, for an issue team), not its cycle;
        # of the person, their zone and name, not their whole profile.
        MeetingAttendee.objects.select_related("meeting__team__area", "user").only(*_ANSWER_LINK_READS),
        rsvp_token=token,
    )
    if attendee.user_id is None and attendee.meeting.poll_id:
        invited = Invitee.objects.filter(
            poll_id=attendee.meeting.poll_id, user__isnull=True, email=attendee.email, revoked_at__isnull=True
        )
        if not invited.exists():
            raise Http404
    return attendee


def reader_attendance(*, meeting: Meeting, user: User) -> MeetingAttendee | None:
    """The reader's own place at the meeting (their answer and note), if they are invited."""
    if not user.is_authenticated:
        return None
    return MeetingAttendee.objects.filter(meeting=meeting, user=user).first()


def attendance_page(*, meeting: Meeting, page_number: int) -> Page:
    """Everyone invited with their answer and note, for those who run the meeting, a page at a time
    (the page of people the meeting page shows; two queries)."""
    rows = meeting.attendees.select_related("user").order_by("id")
    return Paginator(rows, ATTENDEES_PER_PAGE).get_page(page_number)


def attendance_rows(*, meeting: Meeting, ids) -> list[MeetingAttendee]:
    """The meeting's attendees among `ids` (those a submitted page of the attendance form showed;
    other values and other meetings' attendees are left out), at most a page of them."""
    wanted = {int(value) for value in ids if str(value).isdigit() and len(str(value)) < 19}
    return list(
        meeting.attendees.filter(pk__in=sorted(wanted)[:ATTENDEES_PER_PAGE])
        .select_related("user")
        .order_by("id")
    )


def quorum_needed(team: IssueTeam, mag_members: int) -> int | None:
    """How many of the group's MAG members must be present for its quorum: None without a rule."""
    if team.quorum_kind == QuorumKind.COUNT and team.quorum_value:
        return team.quorum_value
    if team.quorum_kind == QuorumKind.SHARE and team.quorum_value:
        return max(1, math.ceil(mag_members * team.quorum_value / 100))
    return None


@dataclass
class AttendanceSummary:
    attending: int
    not_attending: int
    apologies: int
    no_answer: int
    # Marked by the facilitators: None until anyone is marked.
    present: int | None
    present_mag: int
    mag_members: int
    needed: int | None
    apologies_names: list[str] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return self.present is not None

    @property
    def quorum_reached(self) -> bool | None:
        """True or False once attendance is marked and the group has a rule, else None."""
        if self.needed is None or not self.marked:
            return None
        return self.present_mag >= self.needed

    @property
    def apologies_more(self) -> int:
        return self.apologies - len(self.apologies_names)


def attendance_summary(*, meeting: Meeting) -> AttendanceSummary:
    """The answers and the attendance in numbers, and the quorum: present attendees who are the
    team's members in MAG capacity, against the group's rule. Three queries, whatever the size."""
    mag = Membership.objects.filter(team_id=meeting.team_id, capacity=Capacity.MAG)
    counts = (
        meeting.attendees.annotate(mag=Exists(mag.filter(user_id=OuterRef("user_id"))))
        .order_by()
        .aggregate(
            n_attending=Count("pk", filter=Q(response=MeetingResponse.ATTENDING)),
            n_not_attending=Count("pk", filter=Q(response=MeetingResponse.NOT_ATTENDING)),
            n_apologies=Count("pk", filter=Q(response=MeetingResponse.APOLOGIES)),
            n_no_answer=Count("pk", filter=Q(response=MeetingResponse.NONE)),
            n_marked=Count("pk", filter=Q(present__isnull=False)),
            n_present=Count("pk", filter=Q(present=True)),
            n_present_mag=Count("pk", filter=Q(present=True, mag=True)),
        )
    )
    mag_members = mag.count()
    names = [
        attendee.display_name
        for attendee in meeting.attendees.filter(response=MeetingResponse.APOLOGIES)
        .select_related("user")
        .only("meeting", "user", "name", "user__display_name", "user__email")
        .order_by("id")[:APOLOGIES_NAMED]
    ]
    return AttendanceSummary(
        attending=counts["n_attending"],
        not_attending=counts["n_not_attending"],
        apologies=counts["n_apologies"],
        no_answer=counts["n_no_answer"],
        present=counts["n_present"] if counts["n_marked"] else None,
        present_mag=counts["n_present_mag"],
        mag_members=mag_members,
        needed=quorum_needed(meeting.team, mag_members),
        apologies_names=names,
    )
