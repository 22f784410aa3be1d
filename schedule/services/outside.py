"""Outside calendars: imported from an .ics file or fetched from a URL (every day by the worker,
and on demand), their events replaced whole in one transaction. A fetch that fails keeps the
events of the last good one and says why on the calendar."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import recurring_ical_events
from celery import signature
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from common.safe_fetch import FetchError, safe_fetch
from notifications.chores import chore_run
from notifications.enums import Chore

from ..models.outside import (
    CALENDAR_ERROR_MAX,
    CALENDAR_FILE_MAX_BYTES,
    CALENDARS_MAX,
    EVENT_LOCATION_MAX,
    EVENT_SUMMARY_MAX,
    EVENT_UID_MAX,
    EVENTS_PER_CALENDAR,
    WINDOW_DAYS_AHEAD,
    WINDOW_DAYS_BACK,
    OutsideCalendar,
    OutsideEvent,
)

logger = logging.getLogger(__name__)

FETCH_TASK = "schedule.tasks.fetch_outside_calendar"
# Rules that repeat more often than daily are no event anybody schedules around, and expanding
# one from a start long ago would cost the worker minutes: such series are left out.
_TOO_FREQUENT = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
# Limits of one fetch in the request (adding by URL) and in the worker.
FETCH_TIMEOUT = 10.0
FETCH_TOTAL_TIMEOUT = 20.0


@dataclass(frozen=True)
class ParsedEvent:
    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    location: str


def event_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now - timedelta(days=WINDOW_DAYS_BACK), now + timedelta(days=WINDOW_DAYS_AHEAD)


def _utc(value) -> tuple[datetime, bool]:
    """(the moment in UTC, whether it is a whole day). A floating time is taken as UTC."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC), False
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=UTC), True
    raise ValueError("not a date")


def _text(component, name: str, limit: int) -> str:
    value = component.get(name)
    return " ".join(str(value).split())[:limit] if value is not None else ""


def _plausible(component) -> bool:
    rule = component.get("RRULE")
    if rule is None:
        return True
    return not _TOO_FREQUENT.intersection(str(freq).upper() for freq in rule.get("FREQ", []))


def calendar_parse(data: bytes, *, now: datetime | None = None) -> list[ParsedEvent]:
    """The events of an iCalendar file within the window (a year back to three years ahead),
    recurring ones expanded; ValidationError when it is not one or holds too many events."""
    start, end = event_window(now)
    return ics_events(
        data,
        start=start,
        end=end,
        max_events=EVENTS_PER_CALENDAR,
        too_many=_(
            "This calendar holds more than %(count)s events between a year ago and three "
            "years ahead; import a smaller one."
        ),
    )


def ics_events(
    data: bytes, *, start: datetime, end: datetime, max_events: int, too_many: str
) -> list[ParsedEvent]:
    """The events of an iCalendar file of at most CALENDAR_FILE_MAX_BYTES starting before `end`
    and not over by `start`, recurring ones expanded (too frequent series left out); ValidationError
    when it is not one, or holds more than `max_events` (`too_many`, with %(count)s, says so).
    Shared by the outside calendars and people's own busy calendars (services.busy)."""
    if len(data) > CALENDAR_FILE_MAX_BYTES:
        raise ValidationError(_too_large())
    try:
        calendar = Calendar.from_ical(data)
    except Exception as error:  # noqa: BLE001 — icalendar raises many kinds on bad input
        raise ValidationError(_("This is not an iCalendar (.ics) file.")) from error
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise ValidationError(_("This is not an iCalendar (.ics) file."))
    for component in list(calendar.subcomponents):
        if component.name == "VEVENT" and not _plausible(component):
            calendar.subcomponents.remove(component)
    events: dict[tuple[str, datetime], ParsedEvent] = {}
    try:
        occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).after(start)
        for occurrence in occurrences:
            if occurrence.get("DTSTART") is None:
                continue
            starts_at, all_day = _utc(occurrence["DTSTART"].dt)
            if starts_at >= end:
                break
            ends_at = _ends_at(occurrence, starts_at, all_day)
            uid = _text(occurrence, "UID", EVENT_UID_MAX) or f"no-uid-{len(events)}"
            events[(uid, starts_at)] = ParsedEvent(
                uid=uid,
                summary=_text(occurrence, "SUMMARY", EVENT_SUMMARY_MAX),
                starts_at=starts_at,
                ends_at=ends_at,
                all_day=all_day,
                location=_text(occurrence, "LOCATION", EVENT_LOCATION_MAX),
            )
            if len(events) > max_events:
                raise ValidationError(too_many % {"count": f"{max_events:,}"})
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 — a broken date or rule deep in the file
        raise ValidationError(_("This iCalendar file has dates that cannot be read.")) from error
    return sorted(events.values(), key=lambda event: (event.starts_at, event.uid))


def _ends_at(occurrence, starts_at: datetime, all_day: bool) -> datetime:
    if occurrence.get("DTEND") is not None:
        ends_at, _whole = _utc(occurrence["DTEND"].dt)
    elif occurrence.get("DURATION") is not None:
        ends_at = starts_at + occurrence["DURATION"].dt
    else:
        ends_at = starts_at + (timedelta(days=1) if all_day else timedelta(0))
    return max(ends_at, starts_at)


def _too_large() -> str:
    return _("The file is larger than %(size)d MB, the most that is read.") % {
        "size": CALENDAR_FILE_MAX_BYTES // 1024 // 1024
    }


def _fetch(url: str) -> bytes:
    return calendar_fetch(url, allow_private=settings.IGFMAG_OUTSIDE_CALENDAR_ALLOW_PRIVATE)


def calendar_fetch(url: str, *, allow_private) -> bytes:
    """An .ics file from a URL, bounded in size and time, never from inside our network unless
    `allow_private` (common.safe_fetch); FetchError says why not."""
    return safe_fetch(
        url,
        max_bytes=CALENDAR_FILE_MAX_BYTES,
        timeout=FETCH_TIMEOUT,
        total_timeout=FETCH_TOTAL_TIMEOUT,
        allow_private=allow_private,
        accept="text/calendar, */*;q=0.5",
    )


def _events_replace(calendar: OutsideCalendar, events: list[ParsedEvent], *, now: datetime) -> None:
    OutsideEvent.objects.filter(calendar=calendar).delete()
    OutsideEvent.objects.bulk_create(
        [
            OutsideEvent(
                calendar=calendar,
                uid=event.uid,
                summary=event.summary,
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                all_day=event.all_day,
                location=event.location,
            )
            for event in events
        ],
        batch_size=500,
    )
    calendar.last_fetched_at = now
    calendar.last_error = ""
    calendar.save(update_fields=["last_fetched_at", "last_error"])


def outside_calendar_add(
    *, actor: User, name: str, url: str = "", note: str = "", upload: bytes | None = None
) -> OutsideCalendar:
    """A new outside calendar from an uploaded file or a URL, fetched now (before any transaction
    opens: a slow site holds no lock): saved with its events, or not at all (ValidationError)."""
    if bool(url) == (upload is not None):
        raise ValidationError(_("Give either the calendar's address or its file, not both."))
    calendar = OutsideCalendar(name=name.strip(), url=url, note=note, added_by=actor)
    calendar.full_clean()
    _refuse_too_many()
    field = "url" if url else "upload"
    try:
        events = calendar_parse(_fetch(url) if url else upload)
    except FetchError as error:
        raise ValidationError({field: str(error)}) from error
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    with transaction.atomic():
        _refuse_too_many()
        calendar.save()
        _events_replace(calendar, events, now=timezone.now())
        audit_record(
            actor=actor,
            action=AuditAction.OUTSIDE_CALENDAR_ADDED,
            target=calendar.name,
            source=field,
            events=len(events),
        )
    return calendar


def _refuse_too_many() -> None:
    if OutsideCalendar.objects.count() >= CALENDARS_MAX:
        raise ValidationError(
            _("There are already %(count)d outside calendars; delete one first.") % {"count": CALENDARS_MAX}
        )


def outside_calendar_fetch(calendar_id: int, *, actor: User | None = None) -> bool:
    """Fetch a URL calendar again and replace its events in one transaction; on failure keep
    them and record why on the calendar. True when the fetch was good."""
    calendar = OutsideCalendar.objects.filter(pk=calendar_id, is_active=True).exclude(url="").first()
    if calendar is None:
        return False
    try:
        events = calendar_parse(_fetch(calendar.url))
    except (FetchError, ValidationError) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        with transaction.atomic():
            OutsideCalendar.objects.filter(pk=calendar.pk).update(last_error=message[:CALENDAR_ERROR_MAX])
            audit_record(
                actor=actor, action=AuditAction.OUTSIDE_CALENDAR_FETCHED, target=calendar.name, error=message
            )
        raise ValidationError(message) from error
    with transaction.atomic():
        calendar = OutsideCalendar.objects.select_for_update().get(pk=calendar.pk)
        _events_replace(calendar, events, now=timezone.now())
        audit_record(
            actor=actor, action=AuditAction.OUTSIDE_CALENDAR_FETCHED, target=calendar.name, events=len(events)
        )
    return True


def outside_calendar_fetch_soon(*, calendar: OutsideCalendar) -> None:
    """ "Fetch now": the worker fetches it (a slow site never holds a page)."""
    if not calendar.url:
        raise ValidationError(_("This calendar was imported from a file; add it again to change it."))
    if not calendar.is_active:
        raise ValidationError(_("This calendar is not in use."))
    calendar_id = calendar.pk
    transaction.on_commit(lambda: signature(FETCH_TASK, args=(calendar_id,)).delay())


@transaction.atomic
def outside_calendar_switch(*, actor: User, calendar: OutsideCalendar, in_use: bool) -> OutsideCalendar:
    """ "Stop using it" / "Use it again": a calendar not in use is not fetched and clashes with
    nothing (its events are kept until it is used again). The button says which of the two it
    asks, so a second click or a colleague's at the same moment changes nothing (no audit row).
    The clash stamp (programme.selectors.clashes.outside_version) counts only the calendars in
    use, so the build page's clashes follow at once."""
    calendar = OutsideCalendar.objects.select_for_update().get(pk=calendar.pk)
    if calendar.is_active == in_use:
        return calendar
    calendar.is_active = in_use
    calendar.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action=AuditAction.OUTSIDE_CALENDAR_SWITCHED, target=calendar.name, in_use=in_use
    )
    return calendar


@transaction.atomic
def outside_calendar_delete(*, actor: User, calendar: OutsideCalendar) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.OUTSIDE_CALENDAR_DELETED,
        target=calendar.name,
        events=calendar.events.count(),
    )
    calendar.delete()


def outside_calendars_refresh() -> int:
    """Daily (beat): fetch every active URL calendar, each on its own; a bad one is recorded
    (on the calendar and among the chores' errors) and the others still refresh."""
    ids = list(
        OutsideCalendar.objects.filter(is_active=True)
        .exclude(url="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    good = 0
    with chore_run(Chore.OUTSIDE_CALENDARS) as run:
        # Not `run.each`: a fetch must not hold a transaction open while it waits on a site, and a
        # failed one writes its error on the calendar, which a rolled-back item would undo.
        for calendar_id in ids:
            try:
                good += outside_calendar_fetch(calendar_id)
            except Exception as error:  # noqa: BLE001 — one bad calendar never stops the others
                run.fail(f"outside calendar {calendar_id}", error)
    return good
