"""Changing an open poll: slots added and removed, guests added, the deadline moved; those invited
are told once per change, answers to removed slots go, the nudge follows the deadline."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditEvent
from notifications.enums import LedgerStatus
from notifications.models import NotificationLedger, OutboxMessage
from notifications.services.outbox import outbox_send
from schedule.models import AvailabilityPoll, Invitee, Slot, Vote
from schedule.services import poll_changes, poll_mail, polls
from tests.factories import MembershipFactory
from tests.support.mail import newly_sent

NOW = datetime(2027, 3, 20, 23, 30, tzinfo=UTC)
DAY1, DAY2 = NOW + timedelta(days=4), NOW + timedelta(days=5)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def member(team):
    return MembershipFactory(
        team=team, user__email="amina@example.org", user__display_name="Amina", user__time_zone="Africa/Lagos"
    ).user


@pytest.fixture
def poll(team, facilitator, member):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=2),
        slots=[DAY1, DAY2],
        guests=["guest@example.org"],
        entered_time_zone="Europe/Paris",
    )
    poll_mail.poll_invitations_send(poll.pk)
    newly_sent()
    return poll


def _edit(client, poll, **data):
    form = {"time_zone": "UTC", "deadline_local": "", "slots": "", "dates": "", "times": "", "guests": ""}
    return client.post(reverse("schedule:poll_edit", args=[poll.pk]), {**form, **data})


# --- slots ------------------------------------------------------------------------------------


def test_facilitator_adds_slots_in_their_zone_and_everyone_else_is_told_once(client, poll, facilitator):
    client.force_login(facilitator)
    response = _edit(
        client,
        poll,
        time_zone="Asia/Kolkata",
        slots="2027-03-26 13:30",
        dates="2027-03-27",
        times="07:00, 13:30",
    )

    assert response.status_code == 302 and response["Location"] == reverse("schedule:poll", args=[poll.pk])
    assert [f"{s.start:%d %H:%M}" for s in poll.slots.all()] == [
        "24 23:30",
        "25 23:30",
        "26 08:00",
        "27 01:30",
        "27 08:00",
    ]
    sent = newly_sent()
    assert sorted(m.to[0] for m in sent) == [
        "amina@example.org",
        "guest@example.org",
    ]  # not the one who changed it
    amina = next(m for m in sent if m.to == ["amina@example.org"])
    assert amina.subject == "[IGF MAG] Poll changed: First call"
    assert (
        "New slots: please answer them too." in amina.body
        and "Fri 26 Mar 2027, 09:00 WAT (08:00 UTC)" in amina.body
    )
    assert f"http://testserver/polls/{poll.pk}/" in amina.body
    poll.refresh_from_db()
    assert poll.sequence == 1
    event = AuditEvent.objects.get(action="poll_changed")
    assert event.actor == facilitator and event.details == {
        "change": 1,
        "slots_added": 3,
        "slots_removed": 0,
        "answers_deleted": 0,
        "guests_added": 0,
    }


def test_a_guests_change_notice_carries_their_private_link_sealed_in_the_outbox(client, poll, facilitator):
    client.force_login(facilitator)
    _edit(client, poll, slots="2027-03-26 13:30")
    guest = poll.invitees.get(email="guest@example.org")
    stored = OutboxMessage.objects.get(to_email="guest@example.org", kind="poll_change")
    assert guest.token not in stored.body_text + stored.body_html
    (message,) = [m for m in newly_sent() if m.to == ["guest@example.org"]]
    assert f"/polls/answer/{guest.token}/" in message.body


def test_removing_slots_with_answers_asks_first_then_deletes_the_answers(client, poll, facilitator, member):
    first, second = poll.slots.all()
    polls.vote_submit(invitee=poll.invitees.get(user=member), answers={first.pk: "yes", second.pk: "no"})
    polls.vote_submit(
        invitee=poll.invitees.get(user=facilitator), answers={first.pk: "maybe", second.pk: "yes"}
    )
    client.force_login(facilitator)

    page = _edit(client, poll, remove=[first.pk]).content.decode()
    assert (
        "2 answers were given to the slots you remove and will be deleted: tick the box to confirm." in page
    )
    assert poll.slots.count() == 2 and Vote.objects.count() == 4 and not newly_sent()

    _edit(client, poll, remove=[first.pk], confirm_remove="on")
    assert list(poll.slots.all()) == [second]
    assert dict(Vote.objects.values_list("invitee__user", "answer")) == {
        member.pk: "no",
        facilitator.pk: "yes",
    }
    (amina,) = [m for m in newly_sent() if m.to == ["amina@example.org"]]
    assert "Slots removed, with any answers given to them:" in amina.body
    assert AuditEvent.objects.get(action="poll_changed").details["answers_deleted"] == 2


def test_someone_whose_only_answers_were_removed_counts_as_not_answered(poll, facilitator, member):
    first, second = poll.slots.all()
    invitation = poll.invitees.get(user=member)
    polls.vote_submit(invitee=invitation, answers={first.pk: "yes"})
    poll_changes.poll_update(actor=facilitator, poll=poll, remove_slot_ids=[first.pk])
    invitation.refresh_from_db()
    assert invitation.answered_at is None


@pytest.mark.parametrize(
    "change, message",
    [
        ({"slots": "2027-03-25 00:30"}, "1 of the slots to add is already in the poll."),  # DAY1 in Paris
        ({"slots": "2027-03-20 10:00"}, "The deadline for answers must come before the first slot."),
        ({"deadline_local": "2027-03-25T12:00"}, "The deadline for answers must come before the first slot."),
        ({"deadline_local": "2027-03-20T12:00"}, "The deadline for answers is in the past."),
        ({"slots": "2040-01-01 10:00"}, "Choose a date between 1 January 2000 and 20 March 2037."),
        ({}, "Nothing to change: add or remove slots, add guests or move the deadline."),
        ({"guests": "not an address"}, "“not an address” is not an email address."),
    ],
)
def test_bad_changes_are_explained_on_the_form_and_nothing_changes(
    client, poll, facilitator, change, message
):
    client.force_login(facilitator)
    response = _edit(client, poll, time_zone="Europe/Paris", **change)
    assert response.status_code == 200 and message in response.content.decode()
    poll.refresh_from_db()
    assert poll.sequence == 0 and poll.slots.count() == 2 and poll.deadline == NOW + timedelta(days=2)
    assert not AuditEvent.objects.filter(action="poll_changed").exists() and not newly_sent()


def test_the_last_slot_cannot_go_without_a_new_one(client, poll, facilitator):
    client.force_login(facilitator)
    page = _edit(client, poll, remove=[s.pk for s in poll.slots.all()], confirm_remove="on").content.decode()
    assert "A poll keeps at least one slot: add one before you remove the last." in page
    assert poll.slots.count() == 2


def test_a_closed_poll_cannot_change(client, poll, facilitator):
    with time_machine.travel(NOW + timedelta(days=2, minutes=1), tick=False):
        poll_mail.poll_chores()
        client.force_login(facilitator)
        response = _edit(client, poll, slots="2027-03-26 13:30")
        assert response.status_code == 302
        assert (
            "This poll is closed: it can no longer change."
            in client.get(response["Location"]).content.decode()
        )
        with pytest.raises(ValidationError, match="This poll is closed"):
            poll_changes.poll_update(actor=facilitator, poll=poll, add_slots=[NOW + timedelta(days=6)])
    assert poll.slots.count() == 2


# --- guests -----------------------------------------------------------------------------------


def test_added_guests_get_one_invitation_and_nobody_else_is_told(client, poll, facilitator, member):
    client.force_login(facilitator)
    _edit(client, poll, guests="New.Guest@example.org\nguest@example.org\namina@example.org")

    sent = newly_sent()
    assert [(m.to, m.subject) for m in sent] == [
        (["new.guest@example.org"], "[IGF MAG] When can you meet? First call (Trust, security and stability)")
    ]
    new = poll.invitees.get(email="new.guest@example.org")
    assert re.search(rf"/polls/answer/{new.token}/", sent[0].body)
    assert poll.invitees.filter(user=member).count() == 1 and not poll.invitees.filter(
        email="amina@example.org"
    )
    poll_mail.poll_invitations_send(poll.pk)  # the creation task, retried late: nobody twice
    assert not newly_sent()


def test_a_withdrawn_guest_added_again_gets_a_new_link(poll, facilitator):
    guest = poll.invitees.get(email="guest@example.org")
    old_token = guest.token
    polls.invitee_revoke(actor=facilitator, invitee=guest)
    poll_changes.poll_update(actor=facilitator, poll=poll, add_guests=["guest@example.org"])

    guest.refresh_from_db()
    assert guest.revoked_at is None and guest.token != old_token
    (invitation,) = newly_sent()
    assert f"/polls/answer/{guest.token}/" in invitation.body and old_token not in invitation.body


# --- the deadline and the nudge ---------------------------------------------------------------


def _chores_at(moment):
    with time_machine.travel(moment, tick=False):
        outbox_send(poll_mail.poll_chores())
    nudges = [m.to[0] for m in mail.outbox if m.subject.startswith("[IGF MAG] Last day to answer")]
    mail.outbox.clear()
    return sorted(nudges)


def test_an_extended_deadline_re_arms_the_nudge_once(poll, facilitator, member):
    assert _chores_at(NOW + timedelta(hours=25)) == [
        "amina@example.org",
        "facilitator@example.org",
        "guest@example.org",
    ]
    with time_machine.travel(NOW + timedelta(hours=26), tick=False):
        poll_changes.poll_update(actor=facilitator, poll=poll, deadline=NOW + timedelta(days=3))
    newly_sent()
    assert _chores_at(NOW + timedelta(hours=27)) == []  # 45 hours to go
    assert _chores_at(NOW + timedelta(days=2, hours=1)) == [  # 23 hours to go: once more
        "amina@example.org",
        "facilitator@example.org",
        "guest@example.org",
    ]
    assert _chores_at(NOW + timedelta(days=2, hours=2)) == []


def test_a_deadline_moved_back_is_not_nudged_twice(poll, facilitator):
    assert len(_chores_at(NOW + timedelta(hours=25))) == 3
    with time_machine.travel(NOW + timedelta(hours=26), tick=False):
        poll_changes.poll_update(actor=facilitator, poll=poll, deadline=NOW + timedelta(days=3))
        poll_changes.poll_update(actor=facilitator, poll=poll, deadline=NOW + timedelta(days=2))
    newly_sent()
    assert _chores_at(NOW + timedelta(hours=27)) == []


def test_a_deadline_shortened_into_its_last_day_is_told_once_not_nudged_again(client, poll, facilitator):
    client.force_login(facilitator)
    _edit(client, poll, time_zone="UTC", deadline_local="2027-03-21T12:00")

    poll.refresh_from_db()
    assert poll.deadline == datetime(2027, 3, 21, 12, 0, tzinfo=UTC)
    sent = newly_sent()
    assert sorted(m.to[0] for m in sent) == ["amina@example.org", "guest@example.org"]
    amina = next(m for m in sent if m.to == ["amina@example.org"])
    assert (
        "Answers are now due by Sun 21 Mar 2027, 13:00 WAT (12:00 UTC). The deadline was Tue 23 Mar 2027, "
        "00:30 WAT (Mon 22 Mar, 23:30 UTC)."
    ) in amina.body
    assert _chores_at(NOW + timedelta(minutes=1)) == [
        "facilitator@example.org"
    ]  # who changed it was not told
    skipped = NotificationLedger.objects.filter(
        key__startswith=f"poll-nudge:{poll.pk}:", status=LedgerStatus.SKIPPED
    )
    assert skipped.count() == 2


def test_each_change_is_its_own_notice(poll, facilitator):
    poll_changes.poll_update(actor=facilitator, poll=poll, add_slots=[NOW + timedelta(days=6)])
    poll_changes.poll_update(actor=facilitator, poll=poll, deadline=NOW + timedelta(days=3))
    assert len(newly_sent()) == 4  # two changes × (Amina, the guest)
    assert AvailabilityPoll.objects.get(pk=poll.pk).sequence == 2


def test_secretariat_changes_a_teams_poll_from_the_page(client, poll, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("schedule:poll_edit", args=[poll.pk])).content.decode()
    assert "Change the poll" in page and "Move the deadline to" in page
    _edit(client, poll, slots="2027-03-26 13:30")
    assert Slot.objects.filter(poll=poll).count() == 3
    assert sorted(m.to[0] for m in newly_sent()) == [
        "amina@example.org",
        "facilitator@example.org",
        "guest@example.org",
    ]


def test_the_poll_page_links_the_change_page_for_those_who_run_it_only(client, poll, facilitator, member):
    client.force_login(member)
    assert (
        reverse("schedule:poll_edit", args=[poll.pk])
        not in client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    )
    client.force_login(facilitator)
    assert (
        reverse("schedule:poll_edit", args=[poll.pk])
        in client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    )
    assert Invitee.objects.filter(poll=poll).count() == 3
