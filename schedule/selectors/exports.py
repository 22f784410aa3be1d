"""Reads for the secretariat's exports: the attendance and the action items of one group, or of every
group of a cycle, as rows for a CSV file.

Each export reads a fixed number of queries whatever the cycle holds (a cycle has a few hundred
meetings at most, each a few dozen invitees): the groups, the numbers the quorum needs, then the
rows themselves in chunks, one query however many there are. A row names people by their display
name, never by an address; a guest by the name they gave, else "Guest"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from common.timezones import in_zone, zone_info
from teams.enums import Capacity, GroupKind
from teams.models import Cycle, IssueTeam, Membership

from ..enums import ActionItemStatus, MeetingResponse, MeetingStatus
from ..models import ActionItem, Meeting, MeetingAttendee
from .attendance import quorum_needed

# Rows read from the database at a time.
EXPORT_CHUNK = 500

ATTENDANCE_HEADER = [
    "meeting_start_utc",
    "meeting",
    "name",
    "capacity",
    "answer",
    "answer_note",
    "present",
    "quorum_needed",
    "mag_members_present",
    "quorum",
]
ACTION_ITEMS_HEADER = [
    "meeting_start_utc",
    "meeting",
    "action",
    "owner",
    "due_utc",
    "due_local",
    "entered_time_zone",
    "status",
]
# The yearly files say which group each row is of.
GROUP_HEADER = ["group", "kind_of_group"]


def utc_iso(moment: datetime | None) -> str:
    """ISO 8601 in UTC, to the second: 2026-03-04T13:00:00Z."""
    return "" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Groups:
    """The groups an export covers, by id (read once, with what names them)."""

    by_id: dict[int, IssueTeam]
    yearly: bool

    def meetings(self) -> QuerySet:
        return Meeting.objects.filter(team_id__in=list(self.by_id))

    def columns(self, team_id: int) -> list[str]:
        if not self.yearly:
            return []
        team = self.by_id[team_id]
        return [str(team.name), GroupKind(team.kind).label]


def group_export(*, team: IssueTeam) -> Groups:
    return Groups(by_id={team.pk: team}, yearly=False)


def cycle_export(*, cycle: Cycle) -> Groups:
    """Every group of the cycle (one query)."""
    teams = IssueTeam.objects.filter(cycle=cycle).select_related("area", "cycle")
    return Groups(by_id={team.pk: team for team in teams}, yearly=True)


def _quorum_cells(team: IssueTeam, mag_members: int, stats: dict | None) -> list:
    """The quorum's number needed, the MAG members present, and the result, for one meeting."""
    needed = quorum_needed(team, mag_members)
    marked = bool(stats and stats["n_marked"])
    present_mag = stats["n_present_mag"] if marked else ""
    if needed is None:
        result = _("No quorum rule")
    elif not marked:
        result = _("Attendance not marked")
    else:
        result = _("Reached") if present_mag >= needed else _("Not reached")
    return ["" if needed is None else needed, present_mag, result]


def _capacity_label(attendee: MeetingAttendee) -> str:
    if attendee.user_id is None:
        return _("Guest")
    if not attendee.capacity:
        return _("Not a member of the group")
    return Capacity(attendee.capacity).label


def _present_label(present: bool | None) -> str:
    if present is None:
        return _("Not marked")
    return _("Yes") if present else _("No")


def attendance_rows(groups: Groups) -> Iterator[list]:
    """One row per meeting (not cancelled) and invitee, oldest meeting first, with the answer, its
    note, whether the person was present, and the meeting's quorum. Three queries, whatever the size."""
    if not groups.by_id:
        return
    meetings = groups.meetings().exclude(status=MeetingStatus.CANCELLED)
    mag_members = dict(
        Membership.objects.filter(team_id__in=list(groups.by_id), capacity=Capacity.MAG)
        .order_by()
        .values("team_id")
        .annotate(n=Count("pk"))
        .values_list("team_id", "n")
    )
    is_mag = Membership.objects.filter(
        team_id=OuterRef("meeting__team_id"), user_id=OuterRef("user_id"), capacity=Capacity.MAG
    )
    stats = {
        row["meeting_id"]: row
        for row in MeetingAttendee.objects.filter(meeting__in=meetings)
        .annotate(mag=Exists(is_mag))
        .order_by()
        .values("meeting_id")
        .annotate(
            n_marked=Count("pk", filter=Q(present__isnull=False)),
            n_present_mag=Count("pk", filter=Q(present=True, mag=True)),
        )
    }
    capacity = Membership.objects.filter(team_id=OuterRef("meeting__team_id"), user_id=OuterRef("user_id"))
    attendees = (
        MeetingAttendee.objects.filter(meeting__in=meetings)
        .select_related("meeting", "user")
        .annotate(capacity=Subquery(capacity.values("capacity")[:1]))
        .only(
            "meeting__team_id",
            "meeting__title",
            "meeting__start",
            "user__display_name",
            "user__email",
            "name",
            "response",
            "response_note",
            "present",
        )
        .order_by("meeting__start", "meeting_id", "id")
    )
    for attendee in attendees.iterator(chunk_size=EXPORT_CHUNK):
        meeting = attendee.meeting
        team = groups.by_id[meeting.team_id]
        yield [
            utc_iso(meeting.start),
            meeting.title,
            *groups.columns(meeting.team_id),
            attendee.display_name,
            _capacity_label(attendee),
            MeetingResponse(attendee.response).label,
            attendee.response_note,
            _present_label(attendee.present),
            *_quorum_cells(team, mag_members.get(team.pk, 0), stats.get(meeting.pk)),
        ]


def action_item_rows(groups: Groups) -> Iterator[list]:
    """One row per action item of the groups' meetings, oldest meeting first: its owner by name (or
    the secretariat), when it is due in UTC and in the zone it was entered in. One query."""
    if not groups.by_id:
        return
    items = (
        ActionItem.objects.filter(meeting__in=groups.meetings())
        .select_related("meeting", "owner")
        .only(
            "meeting__team_id",
            "meeting__title",
            "meeting__start",
            "owner__display_name",
            "owner__email",
            "owner_is_secretariat",
            "text",
            "due_at",
            "entered_time_zone",
            "status",
        )
        .order_by("meeting__start", "meeting_id", "due_at", "id")
    )
    for item in items.iterator(chunk_size=EXPORT_CHUNK):
        meeting = item.meeting
        yield [
            utc_iso(meeting.start),
            meeting.title,
            *groups.columns(meeting.team_id),
            item.text,
            item.owner_name(),
            utc_iso(item.due_at),
            in_zone(item.due_at, zone_info(item.entered_time_zone)).isoformat(timespec="minutes"),
            item.entered_time_zone,
            ActionItemStatus(item.status).label,
        ]
