"""schedule/receivers.py: joining or leaving a team (teams' membership signals) opens or closes its
calls, in the transaction that adds or removes the person.

Joining while a poll is open or a meeting is scheduled invites the newcomer to both, once. Leaving
closes the team's polls that have not become a meeting and its meetings that have not started;
what the person took part in stays readable as history."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from common.timezones import plain_when
from notifications.models import NotificationLedger, OutboxMessage
from schedule import receivers
from schedule.models import CalendarFeed, Deliverable, Meeting, MeetingAttendee, PollComment, Vote
from schedule.rules import reads_deliverables
from schedule.selectors.poll_results import poll_results
from schedule.services import meetings, poll_mail, polls
from teams import services
from teams.enums import Capacity
from tests.factories import MembershipFactory, MilestoneFactory, UserFactory
from tests.support.mail import newly_sent, send_queued

NOW = datetime(2027, 3, 27, 23, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


# Joining


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
    poll_mail.poll_invitations_send(poll.pk)
    newly_sent()
    return poll


@pytest.fixture
def newcomer(db):
    return UserFactory(email="newcomer@example.org", display_name="New Comer", time_zone="Asia/Tokyo")


def test_a_newcomer_is_invited_to_the_open_poll_and_sees_the_answer_form(
    client, team, open_poll, newcomer, django_capture_on_commit_callbacks
):
    client.force_login(newcomer)
    assert client.get(reverse("schedule:poll", args=[open_poll.pk])).status_code == 403

    # Committed, as a request's change is: the poll page's cache follows the new membership.
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)

    page = client.get(reverse("schedule:poll", args=[open_poll.pk])).content.decode()
    assert "Confirm my answers" in page and "1 of 3 answered" in page
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
    poll_mail.poll_invitations_send(open_poll.pk)  # the creation task, retried late

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
    assert "Confirm my answers" in page and "1 of 3 answered" in page


def test_a_closed_poll_invites_nobody_new(team, open_poll, newcomer):
    with time_machine.travel(NOW + timedelta(days=2, minutes=1), tick=False):
        poll_mail.poll_chores()
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

    monkeypatch.setattr(receivers, "meeting_attendance_join", broken)
    with pytest.raises(RuntimeError):
        services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    assert not team.memberships.filter(user=newcomer).exists()
    assert not OutboxMessage.objects.filter(to_email=newcomer.email).exists()


# Leaving


class Team:
    """A member (the community fixture) invited to an open poll they answered, a poll that already
    became next week's meeting, and a meeting that took place last week."""

    def __init__(self, team, facilitator, member):
        services.membership_create(user=member, team=team, capacity=Capacity.DC)
        with time_machine.travel(NOW - timedelta(days=10), tick=False):
            past_poll = polls.poll_create(
                actor=facilitator,
                team=team,
                title="Kick-off",
                deadline=NOW - timedelta(days=9),
                slots=[NOW - timedelta(days=7)],
            )
            self.past_meeting = meetings.meeting_create_from_slot(
                actor=facilitator, poll=past_poll, slot=past_poll.slots.get()
            )
        self.past_poll = past_poll
        self.open_poll = polls.poll_create(
            actor=facilitator,
            team=team,
            title="Second call",
            deadline=NOW + timedelta(days=2),
            slots=[NOW + timedelta(days=4)],
        )
        self.invitation = self.open_poll.invitees.get(user=member)
        polls.vote_submit(invitee=self.invitation, answers={self.open_poll.slots.get().pk: "yes"})
        next_poll = polls.poll_create(
            actor=facilitator,
            team=team,
            title="First call",
            deadline=NOW + timedelta(days=1),
            slots=[NOW + timedelta(days=7)],
        )
        self.next_meeting = meetings.meeting_create_from_slot(
            actor=facilitator, poll=next_poll, slot=next_poll.slots.get()
        )
        self.deliverable = Deliverable.objects.create(
            milestone=MilestoneFactory(cycle=team.cycle), team=team, note="Our first report"
        )
        send_queued()
        mail.outbox.clear()


@pytest.fixture
def world(team, facilitator, community):
    return Team(team, facilitator, community)


def test_leaving_withdraws_open_invitations_and_future_attendance_in_one_go(world, team, community):
    services.membership_delete(user=community, team=team)

    world.invitation.refresh_from_db()
    assert world.invitation.revoked_at == NOW
    assert not Vote.objects.filter(invitee=world.invitation).exists()
    results = poll_results(poll=world.open_poll, show_names=True)
    assert community not in [p.user for p in results.participants] and results.ranking[0].yes == 0
    assert not world.next_meeting.attendees.filter(user=community).exists()
    assert world.past_meeting.attendees.filter(user=community).exists()
    event = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_LEFT, subject=community)
    assert event.details == {"polls_withdrawn": 1, "calendar_cancellations": 1}


def test_the_leaver_gets_one_cancellation_of_their_own_calendar_copy(world, team, community):
    services.membership_delete(user=community, team=team)
    send_queued()

    (message,) = mail.outbox
    assert message.to == [community.email] and message.subject == "[IGF MAG] No longer invited: First call"
    assert "You left the team Trust, security and stability" in message.body
    # The meeting's span, start to end, in the leaver's zone with UTC beside it: one formatter.
    meeting = world.next_meeting
    assert plain_when(meeting.start, community.time_zone, end=meeting.end) in message.body
    calendar = Calendar.from_ical(message.attachments[0][1])
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL" and str(event["uid"]).startswith(
        f"meeting-{world.next_meeting.uid}@"
    )
    assert event["sequence"] == world.next_meeting.sequence
    assert str(event["attendee"]) == f"mailto:{community.email}"

    # Leaving twice cancels once: they no longer attend that meeting.
    services.membership_delete(user=community, team=team)
    assert send_queued() == 0
    assert NotificationLedger.objects.filter(key__startswith="meeting-withdrawn:").count() == 1


def test_the_others_are_not_told_and_keep_their_copies(world, team, community, facilitator):
    services.membership_delete(user=community, team=team)
    send_queued()

    assert [m.to for m in mail.outbox] == [[community.email]]
    assert world.next_meeting.attendees.filter(user=facilitator).exists()
    assert Meeting.objects.get(pk=world.next_meeting.pk).sequence == world.next_meeting.sequence


def test_after_leaving_the_open_poll_is_closed_to_them(client, world, team, community):
    services.membership_delete(user=community, team=team)
    client.force_login(community)
    poll, slot = world.open_poll, world.open_poll.slots.get()

    assert client.get(reverse("schedule:poll", args=[poll.pk])).status_code == 403
    assert client.post(reverse("schedule:poll", args=[poll.pk]), {f"slot_{slot.pk}": "no"}).status_code == 403
    assert not Vote.objects.filter(invitee__user=community).exclude(invitee__poll=world.past_poll).exists()
    response = client.post(reverse("schedule:poll_comment", args=[poll.pk]), {"text": "Still here?"})
    assert response.status_code == 403 and not PollComment.objects.exists()
    page = client.get(reverse("dashboard")).content.decode()
    assert "Second call" not in page and "First call" not in page


def test_after_leaving_future_meetings_are_closed_and_leave_the_feed(client, world, team, community):
    services.membership_delete(user=community, team=team)
    client.force_login(community)

    assert client.get(reverse("schedule:meeting", args=[world.next_meeting.pk])).status_code == 403
    assert client.get(reverse("schedule:meeting_ics", args=[world.next_meeting.pk])).status_code == 403
    feed = CalendarFeed.objects.create(user=community)
    content = client.get(reverse("schedule:private_feed", args=[feed.token])).content.decode()
    assert str(world.next_meeting.uid) not in content and str(world.past_meeting.uid) in content


def test_history_they_took_part_in_stays_readable(client, world, team, community):
    services.membership_delete(user=community, team=team)
    client.force_login(community)

    assert client.get(reverse("schedule:meeting", args=[world.past_meeting.pk])).status_code == 200
    ics = Calendar.from_ical(
        client.get(reverse("schedule:meeting_ics", args=[world.past_meeting.pk])).content
    )
    assert str(ics.walk("VEVENT")[0]["attendee"]) == f"mailto:{community.email}"
    page = client.get(reverse("schedule:poll", args=[world.past_poll.pk])).content.decode()
    assert "Kick-off" in page and "my answers</button>" not in page and "Team Facilitator" not in page
    deliverable = client.get(reverse("schedule:deliverable", args=[world.deliverable.pk])).content.decode()
    assert "Our first report" in deliverable


def test_a_closed_poll_chosen_after_someone_left_does_not_invite_them(world, team, community, facilitator):
    with time_machine.travel(NOW + timedelta(days=2, minutes=1), tick=False):
        poll_mail.poll_chores()
        services.membership_delete(user=community, team=team)
        meeting = meetings.meeting_create_from_slot(
            actor=facilitator, poll=world.open_poll, slot=world.open_poll.slots.get()
        )
        send_queued()

    assert not meeting.attendees.filter(user=community).exists()
    assert community.email not in [m.to[0] for m in mail.outbox if "Invitation" in m.subject]


@pytest.mark.parametrize(
    "who, may_read", [("anonymous", False), ("community", True), ("mag", True), ("secretariat", True)]
)
def test_deliverables_are_readable_by_every_signed_in_person(client, team, who, may_read, request):
    deliverable = Deliverable.objects.create(
        milestone=MilestoneFactory(cycle=team.cycle), team=team, note="Report"
    )
    person = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    assert reads_deliverables(person, deliverable) is may_read
    assert person.has_perm("schedule.view_deliverable", deliverable) is may_read
