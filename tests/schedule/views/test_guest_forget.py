"""A poll guest asks to be forgotten by their private link (issue 17): their name and address leave
every poll and meeting, their answers stay counted, their links stop working, no mail waits for
them, and the audit log keeps the event without them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from notifications.enums import MailKind, OutboxStatus
from notifications.models import GuestAddress, OutboxMessage
from schedule.models import Invitee, Meeting, MeetingAttendee, Vote
from schedule.services import polls
from schedule.services.forgetting import guest_forget

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("committed_requests")]

GUEST = "gita@example.org"


@pytest.fixture
def poll(team, facilitator, now):
    return polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=3)],
        guests=[GUEST, "gary@example.org"],
    )


@pytest.fixture
def guest(poll):
    invitee = poll.invitees.get(email=GUEST)
    polls.vote_submit(invitee=invitee, answers={poll.slots.get().pk: "yes"}, guest_name="Gita Sharma")
    return Invitee.objects.get(pk=invitee.pk)


def test_the_guests_page_links_to_forgetting_and_says_what_it_does(client, guest):
    page = client.get(reverse("schedule:poll_guest", args=[guest.token])).content.decode()
    forget = reverse("schedule:poll_guest_forget", args=[guest.token])
    assert forget in page
    confirm = client.get(forget).content.decode()
    assert "Remove your name and address?" in confirm and "stay counted" in confirm
    guest.refresh_from_db()
    assert guest.email == GUEST  # asking first changes nothing


def test_forgetting_keeps_the_answer_and_drops_the_name_address_and_link(client, guest, poll):
    old_token = guest.token
    response = client.post(reverse("schedule:poll_guest_forget", args=[old_token]))
    assert response.status_code == 302 and response["Location"] == reverse("schedule:guest_forgotten")
    assert "Your details are removed" in client.get(response["Location"]).content.decode()

    guest.refresh_from_db()
    assert guest.email.endswith("@closed.invalid") and guest.name == "" and guest.token != old_token
    assert Vote.objects.get(invitee=guest).answer == "yes"  # still counted
    assert client.get(reverse("schedule:poll_guest", args=[old_token])).status_code == 404
    # Twice: the link is already unknown.
    assert client.post(reverse("schedule:poll_guest_forget", args=[old_token])).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.GUEST_FORGOTTEN).count() == 1


def test_every_poll_and_meeting_of_the_address_forgets_it(guest, poll, team, facilitator, now):
    other = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Second call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=4)],
        guests=[GUEST],
    )
    meeting = Meeting.objects.create(
        team=team,
        title="Call",
        organizer=facilitator,
        start=now + timedelta(days=3),
        end=now + timedelta(days=3, hours=1),
    )
    attendance = MeetingAttendee.objects.create(meeting=meeting, email=GUEST, name="Gita Sharma")
    old_rsvp = attendance.rsvp_token

    guest_forget(invitee=guest)

    assert not Invitee.objects.filter(email=GUEST).exists()
    assert other.invitees.get(user__isnull=True).email == Invitee.objects.get(pk=guest.pk).email
    attendance.refresh_from_db()
    assert attendance.email.endswith("@closed.invalid") and attendance.name == ""
    assert attendance.rsvp_token != old_rsvp
    assert Invitee.objects.get(email="gary@example.org").name == ""  # the other guest untouched
    assert Invitee.objects.filter(email="gary@example.org").exists()


def test_no_mail_waits_and_the_audit_log_keeps_no_address(guest, poll, facilitator):
    OutboxMessage.objects.create(
        kind=MailKind.POLL_REMINDER,
        to_email=GUEST,
        subject="Reminder",
        body_text="Hello",
        status=OutboxStatus.QUEUED,
    )
    GuestAddress.objects.get_or_create(email=GUEST)
    polls.invitee_revoke(actor=facilitator, invitee=poll.invitees.get(email="gary@example.org"))

    guest_forget(invitee=guest)

    assert not OutboxMessage.objects.filter(to_email=GUEST).exists()
    assert not GuestAddress.objects.filter(email=GUEST).exists()
    assert not any(GUEST in f"{event.target} {event.details}" for event in AuditEvent.objects.all())
    event = AuditEvent.objects.get(action=AuditAction.GUEST_FORGOTTEN)
    assert event.actor is None and event.subject is None and event.target == "First call"


def test_a_member_is_not_a_guest(poll, team, facilitator):
    member = poll.invitees.get(user=facilitator)
    with pytest.raises(ValidationError):
        guest_forget(invitee=member)


def test_a_withdrawn_link_cannot_forget(client, poll, facilitator):
    gary = poll.invitees.get(email="gary@example.org")
    polls.invitee_revoke(actor=facilitator, invitee=gary)
    assert client.post(reverse("schedule:poll_guest_forget", args=[gary.token])).status_code == 410
    gary.refresh_from_db()
    assert gary.email == "gary@example.org"
