"""The meeting page's cached part (zones, people invited, agenda): right at once after a change is
committed, and right for each reader (their zone, their language, what they may do)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from schedule.models import MeetingAttendee
from schedule.services import meetings, polls
from tests.factories import MembershipFactory

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def meeting(team, facilitator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        poll = polls.poll_create(
            actor=facilitator,
            team=team,
            title="First call",
            deadline=NOW + timedelta(days=1),
            slots=[NOW + timedelta(days=3)],
        )
        return meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())


@pytest.fixture
def amina(meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = MembershipFactory(
            team=meeting.team, user__display_name="Amina Diallo", user__time_zone="Africa/Dakar"
        ).user
        MeetingAttendee.objects.create(meeting=meeting, user=user)
    return user


def _page(client, meeting, **params) -> str:
    response = client.get(reverse("schedule:meeting", args=[meeting.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_renamed_attendee_shows_under_the_new_name_at_once(
    client, meeting, amina, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    assert "Amina Diallo" in _page(client, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        amina.display_name = "Amina Ba"
        amina.save(update_fields=["display_name"])
    html = _page(client, meeting)
    assert "Amina Ba" in html and "Amina Diallo" not in html


def test_an_attendee_who_moves_shows_in_the_new_zone_at_once(
    client, meeting, amina, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    assert "Africa/Dakar" in _page(client, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        amina.time_zone = "Asia/Tokyo"
        amina.save(update_fields=["time_zone"])
    html = _page(client, meeting)
    assert "Asia/Tokyo" in html and "Africa/Dakar" not in html


def test_a_rescheduled_meeting_shows_its_new_time_and_agenda_at_once(
    client, meeting, amina, facilitator, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(meetings, "_notices_enqueue", lambda meeting: None)  # no emails under test
    client.force_login(facilitator)
    assert "08 Jan 2027, 09:00" in _page(client, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_update(
            actor=facilitator,
            meeting=meeting,
            start=meeting.start + timedelta(hours=2),
            end=meeting.end + timedelta(hours=2),
            agenda="Fresh **agenda**",
        )
    html = _page(client, meeting)
    assert "08 Jan 2027, 11:00" in html and "Fresh <strong>agenda</strong>" in html


def test_each_reader_gets_their_own_zone_row(client, meeting, amina, facilitator):
    client.force_login(facilitator)  # UTC
    assert "Pacific/Auckland" not in _page(client, meeting)

    amina.time_zone = "Pacific/Auckland"
    amina.save(update_fields=["time_zone"])
    client.force_login(amina)
    assert "<td>Pacific/Auckland</td>" in _page(client, meeting)


def test_each_reader_reads_the_times_in_their_language(client, meeting, amina, facilitator):
    client.force_login(facilitator)
    assert "Fri 08 Jan 2027" in _page(client, meeting)

    amina.language = "fr"
    amina.save(update_fields=["language"])
    client.force_login(amina)
    html = _page(client, meeting)
    assert "Fri 08 Jan 2027" not in html and "ven 8 jan. 2027" in html


def test_only_who_runs_the_meeting_gets_its_buttons_whoever_filled_the_cache(
    client, meeting, amina, facilitator
):
    client.force_login(facilitator)
    assert "Edit or reschedule" in _page(client, meeting)
    client.force_login(amina)
    html = _page(client, meeting)
    assert "Amina Diallo" in html and "Edit or reschedule" not in html and "Cancel the meeting" not in html


def test_someone_outside_the_team_is_refused_even_when_the_page_is_cached(client, meeting, amina, community):
    client.force_login(amina)
    _page(client, meeting)
    client.force_login(community)
    response = client.get(reverse("schedule:meeting", args=[meeting.pk]))
    assert response.status_code in (302, 403, 404)
    assert "Amina Diallo" not in response.content.decode()
