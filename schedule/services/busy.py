"""A person's own busy calendars: an uploaded .ics file or a private calendar URL (fetched when
given, then every few hours by the worker). Only busy intervals are stored, from yesterday to a
year ahead; the parsing and the guarded fetch are the outside calendars' (services.outside)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from celery import signature
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.safe_fetch import FetchError
from notifications.chores import chore_run
from notifications.enums import Chore

from ..models.busy import BUSY_CALENDARS_PER_USER, BUSY_DAYS_AHEAD, BUSY_DAYS_BACK, BusyCalendar, BusyTime
from ..models.outside import CALENDAR_ERROR_MAX, EVENTS_PER_CALENDAR
from .outside import ParsedEvent, calendar_fetch, ics_events

FETCH_TASK = "schedule.tasks.fetch_busy_calendar"


def busy_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now - timedelta(days=BUSY_DAYS_BACK), now + timedelta(days=BUSY_DAYS_AHEAD)


def _fetch(url: str) -> bytes:
    return calendar_fetch(url, allow_private=settings.IGFMAG_BUSY_CALENDAR_ALLOW_PRIVATE)


def busy_parse(data: bytes, *, user: User, now: datetime | None = None) -> list[tuple[datetime, datetime]]:
    """The busy intervals of an .ics file (UTC, sorted), nothing else of its events; an all-day
    event is busy for its whole days in the person's zone. ValidationError when it is no calendar
    or holds too many events."""
    start, end = busy_window(now)
    events = ics_events(
        data,
        start=start - timedelta(days=1),  # an all-day event of yesterday in a zone behind UTC
        end=end,
        max_events=EVENTS_PER_CALENDAR,
        too_many=_(
            "This calendar holds more than %(count)s events between yesterday and a year ahead; "
            "give a smaller one."
        ),
    )
    zone = user.zone
    intervals = {_interval(event, zone) for event in events}
    return sorted((s, e) for s, e in intervals if e > s and e > start and s < end)


def _interval(event: ParsedEvent, zone) -> tuple[datetime, datetime]:
    if not event.all_day:
        return event.starts_at, event.ends_at
    # services.outside puts an all-day event at midnight UTC of its days: the same days, local.
    first, last = event.starts_at.date(), event.ends_at.date()
    return (
        datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC),
        datetime.combine(last, time(0), tzinfo=zone).astimezone(UTC),
    )


def _times_replace(calendar: BusyCalendar, intervals, *, now: datetime) -> None:
    BusyTime.objects.filter(calendar=calendar).delete()
    BusyTime.objects.bulk_create(
        [BusyTime(calendar=calendar, user_id=calendar.user_id, starts_at=s, ends_at=e) for s, e in intervals],
        batch_size=500,
    )
    calendar.last_fetched_at = now
    calendar.last_error = ""
    calendar.save(update_fields=["last_fetched_at", "last_error"])


def _refuse_too_many(user: User) -> None:
    if BusyCalendar.objects.filter(user=user).count() >= BUSY_CALENDARS_PER_USER:
        raise ValidationError(
            _("You already have %(count)d calendars here; remove one first.")
            % {"count": BUSY_CALENDARS_PER_USER}
        )


def busy_calendar_add(*, user: User, url: str = "", upload: bytes | None = None) -> BusyCalendar:
    """A calendar of the person's from a file or a URL, read now (before any transaction: a slow
    site holds no lock) and saved with its busy times, or not at all (ValidationError)."""
    if bool(url) == (upload is not None):
        raise ValidationError(_("Give either the calendar's address or its file, not both."))
    calendar = BusyCalendar(user=user, url=url)
    calendar.full_clean()
    _refuse_too_many(user)
    field = "url" if url else "upload"
    try:
        intervals = busy_parse(_fetch(url) if url else upload, user=user)
    except FetchError as error:
        raise ValidationError({field: str(error)}) from error
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # two tabs add one at a time
        _refuse_too_many(user)
        calendar.save()
        _times_replace(calendar, intervals, now=timezone.now())
    return calendar


def busy_calendar_fetch(calendar_id: int) -> bool:
    """Fetch a URL calendar again and replace its busy times in one transaction; on failure keep
    them and record why on the calendar (ValidationError). True when the fetch was good; False
    when there is no such URL calendar any more (removed meanwhile: nothing to do)."""
    calendar = BusyCalendar.objects.select_related("user").filter(pk=calendar_id).exclude(url="").first()
    if calendar is None:
        return False
    try:
        intervals = busy_parse(_fetch(calendar.url), user=calendar.user)
    except (FetchError, ValidationError) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        BusyCalendar.objects.filter(pk=calendar.pk).update(last_error=message[:CALENDAR_ERROR_MAX])
        raise ValidationError(message) from error
    with transaction.atomic():
        calendar = BusyCalendar.objects.select_for_update().filter(pk=calendar.pk).first()
        if calendar is None:
            return False
        _times_replace(calendar, intervals, now=timezone.now())
    return True


def busy_calendar_fetch_soon(*, calendar: BusyCalendar) -> None:
    """ "Fetch now": the worker fetches it (a slow site never holds a page)."""
    if not calendar.url:
        raise ValidationError(_("This calendar was uploaded as a file; upload it again to change it."))
    calendar_id = calendar.pk
    transaction.on_commit(lambda: signature(FETCH_TASK, args=(calendar_id,)).delay())


@transaction.atomic
def busy_calendar_remove(*, calendar: BusyCalendar) -> None:
    calendar.delete()  # its busy times with it


def busy_calendars_refresh() -> int:
    """Every few hours (beat): fetch every URL calendar, each on its own; a bad one is recorded
    (on the calendar and among the chores' errors) and the others still refresh. Running twice
    only fetches twice."""
    ids = list(BusyCalendar.objects.exclude(url="").order_by("pk").values_list("pk", flat=True))
    good = 0
    with chore_run(Chore.BUSY_CALENDARS) as run:
        # Not `run.each`: a fetch must not hold a transaction open while it waits on a site.
        for calendar_id in ids:
            try:
                good += busy_calendar_fetch(calendar_id)
            except ValidationError:
                # Why is on the calendar, for its person only; the chores' errors (the
                # secretariat's) say that it failed, not where from.
                run.fail(f"busy calendar {calendar_id}", RuntimeError("the fetch failed"))
            except Exception as error:  # noqa: BLE001 — one bad calendar never stops the others
                run.fail(f"busy calendar {calendar_id}", error)
    return good
