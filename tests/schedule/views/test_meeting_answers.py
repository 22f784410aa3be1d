"""Answering a meeting's invitation on its page and by the one-click links, marking who came, and
the quorum in words: each role's answer and what each POST changed."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from schedule.enums import MeetingResponse
from schedule.models import Meeting, MeetingAttendee
from teams.enums import Capacity, QuorumKind
from tests.factories import FacilitatorRoleFactory, GroupFactory, MembershipFactory, SecretariatFactory

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
        team=team, title="Call", start=NOW + timedelta(days=1), end=NOW + timedelta(days=1, hours=1)
    )
    meeting.attendees.create(user=facilitator)
    return meeting


@pytest.fixture
def member(meeting):
    return meeting.attendees.create(
        user=MembershipFactory(team=meeting.team, capacity=Capacity.MAG, user__display_name="Ana Member").user
    )


@pytest.fixture
def guest(meeting):
    return meeting.attendees.create(email="guest@example.org", name="Gus Guest")


def _page(client, meeting):
    return client.get(reverse("schedule:meeting", args=[meeting.pk])).content.decode()


def test_a_member_answers_apologies_with_a_note_on_the_meeting_page(client, meeting, member):
    client.force_login(member.user)
    assert "Will you attend?" in _page(client, meeting)
    response = client.post(
        reverse("schedule:meeting_answer", args=[meeting.pk]), {"response": "apologies", "note": "On a plane"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.response, member.response_note) == ("apologies", "On a plane")
    page = client.get(response.url).content.decode()
    assert "Your answer is saved: Apologies." in page
    assert "1 apology" in page and "Apologies from: Ana Member" in page
    assert "On a plane" in page  # their own note, in their own part of the page


def test_a_bad_answer_or_a_long_note_is_told_and_changes_nothing(client, meeting, member):
    client.force_login(member.user)
    url = reverse("schedule:meeting_answer", args=[meeting.pk])
    page = client.post(url, {"response": "maybe"}, follow=True).content.decode()
    assert "Select a valid choice" in page
    page = client.post(url, {"response": "apologies", "note": "x" * 301}, follow=True).content.decode()
    assert "300 characters" in page
    member.refresh_from_db()
    assert member.response == MeetingResponse.NONE


def test_notes_are_for_those_who_run_the_meeting(client, meeting, member, facilitator):
    other = meeting.attendees.create(user=MembershipFactory(team=meeting.team).user)
    member.response, member.response_note = "apologies", "Private reason"
    member.save()
    client.force_login(other.user)
    page = _page(client, meeting)
    assert "Ana Member" in page and "Private reason" not in page
    client.force_login(facilitator)
    assert "Private reason" in _page(client, meeting)
    client.force_login(SecretariatFactory())
    assert "Private reason" in _page(client, meeting)


def test_someone_else_cannot_answer(client, meeting, other_facilitator):
    client.force_login(other_facilitator)
    response = client.post(reverse("schedule:meeting_answer", args=[meeting.pk]), {"response": "attending"})
    assert response.status_code == 403
    assert not MeetingAttendee.objects.exclude(response=MeetingResponse.NONE).exists()


def test_the_public_is_sent_to_sign_in(client, meeting):
    response = client.post(reverse("schedule:meeting_answer", args=[meeting.pk]), {"response": "attending"})
    assert response.status_code == 302 and "login" in response.url


def test_a_link_s_get_only_asks_and_its_post_answers(client, meeting, guest):
    url = reverse("schedule:meeting_answer_link", args=[guest.rsvp_token])
    page = client.get(url, {"answer": "not_attending"}).content.decode()
    assert re.search(r'value="not_attending"[^>]* checked', page)
    assert not re.search(r'value="attending"[^>]* checked', page)
    guest.refresh_from_db()
    assert guest.response == MeetingResponse.NONE  # a mail scanner's GET changes nothing
    response = client.post(url, {"response": "not_attending", "note": ""})
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.response == MeetingResponse.NOT_ATTENDING
    page = client.get(response.url).content.decode()
    assert "Thank you: your answer is saved (Not attending)." in page
    # Twice: the same answer, nothing new but the time.
    client.post(url, {"response": "not_attending"})
    assert MeetingAttendee.objects.filter(response=MeetingResponse.NOT_ATTENDING).count() == 1


def test_an_unknown_link_finds_nothing(client, meeting):
    assert client.get(reverse("schedule:meeting_answer_link", args=["nope"])).status_code == 404
    assert (
        client.post(
            reverse("schedule:meeting_answer_link", args=["nope"]), {"response": "attending"}
        ).status_code
        == 404
    )


def test_a_member_s_link_works_without_signing_in(client, meeting, member):
    response = client.post(
        reverse("schedule:meeting_answer_link", args=[member.rsvp_token]), {"response": "attending"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.response == MeetingResponse.ATTENDING


def test_the_facilitator_marks_who_came_and_sees_the_quorum_in_words(
    client, meeting, member, facilitator, team
):
    team.quorum_kind, team.quorum_value = QuorumKind.COUNT, 2
    team.save()
    member.response = "attending"
    member.save()
    client.force_login(facilitator)
    url = reverse("schedule:meeting_attendance", args=[meeting.pk])
    shown = list(meeting.attendees.values_list("pk", flat=True))
    # Before the start: refused, nothing marked.
    page = client.post(url, {"shown": shown, "present": [member.pk]}, follow=True).content.decode()
    assert "once the meeting has started" in page
    assert not MeetingAttendee.objects.filter(present__isnull=False).exists()
    with time_machine.travel(meeting.start, tick=False):
        page = _page(client, meeting)
        assert f'value="{member.pk}"' in page and "Save attendance" in page
        response = client.post(url, {"shown": shown, "present": [member.pk]})
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
    assert "1 present" in page and "0 apologies" in page and "Quorum reached: no" in page
    assert dict(meeting.attendees.values_list("pk", "present")) == {pk: pk == member.pk for pk in shown}


def test_a_member_cannot_mark_attendance_nor_set_the_quorum(client, meeting, member, team):
    client.force_login(member.user)
    with time_machine.travel(meeting.start, tick=False):
        response = client.post(
            reverse("schedule:meeting_attendance", args=[meeting.pk]),
            {"shown": [member.pk], "present": [member.pk]},
        )
    assert response.status_code == 403
    response = client.post(
        reverse("schedule:team_quorum", args=[team.cycle.year, team.area.slug]),
        {"quorum_kind": "count", "quorum_value": 3},
    )
    assert response.status_code == 403
    team.refresh_from_db()
    member.refresh_from_db()
    assert (team.quorum_kind, member.present) == (QuorumKind.NONE, None)


def test_the_facilitator_sets_the_quorum_rule_with_clear_errors(client, meeting, facilitator, team):
    client.force_login(facilitator)
    url = reverse("schedule:team_quorum", args=[team.cycle.year, team.area.slug])
    back = reverse("schedule:meeting", args=[meeting.pk])
    page = client.post(url, {"quorum_kind": "share", "quorum_value": 150, "next": back}, follow=True)
    assert "A share is at most 100 percent." in page.content.decode()
    page = client.post(url, {"quorum_kind": "count", "quorum_value": "", "next": back}, follow=True)
    assert "Say how many members" in page.content.decode()
    team.refresh_from_db()
    assert team.quorum_kind == QuorumKind.NONE
    response = client.post(url, {"quorum_kind": "share", "quorum_value": 50, "next": back})
    assert response.url == back
    team.refresh_from_db()
    assert (team.quorum_kind, team.quorum_value) == (QuorumKind.SHARE, 50)
    assert "Quorum: 1 of the group" in client.get(back).content.decode()


def test_a_group_without_an_area_runs_its_meeting_page_and_quorum_form(client, cycle):
    """A working group has no issue area: its facilitator's meeting page and the quorum form it
    posts to name the group by its own slug."""
    group = GroupFactory(cycle=cycle, title="Working group on hybrid meetings")
    chair = FacilitatorRoleFactory(team=group).user
    meeting = Meeting.objects.create(team=group, title="Call", start=NOW - timedelta(hours=1), end=NOW)
    client.force_login(chair)
    page = client.get(reverse("schedule:meeting", args=[meeting.pk]))
    assert page.status_code == 200
    quorum = reverse("schedule:team_quorum", args=[cycle.year, group.slug])
    assert quorum in page.content.decode()
    client.post(quorum, {"quorum_kind": "count", "quorum_value": 2})
    group.refresh_from_db()
    assert (group.quorum_kind, group.quorum_value) == ("count", 2)


def test_the_facilitators_cached_table_shows_a_new_answer_and_carries_each_one_s_token(
    client, meeting, member, facilitator, team
):
    """The answers table is the same for everyone who runs the meeting and is cached; an answer
    shows at once, and each facilitator's forms carry their own session's CSRF token."""
    from django.test import Client

    client.force_login(facilitator)
    assert "Ana Member" in _page(client, meeting) and "On a plane" not in _page(client, meeting)
    other = Client()
    other.force_login(member.user)
    other.post(
        reverse("schedule:meeting_answer", args=[meeting.pk]), {"response": "apologies", "note": "On a plane"}
    )
    assert "On a plane" in _page(client, meeting)

    co_chair = FacilitatorRoleFactory(team=team, kind="co_chair").user
    second = Client()
    second.force_login(co_chair)
    tokens = {
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _page(c, meeting))[1]
        for c in (client, second)
    }
    assert len(tokens) == 2 and "csrf-token-of-the-request" not in _page(second, meeting)
