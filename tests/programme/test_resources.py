"""Rooms and channels: added, changed and retired by the secretariat; booked for a group's meeting
never over another booking, the clash named on the form; a retired one is not offered."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from programme.models import Resource, ResourceBooking
from programme.services import build
from programme.services import resources as services
from schedule.models import Meeting
from tests.factories import CycleFactory, IssueTeamFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return SecretariatFactory()


def test_the_secretariat_adds_and_retires_a_channel(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("programme:resources"),
        {"name": "Zoom 3", "kind": "channel", "join_url": "https://zoom.example.org/j/3", "is_active": "on"},
    )
    assert response.status_code == 302
    zoom = Resource.objects.get(name="Zoom 3")
    assert zoom.is_active and AuditEvent.objects.filter(action=services.RESOURCE_ADDED).exists()
    response = client.post(
        reverse("programme:resource", args=[zoom.pk]), {"resource-name": "Zoom 3", "resource-kind": "channel"}
    )
    assert response.status_code == 302
    zoom.refresh_from_db()
    assert not zoom.is_active
    page = client.get(reverse("programme:session_edit", args=[_session(secretariat).pk])).content.decode()
    assert "Zoom 3</option>" not in page


def _session(secretariat):
    from django.utils import timezone

    return build.session_add(
        actor=secretariat,
        cycle=CycleFactory(),
        title="Session",
        convener="mag",
        starts_at=timezone.now().replace(microsecond=0) + timedelta(days=4),
    )


def test_a_meeting_cannot_take_a_channel_a_session_holds(client, secretariat, now):
    zoom = Resource.objects.create(name="Zoom 2")
    session = _session(secretariat)
    services.book_session(actor=secretariat, resource=zoom, session=session)
    team = IssueTeamFactory(cycle=session.cycle)
    meeting = Meeting.objects.create(
        team=team,
        title="Team call",
        start=session.starts_at + timedelta(minutes=60),
        end=session.ends_at + timedelta(hours=1),
    )
    client.force_login(secretariat)
    response = client.post(
        reverse("programme:resource_book_meeting", args=[zoom.pk]), {"meeting": meeting.pk}
    )
    assert response.status_code == 200
    assert "Zoom 2 is booked" in response.content.decode() and "for “Session”" in response.content.decode()
    assert not ResourceBooking.objects.filter(meeting=meeting).exists()
    later = Meeting.objects.create(
        team=team, title="Later call", start=session.ends_at, end=session.ends_at + timedelta(hours=1)
    )
    response = client.post(reverse("programme:resource_book_meeting", args=[zoom.pk]), {"meeting": later.pk})
    assert response.status_code == 302
    page = client.get(reverse("programme:resource", args=[zoom.pk])).content.decode()
    assert "Later call" in page and "Session" in page


def test_the_cached_list_shows_a_new_and_a_retired_channel_at_once(
    client, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    assert "Zoom 7" not in client.get(reverse("programme:resources")).content.decode()  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("programme:resources"),
            {
                "name": "Zoom 7",
                "kind": "channel",
                "join_url": "https://zoom.example.org/j/7",
                "is_active": "on",
            },
        )
    page = client.get(reverse("programme:resources")).content.decode()
    assert "Zoom 7" in page
    zoom = Resource.objects.get(name="Zoom 7")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("programme:resource", args=[zoom.pk]),
            {"resource-name": "Zoom 8", "resource-kind": "channel"},
        )
    page = client.get(reverse("programme:resources")).content.decode()
    assert "Zoom 8" in page and "Zoom 7" not in page


def test_a_booking_sent_for_a_session_taken_out_of_its_time_says_why_it_was_refused(client, secretariat, now):
    """The form of a page shown while the session was placed, sent after someone unplaced it."""
    zoom = Resource.objects.create(name="Zoom 4")
    session = _session(secretariat)
    build.session_edit(actor=secretariat, session=session, starts_at=None)
    client.force_login(secretariat)
    response = client.post(reverse("programme:session_book", args=[session.pk]), {"resource": zoom.pk})
    assert response.status_code == 200
    assert "Place the session in time before you book" in response.content.decode()
    assert not ResourceBooking.objects.exists()
