"""What the clash check reads: a year's placed sessions with the people who must be in them, and
the outside calendars' events around them. Four queries, whatever the size of the programme."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from proposals.enums import InvitationState
from proposals.models import Panelist
from schedule.models.outside import OutsideCalendar
from schedule.selectors.outside import outside_events_between
from teams.enums import FacilitatorStatus
from teams.models import FacilitatorRole

from ..enums import SessionStatus
from ..models import ProgrammeSession


@dataclass(frozen=True)
class Person:
    """Someone who must be in a session. `key` says who they are, to find them in another session:
    their address in lower case, else (no address) their exact name; it is never shown. `zone` is
    the zone a speaker chose ("" if unknown); `speaker` is False for the convening group's
    facilitators, who are not counted among the speakers at night."""

    key: str
    name: str
    zone: str = ""
    speaker: bool = True


@dataclass(frozen=True)
class PlacedSession:
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    people: tuple[Person, ...] = ()


@dataclass(frozen=True)
class OutsideSpan:
    """An outside calendar's event, as the clash check needs it."""

    id: int
    summary: str
    calendar: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool = False

    @property
    def first_day(self) -> date:
        """An all-day event's first day (it starts at midnight UTC of it)."""
        return self.starts_at.astimezone(UTC).date()

    @property
    def last_day(self) -> date:
        """An all-day event's last day (it ends at midnight UTC after it)."""
        return max(self.first_day, (self.ends_at.astimezone(UTC) - timedelta(days=1)).date())


def person_key(*, email: str = "", name: str = "") -> str:
    """Who someone is, for matching across sessions: the address, whatever its case; else the name."""
    email = (email or "").strip().lower()
    return f"email:{email}" if email else f"name:{(name or '').strip()}"


def _placed(cycle):
    return ProgrammeSession.objects.filter(cycle=cycle, status=SessionStatus.PLACED, starts_at__isnull=False)


def placed_sessions(cycle) -> list[PlacedSession]:
    """The year's placed sessions, each with its confirmed panelists (any role) and the confirmed
    facilitators of its convening group: three queries."""
    rows = list(_placed(cycle).values_list("pk", "title", "starts_at", "minutes", "team_id"))
    panelists: dict[int, list[Person]] = {}
    for session_id, name, email, zone in (
        Panelist.objects.filter(
            invitation=InvitationState.CONFIRMED,
            proposal__review_entries__programme_session__cycle=cycle,
            proposal__review_entries__programme_session__status=SessionStatus.PLACED,
        )
        .order_by("position", "pk")
        .values_list("proposal__review_entries__programme_session", "name", "email", "time_zone")
    ):
        panelists.setdefault(session_id, []).append(
            Person(key=person_key(email=email, name=name), name=name, zone=str(zone or ""))
        )
    facilitators: dict[int, list[Person]] = {}
    for team_id, user_id, email, display_name in (
        FacilitatorRole.objects.filter(
            status=FacilitatorStatus.CONFIRMED, team_id__in=_placed(cycle).values("team_id")
        )
        .order_by("kind", "pk")
        .values_list("team_id", "user_id", "user__email", "user__display_name")
    ):
        # The name the site shows for them (accounts.User.name), never their address.
        name = display_name or (email or "").split("@")[0]
        key = person_key(email=email) if email else f"user:{user_id}"
        facilitators.setdefault(team_id, []).append(Person(key=key, name=name, speaker=False))
    return [
        PlacedSession(
            id=pk,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            people=(*panelists.get(pk, ()), *facilitators.get(team_id, ())),
        )
        for pk, title, starts_at, minutes, team_id in rows
    ]


def outside_spans(start: datetime, end: datetime) -> list[OutsideSpan]:
    """The active outside calendars' events that overlap [start, end): one query."""
    return [
        OutsideSpan(
            id=event.pk,
            # Not the UID when it has no title: UIDs often read like addresses.
            summary=event.summary,
            calendar=event.calendar.name,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            all_day=event.all_day,
        )
        for event in outside_events_between(start, end)
    ]


def outside_version() -> str:
    """A short string that changes whenever the active outside calendars or their events may have
    changed (a calendar added, removed, switched off or on, its events replaced by an upload or a
    fetch, which stamps `last_fetched_at`, renamed): one query over at most CALENDARS_MAX rows.
    The outside calendars have no version of their own (common/versions.py)."""
    rows = (
        OutsideCalendar.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "last_fetched_at", "name")
    )
    text = ";".join(f"{pk}@{fetched.isoformat() if fetched else ''}:{name}" for pk, fetched, name in rows)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
