"""Reads of meetings and their attendees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, F, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from accounts.models import User
from common.fragments import VersionedBatch, versioned_value
from common.timezones import canonical_zone
from teams.places import PLACES_VERSIONS, places_key, places_of

from ..models import Invitee, Meeting, MeetingAttendee
from .polls import guest_invitee_get

# How long a meeting read for its page may sit unread (a new version makes it unreachable anyway).
MEETING_SECONDS = 3600


def meeting_get(*, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("team__area", "team__cycle", "organizer", "poll"), pk=pk
    )


def meeting_with_team_get(*, pk: int) -> Meeting:
    """The meeting with its team only: for the pages that show little of it besides
    cached parts (its record's page, the page asking for a paper), where the wider read of
    `meeting_get` was a good part of the page's time."""
    return get_object_or_404(Meeting.objects.select_related("team"), pk=pk)


# What the meeting as its page reads it is built from: the meeting, and its team's name.
MEETING_READ_VERSIONS = ("meetings", "teams")


def meeting_read_key(*, pk: int) -> str:
    return f"meeting-page:{pk}"


def meeting_page_get(*, pk: int, batch=None) -> Meeting:
    """The meeting as its page and its permissions read it: the team's name and link, not the
    organiser or the poll (the calendar file and the forms read those through meeting_get). Kept
    in the cache under the versions of meetings and teams (its title, times and team's name): every
    reader of the page asks for it, and it changes only when the meeting or its team does. The
    meeting page reads it in its `common.fragments.VersionedBatch`, with its parts."""
    read = batch.value if batch is not None else versioned_value
    return read(
        meeting_read_key(pk=pk),
        MEETING_READ_VERSIONS,
        lambda: get_object_or_404(Meeting.objects.select_related("team__area", "team__cycle"), pk=pk),
        timeout=MEETING_SECONDS,
    )


def meeting_page_and_batch(*, pk: int, user, names: tuple[str, ...], keys: tuple[str, ...]):
    """The meeting as `meeting_page_get` reads it, for a page that shows it with a few cached
    parts (`keys`, built from the versions of `names`): read in ONE cache round trip with the
    reader's places (its permission check asks them) and those parts, in a
    `common.fragments.VersionedBatch` returned with it, from which the page takes its parts."""
    batch = VersionedBatch(
        tuple(dict.fromkeys((*MEETING_READ_VERSIONS, *PLACES_VERSIONS, *names))),
        (meeting_read_key(pk=pk), places_key(user), *keys),
    )
    places_of(user, batch=batch)
    return meeting_page_get(pk=pk, batch=batch), batch


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


# A zone's row on the meeting page names this many attendees, then says how many more.
NAMES_PER_ZONE = 10
ATTENDEES_PER_PAGE = 50
# Past every meeting's last page: the paginator shows the last one.
_LAST_PAGE = 99999


def _attendee_zone():
    """An attendee's zone as SQL (MeetingAttendee.zone_name): a member's profile's, a guest's own."""
    return Case(
        When(user__isnull=False, then=F("user__time_zone")), default=F("time_zone"), output_field=CharField()
    )


# What naming and placing an attendee reads (MeetingAttendee.display_name and zone_name), not the
# whole profile (password hash included) of every person on the page.
_NAMED = ("meeting", "user", "name", "time_zone", "user__display_name", "user__email", "user__time_zone")


@dataclass
class ZoneRow:
    zone: str
    count: int
    names: list[str] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.names)


def meeting_zone_rows(*, meeting: Meeting, extra_zone: str) -> list[ZoneRow]:
    """The meeting's attendees by zone (sorted, `extra_zone`, the reader's, always among them):
    how many in each, and the first NAMES_PER_ZONE names. Two queries, whatever the attendance."""
    attendees = meeting.attendees.annotate(zone=_attendee_zone()).order_by()
    rows: dict[str, ZoneRow] = {}

    def row(zone: str) -> ZoneRow:
        name = canonical_zone(zone) or "UTC"
        return rows.setdefault(name, ZoneRow(name, 0))

    for counted in attendees.values("zone").annotate(n=Count("id")):
        row(counted["zone"]).count += counted["n"]
    first = (
        attendees.annotate(rank=Window(RowNumber(), partition_by=[F("zone")], order_by=[F("id").asc()]))
        .filter(rank__lte=NAMES_PER_ZONE)
        .select_related("user")
        .only(*_NAMED)
        .order_by("id")
    )
    for attendee in first:
        names = row(attendee.zone).names
        if len(names) < NAMES_PER_ZONE:
            names.append(attendee.display_name)
    row(extra_zone)
    return [rows[zone] for zone in sorted(rows)]


def meeting_attendees_page(*, meeting: Meeting, page_number) -> Page:
    """Everyone invited, a page at a time, for a meeting too big to name everyone by zone."""
    rows = meeting.attendees.select_related("user").only(*_NAMED).order_by("id")
    return Paginator(rows, ATTENDEES_PER_PAGE).get_page(page_number)


def attendees_page_number(asked) -> int:
    """The page of people asked for (`?page=`), as the page's cache key and its paginator both take
    it: a number (past the last page, the last page; a huge one too), else the first page."""
    asked = str(asked or "")
    if not asked.isdigit():
        return 1
    return int(asked) if len(asked) <= len(str(_LAST_PAGE)) else _LAST_PAGE


# The meeting page's cached part is built from the meeting and its attendees, and their names and zones.
MEETING_PAGE_VERSIONS = ("meetings", "people")


def meeting_page_key(*, meeting_id: int, zone: str, page_number: int) -> str:
    """What the meeting page's cached part (the zones, the people invited, agenda and notes) varies
    by besides MEETING_PAGE_VERSIONS: the meeting, the language and the reader's zone (a row of its
    own), and the page of people asked for. Nothing else about the reader: every reader of the page
    sees the same names."""
    return f"meeting:{meeting_id}:{get_language()}:{zone}:{page_number}"


def meeting_attendee_count(*, meeting: Meeting) -> int:
    return meeting.attendees.count()


def feed_meetings_for(*, user: User, since: datetime, limit: int) -> list[Meeting]:
    """`user`'s meetings that end from `since` on, the `limit` soonest (a feed does not grow forever)."""
    return list(Meeting.objects.filter(attendees__user=user, end__gt=since).order_by("start", "pk")[:limit])


def public_meetings(*, since: datetime, limit: int) -> list[Meeting]:
    """The meetings their groups made public that end from `since` on, the `limit` soonest, with
    their group's name and address (one query): the public meetings page and the public feed.
    Nothing about who is invited."""
    return list(
        Meeting.objects.filter(is_public=True, end__gt=since)
        .select_related("team__area", "team__cycle")
        .defer("notes")
        .order_by("start", "pk")[:limit]
    )
