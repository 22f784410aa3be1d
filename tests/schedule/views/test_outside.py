"""The secretariat's outside calendars pages: bad input said on the form (never a 500, nothing
saved), a calendar's events shown by day, fetch now, stop using it / use it again, and delete."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from schedule.models import OutsideCalendar, OutsideEvent
from schedule.models.outside import CALENDAR_FILE_MAX_BYTES
from schedule.selectors.outside import EVENTS_PER_PAGE
from tests.programme.clash_support import later, placed_session
from tests.support.http_server import local_server
from tests.support.ics import calendar, event, nri_calendar

pytestmark = pytest.mark.django_db
LIST = reverse("schedule:outside_calendars")


def _file(data: bytes, name="nri.ics"):
    return SimpleUploadedFile(name, data, content_type="text/calendar")


def _add(client, **data):
    return client.post(LIST, {"name": "NRI events", "url": "", "note": "", **data})


@pytest.fixture
def signed_in(client, secretariat, now):
    client.force_login(secretariat)
    return client


def test_an_uploaded_file_shows_its_events(signed_in, now):
    response = _add(signed_in, upload=_file(nri_calendar(now)))
    cal = OutsideCalendar.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "schedule:outside_calendar", args=[cal.pk]
    )
    page = signed_in.get(response["Location"]).content.decode()
    assert "is added with 2 events" in page
    assert "NRI regional forum" in page and "NRI coordination call" in page
    listing = signed_in.get(LIST).content.decode()
    assert "NRI events" in listing and "<td>2</td>" in listing


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"upload": _file(b"hello", "notes.txt")}, "This is not an iCalendar (.ics) file."),
        ({"upload": _file(b"x" * (CALENDAR_FILE_MAX_BYTES + 1))}, "larger than 2 MB"),
        ({"url": "http://10.0.0.1/nri.ics"}, "inside a private network"),
        ({"url": "http://169.254.169.254/latest/meta-data/"}, "inside a private network"),
        ({}, "Give either the calendar&#x27;s address or its file."),
        ({"url": "not an address"}, "Enter a valid URL."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_is_said_on_the_form_and_nothing_is_saved(signed_in, data, message):
    response = _add(signed_in, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OutsideCalendar.objects.exists()


def test_both_an_address_and_a_file_is_refused(signed_in, now):
    response = _add(signed_in, url="https://example.org/nri.ics", upload=_file(nri_calendar(now)))
    assert "Give either the calendar&#x27;s address or its file." in response.content.decode()
    assert not OutsideCalendar.objects.exists()


def test_an_unreachable_site_is_said_on_the_form(signed_in, settings):
    settings.IGFMAG_OUTSIDE_CALENDAR_ALLOW_PRIVATE = True
    with local_server() as server:
        url = server.serve("/slow.ics", b"late", status=500)
        response = _add(signed_in, url=url)
    assert "The site answered with an error (HTTP 500)." in response.content.decode()
    assert not OutsideCalendar.objects.exists()


def test_an_address_on_a_local_server_is_added(signed_in, settings, now):
    settings.IGFMAG_OUTSIDE_CALENDAR_ALLOW_PRIVATE = True
    with local_server() as server:
        response = _add(signed_in, url=server.serve("/nri.ics", nri_calendar(now)))
    cal = OutsideCalendar.objects.get()
    assert response.status_code == 302 and cal.events.count() == 2
    page = signed_in.get(reverse("schedule:outside_calendar", args=[cal.pk])).content.decode()
    assert "Fetch now" in page


def test_the_last_error_shows_on_the_list_and_the_calendar(signed_in):
    cal = OutsideCalendar.objects.create(
        name="ICANN", url="https://example.org/icann.ics", last_error="Gone away."
    )
    assert "Gone away." in signed_in.get(LIST).content.decode()
    page = signed_in.get(reverse("schedule:outside_calendar", args=[cal.pk])).content.decode()
    assert "Gone away. The events of the last good fetch are kept." in page


def test_events_are_paged(signed_in, now):
    cal = OutsideCalendar.objects.create(name="Daily")
    OutsideEvent.objects.bulk_create(
        OutsideEvent(
            calendar=cal,
            uid=f"{i}@x",
            summary=f"Event number {i}",
            starts_at=now + timedelta(hours=i + 1),
            ends_at=now + timedelta(hours=i + 2),
        )
        for i in range(EVENTS_PER_PAGE + 5)
    )
    url = reverse("schedule:outside_calendar", args=[cal.pk])
    first = signed_in.get(url).content.decode()
    assert "Event number 0<" in first and f"Event number {EVENTS_PER_PAGE}<" not in first
    second = signed_in.get(url + "?page=2").content.decode()
    assert f"Event number {EVENTS_PER_PAGE}<" in second and "Page 2 of 2" in second


def test_fetch_now_of_a_file_calendar_says_why_not(signed_in, now):
    cal = OutsideCalendar.objects.create(name="From a file")
    response = signed_in.post(reverse("schedule:outside_calendar_fetch", args=[cal.pk]), follow=True)
    assert "imported from a file" in response.content.decode()


def test_delete_asks_then_deletes(signed_in, now):
    _add(signed_in, upload=_file(calendar(event("a@x", now + timedelta(days=1)))))
    cal = OutsideCalendar.objects.get()
    url = reverse("schedule:outside_calendar_delete", args=[cal.pk])
    assert "This cannot be undone." in signed_in.get(url).content.decode()
    response = signed_in.post(url, follow=True)
    assert "is deleted with its events" in response.content.decode()
    assert not OutsideCalendar.objects.exists()


def test_the_timeline_links_the_secretariat_to_outside_calendars(client, signed_in, cycle, community):
    assert LIST in signed_in.get(reverse("schedule:timeline")).content.decode()
    client.force_login(community)
    assert LIST not in client.get(reverse("schedule:timeline")).content.decode()


def test_stop_using_a_calendar_takes_its_clashes_off_and_use_it_again_brings_them_back(
    signed_in, cycle, team, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = placed_session(cycle=cycle, team=team, start=later(now), title="Youth voices")
    cal = OutsideCalendar.objects.create(name="NRI events", last_fetched_at=now)
    cal.events.create(
        uid="nri-1",
        summary="West African IGF",
        starts_at=session.starts_at - timedelta(hours=2),
        ends_at=session.starts_at + timedelta(minutes=30),
    )
    page_url = reverse("schedule:outside_calendar", args=[cal.pk])
    switch = reverse("schedule:outside_calendar_switch", args=[cal.pk])
    clashes = reverse("programme:clashes")
    build = reverse("programme:build") + f"?day={session.starts_at.date().isoformat()}"
    on_list, on_build = (
        "During “West African IGF” (NRI events):",
        "is during “West African IGF” (NRI events).",
    )
    page = signed_in.get(page_url).content.decode()
    assert "<dt>In use</dt><dd>Yes</dd>" in page and "Stop using it" in page and "Use it again" not in page
    assert on_list in signed_in.get(clashes).content.decode()
    assert on_build in signed_in.get(build).content.decode()  # both pages now cached

    response = signed_in.post(switch, {"in_use": "0"}, follow=True)
    assert response.redirect_chain == [(page_url, 302)]
    page = response.content.decode()
    assert "“NRI events” is no longer used" in page
    assert "<dt>In use</dt><dd>No: it is not fetched" in page and "Use it again" in page
    assert "Fetch now" not in page and "Stop using it" not in page
    cal.refresh_from_db()
    assert not cal.is_active and cal.events.count() == 1
    assert on_list not in signed_in.get(clashes).content.decode()
    assert on_build not in signed_in.get(build).content.decode()
    assert "(not in use)" in signed_in.get(LIST).content.decode()

    response = signed_in.post(switch, {"in_use": "1"}, follow=True)
    assert "“NRI events” is in use again" in response.content.decode()
    cal.refresh_from_db()
    assert cal.is_active
    assert on_list in signed_in.get(clashes).content.decode()
    assert on_build in signed_in.get(build).content.decode()
    audits = AuditEvent.objects.filter(action=AuditAction.OUTSIDE_CALENDAR_SWITCHED).order_by("pk")
    assert [audit.details for audit in audits] == [{"in_use": False}, {"in_use": True}]


def test_switching_is_a_post_only(signed_in):
    cal = OutsideCalendar.objects.create(name="NRI events")
    assert signed_in.get(reverse("schedule:outside_calendar_switch", args=[cal.pk])).status_code == 405
    cal.refresh_from_db()
    assert cal.is_active and not AuditEvent.objects.filter(action=AuditAction.OUTSIDE_CALENDAR_SWITCHED)
