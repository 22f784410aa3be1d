"""Guest links: a facilitator withdraws one; once the poll is closed or became a meeting a link is
read-only; 30 days after the poll closed it stops working."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from notifications.models import OutboxMessage
from schedule.enums import GuestLinkState
from schedule.models import PollComment, Vote
from schedule.services import meetings, poll_mail, polls
from tests.factories import MembershipFactory

NOW = datetime(2027, 10, 30, 23, 30, tzinfo=UTC)  # the night Europe leaves summer time


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def poll(team, facilitator):
    return polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=3)],
        guests=["gita@example.org", "gary@example.org"],
    )


def _guest(poll, email="gita@example.org"):
    return poll.invitees.get(email=email)


def _link(guest):
    return reverse("schedule:poll_guest", args=[guest.token])


def _withdraw_url(guest):
    return reverse("schedule:poll_guest_revoke", args=[guest.poll_id, guest.pk])


# --- withdrawing a guest ------------------------------------------------------------------------


def test_a_facilitator_withdraws_a_guest_after_confirming(
    client, poll, facilitator, django_capture_on_commit_callbacks
):
    guest = _guest(poll)
    polls.vote_submit(invitee=guest, answers={poll.slots.get().pk: "yes"}, guest_name="Gita")
    client.force_login(facilitator)

    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert "Guests and their links" in page and "gita@example.org" not in page  # often shared on a call
    page = client.get(reverse("schedule:poll_guests", args=[poll.pk])).content.decode()
    assert "Withdraw the link of gita@example.org" in page
    confirm = client.get(_withdraw_url(guest)).content.decode()
    assert "Withdraw this guest’s link?" in confirm and "gita@example.org" in confirm
    guest.refresh_from_db()
    assert guest.revoked_at is None  # asking first changes nothing

    with django_capture_on_commit_callbacks(execute=True):  # a new polls version: the counts change
        page = client.post(_withdraw_url(guest), follow=True).content.decode()
    assert "The guest’s link is withdrawn" in page
    guest.refresh_from_db()
    assert guest.revoked_at == NOW and not Vote.objects.filter(invitee=guest).exists()
    assert "Withdraw the link of gita@example.org" not in page and "Withdrawn" in page
    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert "0 of 2 answered" in page  # the facilitator and the other guest
    event = AuditEvent.objects.get(action=AuditAction.POLL_GUEST_REVOKED)
    assert event.actor == facilitator and event.details == {"guest": "gita@example.org"}
    assert _guest(poll, "gary@example.org").revoked_at is None


def test_a_withdrawn_link_says_so_and_shows_nothing_of_the_poll(client, poll, facilitator):
    guest = _guest(poll)
    polls.comment_add(invitee=guest, text="Tuesday suits me")
    polls.invitee_revoke(actor=facilitator, invitee=guest)

    response = client.get(_link(guest))
    page = response.content.decode()
    assert response.status_code == 410 and "withdrew your invitation" in page
    assert "First call" not in page and "Tuesday" not in page and "Trust, security" not in page
    response = client.post(_link(guest), {f"slot_{poll.slots.get().pk}": "yes"})
    assert response.status_code == 410 and not Vote.objects.exists()
    response = client.post(
        reverse("schedule:poll_comment", args=[poll.pk]), {"token": guest.token, "text": "hi"}
    )
    assert response.status_code == 410 and PollComment.objects.count() == 1


def test_a_withdrawn_guest_is_not_nudged_nor_invited_to_the_meeting(poll, facilitator):
    guest = _guest(poll)
    polls.invitee_revoke(actor=facilitator, invitee=guest)
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        poll_mail.poll_chores()
    assert not OutboxMessage.objects.filter(to_email="gita@example.org", kind="poll_reminder").exists()
    meeting = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    assert not meeting.attendees.filter(email="gita@example.org").exists()


def test_only_guests_can_be_withdrawn(poll, facilitator, community):
    MembershipFactory(team=poll.team, user=community)
    member = poll.invitees.get(user=facilitator)
    with pytest.raises(ValidationError, match="Only a guest’s link can be withdrawn"):
        polls.invitee_revoke(actor=facilitator, invitee=member)
    member.refresh_from_db()
    assert member.revoked_at is None


def test_a_member_invitation_cannot_be_withdrawn_through_the_page(client, poll, facilitator):
    client.force_login(facilitator)
    member = poll.invitees.get(user=facilitator)
    assert client.post(reverse("schedule:poll_guest_revoke", args=[poll.pk, member.pk])).status_code == 404
    member.refresh_from_db()
    assert member.revoked_at is None


def test_a_guest_of_another_poll_cannot_be_withdrawn_from_this_one(client, poll, team, facilitator):
    other = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Other",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=3)],
        guests=["olga@example.org"],
    )
    olga = _guest(other, "olga@example.org")
    client.force_login(facilitator)
    assert client.post(reverse("schedule:poll_guest_revoke", args=[poll.pk, olga.pk])).status_code == 404
    olga.refresh_from_db()
    assert olga.revoked_at is None


def test_guest_addresses_are_listed_only_for_those_who_run_the_poll(client, poll, team, community):
    MembershipFactory(team=team, user=community)
    client.force_login(community)
    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert "gita@example.org" not in page and "Guests and their links" not in page
    assert client.get(reverse("schedule:poll_guests", args=[poll.pk])).status_code == 403


# --- read-only once closed, then expired ----------------------------------------------------------


def test_after_the_poll_became_a_meeting_the_guest_link_is_read_only(client, poll, facilitator):
    guest = _guest(poll)
    slot = poll.slots.get()
    polls.vote_submit(invitee=guest, answers={slot.pk: "yes"}, guest_name="Gita")
    meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=slot)

    page = client.get(_link(guest)).content.decode()
    assert "First call" in page and "Meeting scheduled" in page
    assert "Save my answers" not in page and "Add comment" not in page
    response = client.post(_link(guest), {f"slot_{slot.pk}": "no", "name": "Mallory"}, follow=True)
    assert "This poll is closed: answers and comments can no longer change." in response.content.decode()
    guest.refresh_from_db()
    assert guest.name == "Gita" and Vote.objects.get(invitee=guest).answer == "yes"
    response = client.post(
        reverse("schedule:poll_comment", args=[poll.pk]), {"token": guest.token, "text": "hi"}, follow=True
    )
    assert "This poll is closed" in response.content.decode() and not PollComment.objects.exists()
    assert polls.guest_link_state(guest) == GuestLinkState.READ_ONLY


def test_after_the_deadline_the_guest_link_is_read_only(client, poll):
    guest = _guest(poll)
    with time_machine.travel(NOW + timedelta(days=1, minutes=1), tick=False):
        poll_mail.poll_chores()
        page = client.get(_link(guest)).content.decode()
        assert "First call" in page and "Save my answers" not in page
        client.post(_link(guest), {f"slot_{poll.slots.get().pk}": "yes"})
    assert not Vote.objects.exists()


@pytest.mark.parametrize("days_after_close, status", [(29, 200), (30, 200), (31, 410)])
def test_a_guest_link_stops_working_30_days_after_the_poll_closed(
    client, poll, facilitator, days_after_close, status
):
    guest = _guest(poll)
    meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())  # closes it NOW
    with time_machine.travel(NOW + timedelta(days=days_after_close), tick=False):
        response = client.get(_link(guest))
    assert response.status_code == status
    if status == 410:
        assert "closed more than 30 days ago" in response.content.decode()
        assert "First call" not in response.content.decode()
