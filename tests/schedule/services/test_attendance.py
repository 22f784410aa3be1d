"""Answers to a meeting's invitation, who came, and the quorum: the services, the summary, the
invitation's own answer links and a calendar copy that asks for no reply."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from schedule.enums import MeetingResponse
from schedule.models import Meeting, MeetingAttendee
from schedule.selectors.attendance import attendance_summary, attendee_by_rsvp_token, quorum_needed
from schedule.services import attendance, meetings, polls
from teams.enums import Capacity, QuorumKind
from tests.factories import MembershipFactory
from tests.support.mail import newly_sent

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


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


def _member(meeting, capacity=Capacity.MAG):
    user = MembershipFactory(team=meeting.team, capacity=capacity).user
    return meeting.attendees.create(user=user)


def test_an_answer_is_saved_with_its_note_and_answering_again_replaces_it(meeting):
    attendee = _member(meeting)
    attendance.meeting_answer(
        attendee=attendee, response="apologies", note=" Travelling ", actor=attendee.user
    )
    attendee.refresh_from_db()
    assert (attendee.response, attendee.response_note, attendee.responded_at) == (
        "apologies",
        "Travelling",
        NOW,
    )
    attendance.meeting_answer(attendee=attendee, response="attending", note="", actor=attendee.user)
    attendee.refresh_from_db()
    assert (attendee.response, attendee.response_note) == ("attending", "")
    assert AuditEvent.objects.filter(action=AuditAction.MEETING_ANSWERED).count() == 2


@pytest.mark.parametrize("response", ["none", "maybe", ""])
def test_only_the_three_answers_are_accepted(meeting, response):
    attendee = _member(meeting)
    with pytest.raises(ValidationError):
        attendance.meeting_answer(attendee=attendee, response=response, actor=attendee.user)
    attendee.refresh_from_db()
    assert attendee.response == MeetingResponse.NONE


def test_a_note_is_bounded_and_nothing_is_half_saved(meeting):
    attendee = _member(meeting)
    with pytest.raises(ValidationError):
        attendance.meeting_answer(attendee=attendee, response="apologies", note="x" * 301, actor=None)
    attendee.refresh_from_db()
    assert attendee.response == MeetingResponse.NONE and not AuditEvent.objects.exists()


def test_answers_close_when_the_meeting_is_over_or_cancelled(meeting, facilitator):
    attendee = _member(meeting)
    with time_machine.travel(meeting.end, tick=False), pytest.raises(ValidationError):
        attendance.meeting_answer(attendee=attendee, response="attending", actor=None)
    meetings.meeting_cancel(actor=facilitator, meeting=meeting)
    with pytest.raises(ValidationError):
        attendance.meeting_answer(attendee=attendee, response="attending", actor=None)


def test_attendance_is_marked_after_the_start_for_the_attendees_shown_only(meeting, facilitator):
    came, absent, elsewhere = _member(meeting), _member(meeting), _member(meeting)
    shown = [came.pk, absent.pk]
    with pytest.raises(ValidationError):  # not before the start
        attendance.attendance_mark(actor=facilitator, meeting=meeting, shown=shown, present=[came.pk])
    with time_machine.travel(meeting.start, tick=False):
        assert (
            attendance.attendance_mark(actor=facilitator, meeting=meeting, shown=shown, present=[came.pk])
            == 1
        )
    rows = {a.pk: a for a in MeetingAttendee.objects.filter(meeting=meeting)}
    assert (rows[came.pk].present, rows[absent.pk].present, rows[elsewhere.pk].present) == (True, False, None)
    assert rows[came.pk].marked_by == facilitator
    assert AuditEvent.objects.filter(action=AuditAction.ATTENDANCE_MARKED).count() == 1


def test_attendance_refuses_people_of_another_meeting(meeting, facilitator, other_team):
    other = Meeting.objects.create(team=other_team, title="Other", start=NOW, end=NOW + timedelta(hours=1))
    stranger = other.attendees.create(email="someone@example.org")
    with time_machine.travel(meeting.start, tick=False), pytest.raises(ValidationError):
        attendance.attendance_mark(
            actor=facilitator, meeting=meeting, shown=[stranger.pk], present=[stranger.pk]
        )
    stranger.refresh_from_db()
    assert stranger.present is None


def test_the_quorum_counts_present_mag_members_against_the_rule(meeting, facilitator):
    mags = [_member(meeting) for _ in range(4)]
    other = _member(meeting, capacity=Capacity.OTHER)
    apologetic = _member(meeting)
    attendance.meeting_answer(attendee=apologetic, response="apologies", note="ill", actor=None)
    summary = attendance_summary(meeting=meeting)
    assert (summary.apologies, summary.present, summary.quorum_reached) == (1, None, None)
    assert summary.apologies_names == [apologetic.display_name]

    attendance.quorum_rule_set(actor=facilitator, team=meeting.team, kind=QuorumKind.SHARE, value=50)
    meeting.team.refresh_from_db()
    with time_machine.travel(meeting.start, tick=False):
        shown = [a.pk for a in meeting.attendees.all()]
        attendance.attendance_mark(
            actor=facilitator, meeting=meeting, shown=shown, present=[mags[0].pk, mags[1].pk, other.pk]
        )
    summary = attendance_summary(meeting=meeting)
    # Six MAG members in the team (the facilitator, the four, the one who sent apologies): 50% is three.
    assert (summary.present, summary.present_mag, summary.mag_members, summary.needed) == (3, 2, 6, 3)
    assert summary.quorum_reached is False
    attendance.quorum_rule_set(actor=facilitator, team=meeting.team, kind=QuorumKind.COUNT, value=2)
    meeting.team.refresh_from_db()
    assert attendance_summary(meeting=meeting).quorum_reached is True
    assert AuditEvent.objects.filter(action=AuditAction.QUORUM_RULE_SET).count() == 2


@pytest.mark.parametrize(
    ("kind", "value"), [("count", 0), ("count", 501), ("share", 101), ("share", None), ("most", 3)]
)
def test_a_quorum_rule_is_bounded(team, facilitator, kind, value):
    with pytest.raises(ValidationError):
        attendance.quorum_rule_set(actor=facilitator, team=team, kind=kind, value=value)
    team.refresh_from_db()
    assert team.quorum_kind == QuorumKind.NONE


def test_no_rule_needs_nobody(team):
    assert quorum_needed(team, 10) is None


def _poll_meeting(team, facilitator):
    MembershipFactory(team=team, user__email="member@example.org")
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=3)],
        guests=["guest@example.org"],
    )
    newly_sent()
    meeting = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    meetings.meeting_notices_send(meeting.pk)
    return meeting


def test_each_invitation_carries_its_recipients_own_answer_links_and_no_one_elses(team, facilitator):
    meeting = _poll_meeting(team, facilitator)
    sent = {m.to[0]: m for m in newly_sent()}
    attendees = {a.address: a for a in meeting.attendees.select_related("user")}
    assert set(sent) == set(attendees) and "guest@example.org" in sent
    for address, message in sent.items():
        html = message.alternatives[0][0]
        for other_address, other in attendees.items():
            mine = other_address == address
            assert (other.rsvp_token in message.body) is mine
            assert (other.rsvp_token in html) is mine
        for answer in ("attending", "not_attending", "apologies"):
            assert f"/meetings/answer/{attendees[address].rsvp_token}/?answer={answer}" in message.body


def test_the_outbox_copy_hides_the_answer_links(team, facilitator):
    from notifications.models import OutboxMessage

    meeting = _poll_meeting(team, facilitator)
    for attendee in meeting.attendees.select_related("user"):
        assert not OutboxMessage.objects.filter(body_text__contains=attendee.rsvp_token).exists()


def test_the_calendar_copy_asks_for_no_reply(team, facilitator):
    meeting = _poll_meeting(team, facilitator)
    ics = meetings.calendar_copy_for(
        meeting, list(meeting.attendees.select_related("user")), reader=facilitator, method="REQUEST"
    )
    assert "ATTENDEE" in ics and "PARTSTAT=NEEDS-ACTION" in ics
    assert "RSVP" not in ics


def test_a_withdrawn_guest_s_answer_link_finds_nothing(team, facilitator):
    from django.http import Http404

    meeting = _poll_meeting(team, facilitator)
    guest = meeting.attendees.get(email="guest@example.org")
    assert attendee_by_rsvp_token(token=guest.rsvp_token) == guest
    meeting.poll.invitees.filter(email="guest@example.org").update(revoked_at=NOW)
    with pytest.raises(Http404):
        attendee_by_rsvp_token(token=guest.rsvp_token)


def test_a_guest_s_meeting_page_leads_to_their_own_answer_page(client, team, facilitator):
    from django.urls import reverse

    meeting = _poll_meeting(team, facilitator)
    guest = meeting.attendees.get(email="guest@example.org")
    token = meeting.poll.invitees.get(email="guest@example.org").token
    page = client.get(reverse("schedule:meeting_guest", args=[token])).content.decode()
    assert reverse("schedule:meeting_answer_link", args=[guest.rsvp_token]) in page
    page = client.get(reverse("schedule:meeting_answer_link", args=[guest.rsvp_token])).content.decode()
    assert "Will you attend?" in page and "Send my answer" in page
