"""Outside calendars: imported from a file (recurring events expanded, within bounds), added and
fetched again from a URL on a real local server, their events replaced whole or kept on failure,
and the daily chore that survives one bad calendar."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from notifications.enums import Chore
from notifications.models import ChoreError, ChoreRun
from schedule.models import OutsideCalendar, OutsideEvent
from schedule.models.outside import CALENDAR_FILE_MAX_BYTES
from schedule.services import outside
from schedule.tasks import fetch_outside_calendar, refresh_outside_calendars
from tests.support.http_server import local_server
from tests.support.ics import all_day, calendar, event, nri_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    settings.IGFMAG_OUTSIDE_CALENDAR_ALLOW_PRIVATE = True
    with local_server() as running:
        yield running


def _summaries(cal):
    return list(OutsideEvent.objects.filter(calendar=cal).values_list("summary", flat=True))


def test_a_file_is_imported_with_its_events_in_utc(secretariat, now):
    ics = calendar(
        event("a@x", now + timedelta(days=2), summary="NRI forum", extra="LOCATION:Accra\r\n"),
        all_day("b@x", now + timedelta(days=30), days=3, summary="ICANN meeting"),
    )
    cal = outside.outside_calendar_add(actor=secretariat, name="NRI events", upload=ics)
    forum, icann = OutsideEvent.objects.filter(calendar=cal)
    assert (forum.summary, forum.location, forum.all_day) == ("NRI forum", "Accra", False)
    assert forum.starts_at == now + timedelta(days=2)
    assert forum.ends_at - forum.starts_at == timedelta(hours=2)
    assert icann.all_day and icann.ends_at - icann.starts_at == timedelta(days=3)
    assert cal.last_fetched_at == now and cal.added_by == secretariat
    audit = AuditEvent.objects.get(action=AuditAction.OUTSIDE_CALENDAR_ADDED)
    assert (audit.actor, audit.target, audit.details) == (
        secretariat,
        "NRI events",
        {"source": "upload", "events": 2},
    )


def test_recurring_events_are_expanded_without_their_exceptions(secretariat, now):
    start = now + timedelta(days=1)
    skipped = start + timedelta(weeks=1)
    ics = calendar(
        event(
            "weekly@x",
            start,
            summary="Weekly NRI call",
            extra=f"RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE:{skipped:%Y%m%dT%H%M%SZ}\r\n",
        )
    )
    cal = outside.outside_calendar_add(actor=secretariat, name="Calls", upload=ics)
    starts = list(OutsideEvent.objects.filter(calendar=cal).values_list("starts_at", flat=True))
    assert starts == [start, start + timedelta(weeks=2), start + timedelta(weeks=3)]


def test_an_endless_series_stops_three_years_ahead(secretariat, now):
    ics = calendar(event("monthly@x", now - timedelta(days=30), extra="RRULE:FREQ=MONTHLY\r\n"))
    cal = outside.outside_calendar_add(actor=secretariat, name="Monthly", upload=ics)
    events = OutsideEvent.objects.filter(calendar=cal)
    assert 35 <= events.count() <= 51  # a year back (from its start a month ago) to three ahead
    assert events.last().starts_at < now + timedelta(days=3 * 366)


def test_events_outside_the_window_and_too_frequent_series_are_left_out(secretariat, now):
    ics = calendar(
        event("old@x", now - timedelta(days=400)),
        event("far@x", now + timedelta(days=4 * 366)),
        event("spam@x", now + timedelta(days=1), extra="RRULE:FREQ=MINUTELY\r\n"),
        event("kept@x", now + timedelta(days=1), summary="Kept"),
    )
    cal = outside.outside_calendar_add(actor=secretariat, name="Mixed", upload=ics)
    assert _summaries(cal) == ["Kept"]


def test_too_many_events_are_refused_and_nothing_is_saved(secretariat, now, monkeypatch):
    monkeypatch.setattr(outside, "EVENTS_PER_CALENDAR", 3)
    ics = calendar(event("daily@x", now, extra="RRULE:FREQ=DAILY;COUNT=10\r\n"))
    with pytest.raises(ValidationError, match="more than 3 events") as refused:
        outside.outside_calendar_add(actor=secretariat, name="Daily", upload=ics)
    assert "upload" in refused.value.message_dict
    assert not OutsideCalendar.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "data", [b"", b"not a calendar", b"BEGIN:VCARD\r\nFN:Someone\r\nEND:VCARD\r\n", b"\x89PNG\r\n\x1a\n"]
)
def test_a_file_that_is_not_a_calendar_is_refused(secretariat, data):
    with pytest.raises(ValidationError, match=r"not an iCalendar \(\.ics\) file"):
        outside.outside_calendar_add(actor=secretariat, name="Bad", upload=data)
    assert not OutsideCalendar.objects.exists()


def test_a_file_too_big_is_refused(secretariat):
    with pytest.raises(ValidationError, match="larger than 2 MB"):
        outside.outside_calendar_add(
            actor=secretariat, name="Big", upload=b"x" * (CALENDAR_FILE_MAX_BYTES + 1)
        )


def test_an_address_is_fetched_when_added(secretariat, server, now):
    url = server.serve("/nri.ics", nri_calendar(now))
    cal = outside.outside_calendar_add(actor=secretariat, name="NRI", url=url)
    assert cal.url == url
    assert _summaries(cal) == ["NRI regional forum", "NRI coordination call"]


def test_a_refused_address_is_said_on_its_field(secretariat, settings):
    settings.IGFMAG_OUTSIDE_CALENDAR_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as refused:
        outside.outside_calendar_add(actor=secretariat, name="Inside", url="http://10.0.0.1/cal.ics")
    assert "private network" in refused.value.message_dict["url"][0]
    assert not OutsideCalendar.objects.exists()


def test_a_fetch_replaces_the_events_and_a_failure_keeps_them(secretariat, server, now):
    url = server.serve("/nri.ics", nri_calendar(now))
    cal = outside.outside_calendar_add(actor=secretariat, name="NRI", url=url)
    server.serve("/nri.ics", calendar(event("new@x", now + timedelta(days=3), summary="Moved forum")))
    assert outside.outside_calendar_fetch(cal.pk, actor=secretariat) is True
    assert _summaries(cal) == ["Moved forum"]

    server.serve("/nri.ics", b"<html>Maintenance</html>", status=503)
    with pytest.raises(ValidationError, match="503"):
        outside.outside_calendar_fetch(cal.pk, actor=secretariat)
    cal.refresh_from_db()
    assert "503" in cal.last_error
    assert _summaries(cal) == ["Moved forum"]  # the last good fetch's events are kept
    fetched = AuditEvent.objects.filter(action=AuditAction.OUTSIDE_CALENDAR_FETCHED)
    assert [("error" in audit.details) for audit in fetched.order_by("id")] == [False, True]

    server.serve("/nri.ics", nri_calendar(now))
    outside.outside_calendar_fetch(cal.pk)
    cal.refresh_from_db()
    assert cal.last_error == "" and len(_summaries(cal)) == 2


def test_fetch_now_is_only_for_an_active_address(secretariat, now):
    cal = outside.outside_calendar_add(actor=secretariat, name="File", upload=nri_calendar(now))
    with pytest.raises(ValidationError, match="imported from a file"):
        outside.outside_calendar_fetch_soon(calendar=cal)


def test_fetch_now_queues_the_fetch_on_commit(secretariat, django_capture_on_commit_callbacks, monkeypatch):
    cal = OutsideCalendar.objects.create(name="NRI", url="https://example.org/nri.ics")
    queued = []

    class Queued:
        def __init__(self, name, args):
            self.name, self.args = name, args

        def delay(self):
            queued.append((self.name, self.args))

    monkeypatch.setattr(outside, "signature", Queued)  # the broker is the worker's side
    with django_capture_on_commit_callbacks(execute=True):
        outside.outside_calendar_fetch_soon(calendar=cal)
    assert queued == [(outside.FETCH_TASK, (cal.pk,))]


def test_delete_takes_the_events_and_is_audited(secretariat, now):
    cal = outside.outside_calendar_add(actor=secretariat, name="NRI", upload=nri_calendar(now))
    outside.outside_calendar_delete(actor=secretariat, calendar=cal)
    assert not OutsideCalendar.objects.exists() and not OutsideEvent.objects.exists()
    audit = AuditEvent.objects.get(action=AuditAction.OUTSIDE_CALENDAR_DELETED)
    assert (audit.target, audit.details) == ("NRI", {"events": 2})


def test_a_calendar_stopped_is_not_fetched_and_used_again_is_audited_each_time(secretariat, server, now):
    cal = outside.outside_calendar_add(
        actor=secretariat, name="NRI", url=server.serve("/nri.ics", nri_calendar(now))
    )
    server.requests.clear()

    outside.outside_calendar_switch(actor=secretariat, calendar=cal, in_use=False)
    cal.refresh_from_db()
    assert not cal.is_active and cal.events.count() == 2  # its events are kept
    assert outside.outside_calendars_refresh() == 0 and server.requests == []
    with pytest.raises(ValidationError, match="not in use"):
        outside.outside_calendar_fetch_soon(calendar=cal)

    # Asked again (a second click, a colleague at once): nothing changes, nothing is recorded.
    outside.outside_calendar_switch(actor=secretariat, calendar=cal, in_use=False)
    outside.outside_calendar_switch(actor=secretariat, calendar=cal, in_use=True)
    cal.refresh_from_db()
    assert cal.is_active and outside.outside_calendars_refresh() == 1
    audits = AuditEvent.objects.filter(action=AuditAction.OUTSIDE_CALENDAR_SWITCHED).order_by("pk")
    assert [(audit.actor, audit.target, audit.details) for audit in audits] == [
        (secretariat, "NRI", {"in_use": False}),
        (secretariat, "NRI", {"in_use": True}),
    ]


def test_the_daily_chore_refreshes_the_good_calendars_past_a_bad_one(secretariat, server, now):
    good_url = server.serve("/good.ics", nri_calendar(now))
    good = outside.outside_calendar_add(actor=secretariat, name="Good", url=good_url)
    bad = outside.outside_calendar_add(
        actor=secretariat, name="Bad", url=server.serve("/bad.ics", nri_calendar(now))
    )
    inactive = OutsideCalendar.objects.create(name="Off", url=server.url("/off.ics"), is_active=False)
    server.serve("/bad.ics", b"gone", status=404)
    server.serve("/good.ics", calendar(event("x@x", now + timedelta(days=5), summary="Fresh")))

    assert outside.outside_calendars_refresh() == 1

    assert _summaries(good) == ["Fresh"]
    bad.refresh_from_db()
    assert "404" in bad.last_error and len(_summaries(bad)) == 2
    assert "/off.ics" not in server.requests and inactive.last_fetched_at is None
    error = ChoreError.objects.get(chore=Chore.OUTSIDE_CALENDARS)
    assert error.item == f"outside calendar {bad.pk}" and "404" in error.message
    assert ChoreRun.objects.get(chore=Chore.OUTSIDE_CALENDARS).last_failed_items == 1


def test_beat_refreshes_the_calendars_daily_and_fetch_now_records_a_failure(
    settings, secretariat, server, now
):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-outside-calendars"]
    assert entry == {"task": "schedule.tasks.refresh_outside_calendars", "schedule": 24 * 3600.0}
    cal = outside.outside_calendar_add(
        actor=secretariat, name="NRI", url=server.serve("/nri.ics", nri_calendar(now))
    )
    assert refresh_outside_calendars() == 1
    server.serve("/nri.ics", b"not a calendar")
    assert fetch_outside_calendar(cal.pk) is False  # said on the calendar, not retried
    cal.refresh_from_db()
    assert cal.last_error == "This is not an iCalendar (.ics) file." and cal.events.count() == 2
