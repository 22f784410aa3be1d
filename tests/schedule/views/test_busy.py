"""A person's busy times page (/profile/busy/): an upload shows its count, the private address is
never shown back (only its host), errors on the form, fetch now and remove for one's own only; and
nobody else, not the secretariat, sees them, on any page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schedule.models import BusyCalendar, BusyTime
from schedule.services import busy, poll_mail, polls
from tests.factories import MembershipFactory
from tests.support.http_server import local_server
from tests.support.ics import calendar, event

pytestmark = pytest.mark.django_db
PAGE = reverse("schedule:busy_calendars")
SECRET = "/private/9f8e7d6c5b4a/basic.ics"


def _file(data: bytes, name="me.ics"):
    return SimpleUploadedFile(name, data, content_type="text/calendar")


@pytest.fixture
def signed_in(client, community, now):
    client.force_login(community)
    return client


def test_the_profile_links_to_the_page(signed_in):
    page = signed_in.get(reverse("profile_edit")).content.decode()
    assert PAGE in page and "Your busy times" in page


def test_an_upload_is_counted_for_the_next_eight_weeks(signed_in, community, now):
    ics = calendar(
        event("a@x", now + timedelta(days=1), summary="Dentist appointment"),
        event("b@x", now + timedelta(days=2)),
        event("c@x", now + timedelta(weeks=10)),
    )
    response = signed_in.post(PAGE, {"url": "", "upload": _file(ics)})
    assert response.status_code == 302 and response["Location"] == PAGE
    page = signed_in.get(PAGE).content.decode()
    assert "Your calendar is added with 3 busy times." in page
    assert "2 busy times in the next 8 weeks" in page and "Uploaded file" in page
    assert "Dentist" not in page
    assert BusyTime.objects.filter(user=community).count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"upload": _file(b"hello", "notes.txt")}, "This is not an iCalendar (.ics) file."),
        ({"url": "http://10.0.0.1/me.ics"}, "inside a private network"),
        ({"url": "http://127.0.0.1/me.ics"}, "inside a private network"),
        ({}, "Give either the calendar&#x27;s address or its file."),
        ({"url": "not an address"}, "Enter a valid URL."),
    ],
)
def test_bad_input_is_said_on_the_form(signed_in, settings, data, message):
    settings.IGFMAG_BUSY_CALENDAR_ALLOW_PRIVATE = False
    response = signed_in.post(PAGE, {"url": "", **data})
    assert response.status_code == 200 and message in response.content.decode()
    assert not BusyCalendar.objects.exists()


def test_an_address_is_never_shown_back_only_its_host(signed_in, settings, now):
    settings.IGFMAG_BUSY_CALENDAR_ALLOW_PRIVATE = True
    with local_server() as server:
        url = server.serve(SECRET, calendar(event("a@x", now + timedelta(days=1))))
        signed_in.post(PAGE, {"url": url})
        server.serve(SECRET, b"gone", status=404)
        cal = BusyCalendar.objects.get()
        busy.busy_calendars_refresh()
    page = signed_in.get(PAGE).content.decode()
    assert "Calendar at 127.0.0.1" in page and "9f8e7d6c5b4a" not in page and url not in page
    assert "1 busy time in the next 8 weeks" in page
    assert "The last fetch failed:" in page and "404" in page
    assert cal.url == url


def test_fetch_now_and_remove(signed_in, community, now, monkeypatch, django_capture_on_commit_callbacks):
    cal = BusyCalendar.objects.create(user=community, url="https://example.org/me.ics")
    queued = []
    monkeypatch.setattr(
        busy, "signature", lambda name, args: type("Q", (), {"delay": lambda s: queued.append(args)})()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("schedule:busy_calendar_fetch", args=[cal.pk]), follow=True)
    assert queued == [(cal.pk,)] and "is being fetched" in response.content.decode()
    uploaded = busy.busy_calendar_add(user=community, upload=calendar(event("a@x", now + timedelta(days=1))))
    response = signed_in.post(reverse("schedule:busy_calendar_fetch", args=[uploaded.pk]), follow=True)
    assert "uploaded as a file" in response.content.decode()
    signed_in.post(reverse("schedule:busy_calendar_remove", args=[uploaded.pk]))
    assert list(BusyCalendar.objects.all()) == [cal] and not BusyTime.objects.exists()


@pytest.mark.parametrize("who", ["mag", "secretariat"])
def test_nobody_else_can_fetch_or_remove_them(client, community, request, who, now):
    cal = busy.busy_calendar_add(user=community, upload=calendar(event("a@x", now + timedelta(days=1))))
    other = request.getfixturevalue(who)
    other.is_superuser = who == "secretariat"  # not even a superuser
    other.save()
    client.force_login(other)
    for name in ("busy_calendar_fetch", "busy_calendar_remove"):
        assert client.post(reverse(f"schedule:{name}", args=[cal.pk])).status_code == 404
    assert "You have given no calendar yet." in client.get(PAGE).content.decode()
    assert BusyTime.objects.filter(user=community).count() == 1


def test_no_admin_shows_busy_times():
    from django.contrib import admin

    from schedule.models import BusyCalendar, BusyTime

    assert BusyCalendar not in admin.site._registry and BusyTime not in admin.site._registry


def test_a_poll_page_shows_nobody_s_busy_times(client, team, facilitator, now):
    member = MembershipFactory(team=team, user__email="amina@example.org").user
    start = now + timedelta(days=4)
    poll = polls.poll_create(
        actor=facilitator, team=team, title="First call", deadline=now + timedelta(days=2), slots=[start]
    )
    poll_mail.poll_invitations_send(poll.pk)
    busy.busy_calendar_add(
        user=member, upload=calendar(event("busy@x", start, summary="Private dentist appointment"))
    )
    # The member's own form is pre-filled from it (theirs alone); no title, ever.
    client.force_login(member)
    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert "busy in your calendar" in page and "dentist" not in page.lower()
    # Whoever runs the poll sees nothing of it.
    client.force_login(facilitator)
    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert "dentist" not in page.lower() and "busy" not in page.lower()


def test_a_calendar_added_after_a_visit_shows_on_the_next_and_a_fetch_needs_no_new_version(
    client, team, facilitator, now, django_capture_on_commit_callbacks
):
    """The poll keeps, with what it knows of its reader, whether they gave a busy calendar: adding
    one shows at once (it moves the version), and the busy times themselves are read fresh."""
    member = MembershipFactory(team=team, user__email="amina@example.org").user
    start = now + timedelta(days=4)
    poll = polls.poll_create(
        actor=facilitator, team=team, title="First call", deadline=now + timedelta(days=2), slots=[start]
    )
    poll_mail.poll_invitations_send(poll.pk)
    client.force_login(member)
    url = reverse("schedule:poll", args=[poll.pk])
    assert "busy in your calendar" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        added = busy.busy_calendar_add(user=member, upload=calendar(event("busy@x", start)))
    assert "busy in your calendar" in client.get(url).content.decode()
    # A later fetch replaced the times (here: none at that slot): read fresh, no version needed.
    BusyTime.objects.filter(calendar=added).delete()
    assert "busy in your calendar" not in client.get(url).content.decode()
