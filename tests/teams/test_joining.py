"""Joining a team while its poll is open or its meeting is scheduled: the newcomer is invited to
both, once, in the transaction that adds them."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from notifications.models import OutboxMessage
from schedule import meetings, polls
from schedule import receivers as schedule_receivers
from schedule.models import MeetingAttendee
from teams import services
from teams.enums import Capacity
from tests.factories import MembershipFactory, UserFactory
from tests.support.mail import newly_sent

NOW = datetime(2027, 3, 27, 23, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def open_poll(team, facilitator):
    """A poll of two (the facilitator and a member), one of whom answered."""
    member = MembershipFactory(team=team, user__display_name="Early Member").user
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Second call",
        deadline=NOW + timedelta(days=2),
        slots=[NOW + timedelta(days=4)],
    )
    polls.vote_submit(invitee=poll.invitees.get(user=member), answers={poll.slots.get().pk: "yes"})
    polls.poll_invitations_send(poll.pk)
    newly_sent()
    return poll


@pytest.fixture
def newcomer(db):
    return UserFactory(email="newcomer@example.org", display_name="New Comer", time_zone="Asia/Tokyo")


def test_a_newcomer_is_invited_to_the_open_poll_and_sees_the_answer_form(client, team, open_poll, newcomer):
    client.force_login(newcomer)
    assert client.get(reverse("schedule:poll", args=[open_poll.pk])).status_code == 403

    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)

    page = client.get(reverse("schedule:poll", args=[open_poll.pk])).content.decode()
    assert "Save my answers" in page and "1 of 3 answered" in page
    (invitation,) = newly_sent()
    assert invitation.to == [newcomer.email] and invitation.subject.endswith(
        "When can you meet? Second call (Trust, security and stability)"
    )
    event = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_JOINED, subject=newcomer)
    assert event.details == {"capacity": "dc", "polls_invited": 1, "meeting_invitations": 0}


def test_joining_twice_or_in_another_capacity_invites_once(team, open_poll, newcomer):
    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    services.membership_create(user=newcomer, team=team, capacity=Capacity.OTHER)
    polls.poll_invitations_send(open_poll.pk)  # the creation task, retried late

    assert [m.to for m in newly_sent()] == [[newcomer.email]]
    assert open_poll.invitees.filter(user=newcomer).count() == 1


def test_rejoining_after_leaving_invites_again_once_because_leaving_withdrew_the_invitation(
    client, team, open_poll, newcomer
):
    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    invitation = open_poll.invitees.get(user=newcomer)
    polls.vote_submit(invitee=invitation, answers={open_poll.slots.get().pk: "no"})
    services.membership_delete(user=newcomer, team=team)
    newly_sent()

    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)

    assert [m.to for m in newly_sent()] == [[newcomer.email]]
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and invitation.answered_at is None  # the old answers went on leaving
    client.force_login(newcomer)
    page = client.get(reverse("schedule:poll", args=[open_poll.pk])).content.decode()
    assert "Save my answers" in page and "1 of 3 answered" in page


def test_a_closed_poll_invites_nobody_new(team, open_poll, newcomer):
    with time_machine.travel(NOW + timedelta(days=2, minutes=1), tick=False):
        polls.poll_chores()
        services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
        assert not open_poll.invitees.filter(user=newcomer).exists()
        # ...but when its slot is chosen, the team's newcomer is invited to the meeting.
        meeting = meetings.meeting_create_from_slot(
            actor=open_poll.created_by, poll=open_poll, slot=open_poll.slots.get()
        )
    assert meeting.attendees.filter(user=newcomer).exists()


@pytest.fixture
def meeting(team, facilitator):
    MembershipFactory(team=team, user__email="amina@example.org")
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=3)],
        guests=["guest@example.org"],
    )
    meeting = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    newly_sent()
    return meeting


def _copy(message):
    ((name, content, mimetype),) = message.attachments
    assert name == "invite.ics" and mimetype == "text/calendar; method=REQUEST"
    return Calendar.from_ical(content)


def test_a_newcomer_attends_the_scheduled_meeting_with_one_invitation_naming_only_them(
    team, meeting, newcomer, facilitator
):
    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    services.membership_create(user=newcomer, team=team, capacity=Capacity.OTHER)

    assert MeetingAttendee.objects.filter(meeting=meeting, user=newcomer).count() == 1
    (invitation,) = newly_sent()
    assert invitation.to == [newcomer.email] and invitation.subject == "[IGF MAG] Invitation: First call"
    assert "/meetings/%d/invite.ics" % meeting.pk in invitation.body
    calendar = _copy(invitation)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "REQUEST" and str(event["uid"]).startswith(f"meeting-{meeting.uid}@")
    assert (
        str(event["organizer"]).startswith("mailto:") and event["organizer"].params["cn"] == facilitator.name
    )
    assert str(event["attendee"]) == f"mailto:{newcomer.email}"  # one attendee: them, nobody else
    assert event["sequence"] == meeting.sequence and event["dtstart"].dt == meeting.start


def test_rejoining_after_leaving_gets_a_new_invitation_and_leaving_again_a_new_cancellation(
    team, meeting, newcomer
):
    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    services.membership_delete(user=newcomer, team=team)
    sent = newly_sent()
    assert [m.subject for m in sent] == [
        "[IGF MAG] Invitation: First call",
        "[IGF MAG] No longer invited: First call",
    ]

    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    assert [m.subject for m in newly_sent()] == ["[IGF MAG] Invitation: First call"]
    services.membership_delete(user=newcomer, team=team)
    (cancel,) = newly_sent()
    assert str(Calendar.from_ical(cancel.attachments[0][1])["method"]) == "CANCEL"


def test_meetings_that_started_or_were_cancelled_invite_nobody(team, meeting, newcomer, facilitator):
    meetings.meeting_cancel(actor=facilitator, meeting=meeting)
    newly_sent()
    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    assert not newly_sent() and not meeting.attendees.filter(user=newcomer).exists()


def test_joining_is_all_or_nothing(team, meeting, newcomer, monkeypatch):
    """A failure while inviting leaves no membership and no half-sent invitation."""

    def broken(**kwargs):
        raise RuntimeError("the ledger is down")

    monkeypatch.setattr(schedule_receivers, "meeting_attendance_join", broken)
    with pytest.raises(RuntimeError):
        services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    assert not team.memberships.filter(user=newcomer).exists()
    assert not OutboxMessage.objects.filter(to_email=newcomer.email).exists()
