"""The meeting page's reader's own parts (their answer, the papers they may give, the written input
they may read), cached per reader: each reader sees their own whoever filled the cache, and every
change shows at once once committed. And the page reads the cache once."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from schedule.models import Meeting, MeetingAttendee
from schedule.services import records
from teams.enums import Capacity
from teams.models import FacilitatorRole
from tests.factories import MembershipFactory

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
# Versions move on commit: each request commits, so that the page's cached parts see each change.
pytestmark = pytest.mark.usefixtures("committed_requests")


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def meeting(team, facilitator):
    meeting = Meeting.objects.create(
        team=team,
        title="Call",
        agenda="1. Hybrid formats\n2. Workshop process",
        start=NOW + timedelta(days=5),
        end=NOW + timedelta(days=5, hours=1),
    )
    meeting.attendees.create(user=facilitator)
    return meeting


def _member(meeting, name):
    user = MembershipFactory(team=meeting.team, capacity=Capacity.MAG, user__display_name=name).user
    meeting.attendees.create(user=user)
    return user


@pytest.fixture
def ana(meeting):
    return _member(meeting, "Ana Member")


@pytest.fixture
def bo(meeting):
    return _member(meeting, "Bo Member")


def _page(client, meeting) -> str:
    response = client.get(reverse("schedule:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _answer(client, meeting, response, note=""):
    url = reverse("schedule:meeting_answer", args=[meeting.pk])
    assert client.post(url, {"response": response, "note": note}).status_code == 302


def test_each_reader_sees_their_own_answer_and_a_new_one_at_once(client, meeting, ana, bo):
    client.force_login(ana)
    _page(client, meeting)  # the cache is filled before the answer
    _answer(client, meeting, "apologies", "On a plane")
    html = _page(client, meeting)
    assert "Your answer: <strong>Apologies</strong>" in html and "On a plane" in html

    client.force_login(bo)
    html = _page(client, meeting)
    assert "Your answer:" not in html and "On a plane" not in html
    _answer(client, meeting, "attending")
    html = _page(client, meeting)
    assert "Your answer: <strong>Attending</strong>" in html and "On a plane" not in html

    client.force_login(ana)
    html = _page(client, meeting)
    assert "Your answer: <strong>Apologies</strong>" in html and "Attending</strong>" not in html


# The moves of the clock below stay under an hour: the cached parts' own timeout, past which any
# part is rebuilt anyway.


def test_the_answer_form_goes_when_the_meeting_ends(client, meeting, ana, time_machine):
    Meeting.objects.filter(pk=meeting.pk).update(
        start=NOW - timedelta(minutes=30), end=NOW + timedelta(minutes=10)
    )
    client.force_login(ana)
    _answer(client, meeting, "attending")
    assert "Send my answer" in _page(client, meeting)
    time_machine.move_to(NOW + timedelta(minutes=11), tick=False)
    html = _page(client, meeting)
    assert "Send my answer" not in html and "Your answer: <strong>Attending</strong>" in html


def test_a_paper_shows_late_once_its_due_time_passes(client, meeting, facilitator, ana, time_machine):
    Meeting.objects.filter(pk=meeting.pk).update(
        start=NOW + timedelta(days=3, minutes=10), end=NOW + timedelta(days=3, minutes=70)
    )
    meeting.refresh_from_db()
    client.force_login(facilitator)
    client.post(
        reverse("schedule:paper_request", args=[meeting.pk]),
        {"title": "Background note", "owner": ana.email, "due_days_before": 3},
    )
    for reader in (facilitator, ana):
        client.force_login(reader)
        assert ">Requested<" in _page(client, meeting)
    time_machine.move_to(NOW + timedelta(minutes=11), tick=False)
    for reader in (facilitator, ana):
        client.force_login(reader)
        html = _page(client, meeting)
        assert ">Late<" in html and ">Requested<" not in html


def test_a_paper_asked_for_shows_at_once_and_only_its_owner_may_give_it(
    client, meeting, facilitator, ana, bo
):
    for reader in (ana, bo):
        client.force_login(reader)
        assert "No papers are asked for this meeting." in _page(client, meeting)
    client.force_login(facilitator)
    response = client.post(
        reverse("schedule:paper_request", args=[meeting.pk]),
        {"title": "Background note", "owner": ana.email, "due_days_before": 3},
    )
    assert response.status_code == 302

    client.force_login(ana)
    html = _page(client, meeting)
    assert "Background note" in html and "Give the paper" in html
    client.force_login(bo)
    html = _page(client, meeting)
    assert "Background note" in html and "Give the paper" not in html


def test_written_input_shows_at_once_to_its_author_and_the_chair_only(client, meeting, facilitator, ana, bo):
    for reader in (ana, bo, facilitator):
        client.force_login(reader)
        _page(client, meeting)
    client.force_login(ana)
    client.post(
        reverse("schedule:input_add", args=[meeting.pk]), {"item": "Hybrid formats", "text": "I support B."}
    )
    assert "I support B." in _page(client, meeting)
    client.force_login(bo)
    html = _page(client, meeting)
    assert "I support B." not in html and "You have given no written input" in html
    client.force_login(facilitator)
    assert "I support B." in _page(client, meeting)


def test_a_decision_shows_at_once(client, meeting, facilitator, ana, django_capture_on_commit_callbacks):
    client.force_login(ana)
    assert "Nothing is recorded yet." in _page(client, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        records.decision_add(
            actor=facilitator, meeting=meeting, text="Adopt option B", decided_by="consensus"
        )
    html = _page(client, meeting)
    assert "Adopt option B" in html and "Nothing is recorded yet." not in html


def test_a_facilitator_who_steps_down_loses_the_buttons_at_once(
    client, meeting, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    html = _page(client, meeting)
    assert "Ask someone for a paper" in html and "Answers and who came" in html
    with django_capture_on_commit_callbacks(execute=True):
        FacilitatorRole.objects.filter(user=facilitator).delete()
    html = _page(client, meeting)
    assert "Ask someone for a paper" not in html and "Answers and who came" not in html
    assert "Edit or reschedule" not in html


def test_how_far_the_meeting_is_moves_with_the_clock(client, meeting, ana, time_machine):
    Meeting.objects.filter(pk=meeting.pk).update(start=NOW + timedelta(hours=3), end=NOW + timedelta(hours=4))
    client.force_login(ana)
    assert "in 3 hours" in _page(client, meeting)
    time_machine.move_to(NOW + timedelta(minutes=59), tick=False)
    html = _page(client, meeting)
    assert "in 2 hours" in html and "in 3 hours" not in html


def test_the_page_reads_the_cache_once_when_warm(client, meeting, ana, facilitator, monkeypatch):
    """One round trip: the meeting, the reader's places and every part, with their versions."""
    calls, inside = [], []

    def counted(name, original):
        def call(*args, **kwargs):
            if not inside:  # not the calls a cache makes of itself (get_many asks get)
                calls.append(name)
            inside.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for name in ("get", "get_many", "set", "set_many", "add", "delete"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    for reader in (ana, facilitator):
        client.force_login(reader)
        _page(client, meeting)
        calls.clear()
        _page(client, meeting)
        assert calls == ["get_many"]


def test_each_one_click_link_shows_its_own_invitee_s_answer_and_note(client, meeting, ana, bo):
    mine = meeting.attendees.get(user=ana)
    theirs = meeting.attendees.get(user=bo)
    MeetingAttendee.objects.filter(pk=mine.pk).update(response="apologies", response_note="On a plane")

    def link(attendee, **params):
        url = reverse("schedule:meeting_answer_link", args=[attendee.rsvp_token])
        return client.get(url, params).content.decode()

    for _ in range(2):  # the second time from what the first rendered
        html = link(mine)
        assert "On a plane" in html and re.search(r'value="apologies"[^>]*checked', html)
        html = link(theirs, answer="attending")
        assert "On a plane" not in html and re.search(r'value="attending"[^>]*checked', html)
        assert not re.search(r'value="apologies"[^>]*checked', html)
    client.post(
        reverse("schedule:meeting_answer_link", args=[theirs.rsvp_token]),
        {"response": "attending", "note": "Late"},
    )
    html = link(theirs)
    assert 'value="Late"' in html and re.search(r'value="attending"[^>]*checked', html)


def test_the_answer_link_page_is_one_query_for_a_member_and_a_guest(
    client, meeting, ana, django_assert_num_queries
):
    """The link's attendance is read with what the page shows of it, its meeting and its group: a
    field left out would cost a query of its own."""
    guest = meeting.attendees.create(email="guest@example.org", name="Gus Guest", time_zone="Asia/Tokyo")
    for attendee in (meeting.attendees.get(user=ana), guest):
        url = reverse("schedule:meeting_answer_link", args=[attendee.rsvp_token])
        client.get(url)  # the answer form's fields are rendered once
        with django_assert_num_queries(1):
            html = client.get(url, {"answer": "apologies"}).content.decode()
        assert "Call" in html and meeting.team.name in html
