"""A person's busy calendars: an uploaded file or a URL fetched on a real local server, stored
as intervals only (no titles, places, guests), bounded like the outside calendars, refreshed by a
chore that survives one bad calendar, and gone with the person."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from notifications.enums import Chore
from notifications.models import ChoreError, ChoreRun
from schedule.models import BusyCalendar, BusyTime
from schedule.models.busy import BUSY_CALENDARS_PER_USER
from schedule.services import busy, outside
from schedule.tasks import fetch_busy_calendar, refresh_busy_calendars
from tests.support.http_server import local_server
from tests.support.ics import all_day, calendar, event

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    settings.IGFMAG_BUSY_CALENDAR_ALLOW_PRIVATE = True
    with local_server() as running:
        yield running


def _times(cal):
    return list(BusyTime.objects.filter(calendar=cal).values_list("starts_at", "ends_at"))


def test_an_upload_stores_only_the_busy_intervals(community, now):
    ics = calendar(
        event(
            "a@x",
            now + timedelta(days=2),
            summary="Doctor",
            extra="LOCATION:Clinic\r\nATTENDEE:mailto:x@y.org\r\n",
        ),
        event("b@x", now + timedelta(days=3), hours=1),
    )
    cal = busy.busy_calendar_add(user=community, upload=ics)
    assert _times(cal) == [
        (now + timedelta(days=2), now + timedelta(days=2, hours=2)),
        (now + timedelta(days=3), now + timedelta(days=3, hours=1)),
    ]
    assert cal.url == "" and cal.last_fetched_at == now and cal.last_error == ""
    assert BusyTime.objects.filter(user=community).count() == 2
    # Nothing of the events but their times is kept: no field could hold it.
    assert {f.name for f in BusyTime._meta.get_fields()} == {"id", "calendar", "user", "starts_at", "ends_at"}


def test_an_all_day_event_is_the_whole_local_day(community, now):
    community.time_zone = "Pacific/Auckland"
    community.save()
    first = now + timedelta(days=10)
    cal = busy.busy_calendar_add(user=community, upload=calendar(all_day("off@x", first, days=2)))
    zone = ZoneInfo("Pacific/Auckland")
    expected = (
        datetime.combine(first.date(), time(0), tzinfo=zone).astimezone(UTC),
        datetime.combine(first.date() + timedelta(days=2), time(0), tzinfo=zone).astimezone(UTC),
    )
    assert _times(cal) == [expected]


def test_recurring_events_expand_within_a_year_and_the_past_is_left_out(community, now):
    ics = calendar(
        event("weekly@x", now + timedelta(days=1), extra="RRULE:FREQ=WEEKLY\r\n"),
        event("old@x", now - timedelta(days=3)),
        event("far@x", now + timedelta(days=400)),
        event("spam@x", now + timedelta(days=1), extra="RRULE:FREQ=MINUTELY\r\n"),
    )
    cal = busy.busy_calendar_add(user=community, upload=ics)
    starts = [start for start, _end in _times(cal)]
    assert 52 <= len(starts) <= 53
    assert starts[0] == now + timedelta(days=1) and starts[-1] < now + timedelta(days=367)


def test_too_many_events_or_not_a_calendar_is_refused(community, now, monkeypatch):
    monkeypatch.setattr(busy, "EVENTS_PER_CALENDAR", 3)
    with pytest.raises(ValidationError, match="more than 3 events") as refused:
        busy.busy_calendar_add(
            user=community, upload=calendar(event("d@x", now, extra="RRULE:FREQ=DAILY;COUNT=10\r\n"))
        )
    assert "upload" in refused.value.message_dict
    with pytest.raises(ValidationError, match=r"not an iCalendar \(\.ics\) file"):
        busy.busy_calendar_add(user=community, upload=b"not a calendar")
    assert not BusyCalendar.objects.exists()


def test_a_person_keeps_a_few_calendars(community, now):
    for n in range(BUSY_CALENDARS_PER_USER):
        busy.busy_calendar_add(user=community, upload=calendar(event(f"{n}@x", now + timedelta(days=1))))
    with pytest.raises(ValidationError, match="remove one first"):
        busy.busy_calendar_add(user=community, upload=calendar(event("z@x", now + timedelta(days=1))))


def test_an_address_is_fetched_when_given_and_refetched_keeping_the_last_good(community, server, now):
    url = server.serve("/me.ics", calendar(event("a@x", now + timedelta(days=1))))
    cal = busy.busy_calendar_add(user=community, url=url)
    assert cal.url == url and cal.host == "127.0.0.1"
    assert _times(cal) == [(now + timedelta(days=1), now + timedelta(days=1, hours=2))]

    server.serve("/me.ics", calendar(event("b@x", now + timedelta(days=4), hours=3)))
    assert busy.busy_calendar_fetch(cal.pk) is True
    assert _times(cal) == [(now + timedelta(days=4), now + timedelta(days=4, hours=3))]

    server.serve("/me.ics", b"down", status=503)
    with pytest.raises(ValidationError, match="503"):
        busy.busy_calendar_fetch(cal.pk)
    cal.refresh_from_db()
    assert "503" in cal.last_error and len(_times(cal)) == 1


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/me.ics", "http://10.0.0.1/me.ics", "http://[::1]/me.ics"]
)
def test_a_private_or_loopback_address_is_refused_when_the_setting_is_off(community, settings, url):
    settings.IGFMAG_BUSY_CALENDAR_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as refused:
        busy.busy_calendar_add(user=community, url=url)
    assert "private network" in refused.value.message_dict["url"][0]
    assert not BusyCalendar.objects.exists()


def test_the_outside_calendars_setting_does_not_open_private_addresses_to_people(community, settings):
    settings.IGFMAG_OUTSIDE_CALENDAR_ALLOW_PRIVATE = True
    settings.IGFMAG_BUSY_CALENDAR_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError, match="private network"):
        busy.busy_calendar_add(user=community, url="http://127.0.0.1:9/me.ics")


def test_the_chore_records_a_bad_calendar_and_refreshes_the_others(community, mag, server, now):
    good = busy.busy_calendar_add(
        user=community, url=server.serve("/good.ics", calendar(event("a@x", now + timedelta(days=1))))
    )
    bad = busy.busy_calendar_add(
        user=mag, url=server.serve("/bad.ics", calendar(event("b@x", now + timedelta(days=1))))
    )
    busy.busy_calendar_add(user=mag, upload=calendar(event("c@x", now + timedelta(days=2))))
    server.serve("/bad.ics", b"gone", status=404)
    server.serve("/good.ics", calendar(event("n@x", now + timedelta(days=6))))

    assert busy.busy_calendars_refresh() == 1

    assert _times(good) == [(now + timedelta(days=6), now + timedelta(days=6, hours=2))]
    bad.refresh_from_db()
    assert "404" in bad.last_error and len(_times(bad)) == 1
    error = ChoreError.objects.get(chore=Chore.BUSY_CALENDARS)
    # The secretariat's chore errors say which one failed, not where from.
    assert error.item == f"busy calendar {bad.pk}" and "127.0.0.1" not in error.message
    assert ChoreRun.objects.get(chore=Chore.BUSY_CALENDARS).last_failed_items == 1
    # Run again (a retry, a duplicate beat): the same busy times, not twice.
    busy.busy_calendars_refresh()
    assert len(_times(good)) == 1


def test_beat_refreshes_them_and_fetch_now_records_a_failure(settings, community, server, now):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-busy-calendars"]
    assert entry == {"task": "schedule.tasks.refresh_busy_calendars", "schedule": 6 * 3600.0}
    cal = busy.busy_calendar_add(
        user=community, url=server.serve("/me.ics", calendar(event("a@x", now + timedelta(days=1))))
    )
    assert refresh_busy_calendars() == 1
    server.serve("/me.ics", b"not a calendar")
    assert fetch_busy_calendar(cal.pk) is False
    cal.refresh_from_db()
    assert cal.last_error == "This is not an iCalendar (.ics) file." and len(_times(cal)) == 1
    cal.delete()
    assert fetch_busy_calendar(cal.pk) is False  # removed meanwhile: nothing to do


def test_fetch_now_is_for_an_address_only_and_queues_on_commit(
    community, now, django_capture_on_commit_callbacks, monkeypatch
):
    uploaded = busy.busy_calendar_add(user=community, upload=calendar(event("a@x", now + timedelta(days=1))))
    with pytest.raises(ValidationError, match="uploaded as a file"):
        busy.busy_calendar_fetch_soon(calendar=uploaded)
    cal = BusyCalendar.objects.create(user=community, url="https://example.org/secret/me.ics")
    queued = []

    class Queued:
        def __init__(self, name, args):
            self.name, self.args = name, args

        def delay(self):
            queued.append((self.name, self.args))

    monkeypatch.setattr(busy, "signature", Queued)
    with django_capture_on_commit_callbacks(execute=True):
        busy.busy_calendar_fetch_soon(calendar=cal)
    assert queued == [(busy.FETCH_TASK, (cal.pk,))]


def test_removing_a_calendar_or_deleting_the_person_takes_their_busy_times(community, mag, now):
    ics = calendar(event("a@x", now + timedelta(days=1)))
    cal = busy.busy_calendar_add(user=community, upload=ics)
    kept = busy.busy_calendar_add(user=mag, upload=ics)
    busy.busy_calendar_remove(calendar=cal)
    assert not BusyTime.objects.filter(user=community).exists()
    busy.busy_calendar_add(user=community, upload=ics)
    community.delete()
    assert not BusyCalendar.objects.filter(user_id=community.pk).exists()
    assert not BusyTime.objects.filter(user_id=community.pk).exists()
    assert len(_times(kept)) == 1


def test_the_outside_calendars_parse_as_before(secretariat, now):
    """The shared parser (ics_events) keeps the outside calendars' window and message."""
    events = outside.calendar_parse(calendar(event("a@x", now + timedelta(days=2 * 366))), now=now)
    assert len(events) == 1
