"""Which email a meeting's notices task sends each attendee after a reschedule: the update to whoever
already received the invitation (or an earlier update), the invitation to whoever never did, whatever
order the tasks of the versions run in."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from notifications.models import OutboxMessage
from schedule.models import MeetingAttendee
from schedule.services import meetings, polls
from tests.factories import MembershipFactory

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


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
    OutboxMessage.objects.all().delete()  # the poll's own invitations
    return meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())


def _reschedule(meeting, facilitator, hours=1):
    return meetings.meeting_update(
        actor=facilitator,
        meeting=meeting,
        start=meeting.start + timedelta(hours=hours),
        end=meeting.end + timedelta(hours=hours),
    )


def _subjects(ids) -> dict[str, str]:
    """Each recipient's subject (without the site's prefix), of the messages the task run recorded."""
    rows = OutboxMessage.objects.filter(pk__in=ids).values_list("to_email", "subject")
    return {to: subject.removeprefix("[IGF MAG] ") for to, subject in rows}


def test_after_a_reschedule_who_got_the_invitation_gets_the_update(meeting, facilitator):
    invited = _subjects(meetings.meeting_notices_send(meeting.pk))
    assert set(invited.values()) == {"Invitation: First call"}

    meeting = _reschedule(meeting, facilitator)
    updated = _subjects(meetings.meeting_notices_send(meeting.pk))

    assert updated.keys() == invited.keys()
    assert set(updated.values()) == {"Updated: First call"}


def test_a_reschedule_before_the_invitations_went_sends_the_invitation_not_an_update(meeting, facilitator):
    meeting = _reschedule(meeting, facilitator)  # the invitations' task had not run yet
    first = _subjects(meetings.meeting_notices_send(meeting.pk))  # the late task of version 0
    assert first and set(first.values()) == {"Invitation: First call"}
    assert meetings.meeting_notices_send(meeting.pk) == []  # version 1's own task: nothing twice

    meeting = _reschedule(meeting, facilitator)
    assert set(_subjects(meetings.meeting_notices_send(meeting.pk)).values()) == {"Updated: First call"}


def test_each_attendee_gets_what_they_lack_in_one_run(meeting, facilitator, team):
    invited = _subjects(meetings.meeting_notices_send(meeting.pk))
    # Added to the meeting after the invitations went, by no service that wrote to them.
    newcomer = MembershipFactory(team=team, user__email="newcomer@example.org").user
    MeetingAttendee.objects.create(meeting=meeting, user=newcomer)

    meeting = _reschedule(meeting, facilitator)
    sent = _subjects(meetings.meeting_notices_send(meeting.pk))

    assert sent["newcomer@example.org"] == "Invitation: First call"
    assert {sent[address] for address in invited} == {"Updated: First call"}


def test_who_joined_the_team_after_the_invitations_gets_the_update_too(meeting, facilitator, team):
    meetings.meeting_notices_send(meeting.pk)
    joiner = MembershipFactory(team=team, user__email="joiner@example.org").user
    meetings.meeting_attendance_join(user=joiner, team=team)  # their own invitation

    meeting = _reschedule(meeting, facilitator)
    sent = _subjects(meetings.meeting_notices_send(meeting.pk))

    assert sent["joiner@example.org"] == "Updated: First call"
