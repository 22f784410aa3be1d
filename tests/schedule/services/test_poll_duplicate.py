"""Running a poll again for the next round of calls (services.polls.poll_duplicate)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from notifications.models import NotificationLedger, OutboxMessage
from schedule.models import AvailabilityPoll, PollComment, Vote
from schedule.services import poll_mail, polls
from teams.models import Membership
from tests.factories import MembershipFactory

# A week before Europe's clocks go forward (Sunday 28 March 2027, 01:00 UTC).
NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _poll(team, actor, slots, **kwargs):
    return polls.poll_create(
        actor=actor,
        team=team,
        title="Call 1",
        description="Our fortnightly call.",
        duration_minutes=90,
        slots=slots,
        deadline=kwargs.pop("deadline", NOW + timedelta(days=1)),
        **kwargs,
    )


def _starts(poll):
    return list(poll.slots.values_list("start", flat=True))


def test_a_utc_poll_moves_by_the_exact_utc_amount_and_keeps_what_it_says(team, facilitator):
    # 14:00 UTC stays 14:00 UTC across Europe's spring change: the poll was entered in UTC.
    first = datetime(2027, 3, 23, 14, 0, tzinfo=UTC)
    source = _poll(team, facilitator, [first, first + timedelta(days=1)])

    copy, created = polls.poll_duplicate(actor=facilitator, poll=source, shift=WEEK, title=" Call 2 ")

    assert created
    assert _starts(copy) == [first + WEEK, first + timedelta(days=8)]
    assert copy.deadline == source.deadline + WEEK
    assert (copy.team, copy.title, copy.description, copy.duration_minutes, copy.entered_time_zone) == (
        team,
        "Call 2",
        "Our fortnightly call.",
        90,
        "UTC",
    )
    assert copy.created_by == facilitator and copy.pk != source.pk
    assert _starts(source) == [first, first + timedelta(days=1)]  # the old poll is as it was


def test_a_poll_entered_in_paris_keeps_its_wall_clock_across_the_spring_change(team, facilitator):
    # 15:00 in Paris is 14:00 UTC before 28 March (CET), 13:00 UTC after (CEST).
    source = _poll(
        team,
        facilitator,
        [datetime(2027, 3, 24, 14, 0, tzinfo=UTC)],
        deadline=datetime(2027, 3, 22, 11, 0, tzinfo=UTC),  # 12:00 in Paris
        entered_time_zone="Europe/Paris",
    )
    copy, _created = polls.poll_duplicate(actor=facilitator, poll=source, shift=WEEK, title="Call 2")
    assert _starts(copy) == [datetime(2027, 3, 31, 13, 0, tzinfo=UTC)]
    assert copy.deadline == datetime(2027, 3, 29, 10, 0, tzinfo=UTC)
    assert copy.entered_time_zone == "Europe/Paris"


def test_a_slot_the_clocks_skip_is_refused(team, facilitator):
    # 02:30 in Paris on 21 March; a week on, 02:30 does not exist there (02:00 → 03:00).
    source = _poll(
        team,
        facilitator,
        [datetime(2027, 3, 21, 1, 30, tzinfo=UTC)],
        deadline=NOW + timedelta(hours=3),
        entered_time_zone="Europe/Paris",
    )
    with pytest.raises(ValidationError, match="a time the clocks skip"):
        polls.poll_duplicate(actor=facilitator, poll=source, shift=WEEK, title="Call 2")
    assert AvailabilityPoll.objects.count() == 1


def test_members_of_today_and_guests_still_invited_are_invited_without_answers(team, facilitator):
    leaving = MembershipFactory(team=team).user
    staying = MembershipFactory(team=team).user
    source = _poll(
        team, facilitator, [NOW + timedelta(days=3)], guests=["kept@example.org", "gone@example.org"]
    )
    slot = source.slots.get()
    kept = source.invitees.get(email="kept@example.org")
    polls.vote_submit(
        invitee=kept,
        answers={slot.pk: "yes"},
        guest_name="Kim",
        guest_time_zone="Asia/Tokyo",
        guest_language="fr",
    )
    polls.vote_submit(invitee=source.invitees.get(user=staying), answers={slot.pk: "no"})
    polls.comment_add(invitee=source.invitees.get(user=staying), text="Thursdays suit me.")
    polls.invitee_revoke(actor=facilitator, invitee=source.invitees.get(email="gone@example.org"))
    Membership.objects.filter(team=team, user=leaving).delete()
    joined = MembershipFactory(team=team).user

    copy, _created = polls.poll_duplicate(actor=facilitator, poll=source, shift=WEEK, title="Call 2")

    assert set(copy.invitees.exclude(user=None).values_list("user", flat=True)) == {
        facilitator.pk,
        staying.pk,
        joined.pk,
    }
    guest = copy.invitees.get(user=None)
    assert (guest.email, guest.name, guest.guest_time_zone, guest.guest_language) == (
        "kept@example.org",
        "Kim",
        "Asia/Tokyo",
        "fr",
    )
    assert guest.token != kept.token and guest.answered_at is None
    assert not Vote.objects.filter(invitee__poll=copy).exists()
    assert not PollComment.objects.filter(poll=copy).exists()
    assert not copy.invitees.filter(revoked_at__isnull=False).exists()


def test_the_same_copy_twice_makes_one_poll_and_one_invitation_each(team, facilitator):
    MembershipFactory(team=team)
    source = _poll(team, facilitator, [NOW + timedelta(days=3)], guests=["guest@example.org"])
    copy, created = polls.poll_duplicate(actor=facilitator, poll=source, shift=WEEK, title="Call 2")
    again, created_again = polls.poll_duplicate(actor=facilitator, poll=source, shift=WEEK, title="Call 2")
    assert (created, created_again, again) == (True, False, copy)
    assert AvailabilityPoll.objects.count() == 2
    poll_mail.poll_invitations_send(copy.pk)
    poll_mail.poll_invitations_send(copy.pk)  # a retried task
    # The facilitator, the member and the guest: one ledger entry and one message each.
    entries = NotificationLedger.objects.filter(key__startswith=f"poll-invite:{copy.pk}:")
    assert entries.count() == 3
    assert OutboxMessage.objects.filter(ledger_entries__in=entries).count() == 3
    # Another gap is another poll.
    _other, created_other = polls.poll_duplicate(
        actor=facilitator, poll=source, shift=timedelta(days=14), title="Call 2"
    )
    assert created_other and AvailabilityPoll.objects.count() == 3


def test_the_copy_is_audited_as_a_new_poll_naming_its_source(team, facilitator):
    source = _poll(team, facilitator, [NOW + timedelta(days=3)])
    copy, _created = polls.poll_duplicate(actor=facilitator, poll=source, shift=WEEK, title="Call 2")
    event = AuditEvent.objects.filter(action=AuditAction.POLL_CREATED).latest("pk")
    assert event.actor == facilitator
    assert event.target.startswith("Call 2 (")
    assert event.details == {"slots": 1, "copied_from": source.pk}


def test_a_new_deadline_may_be_given(team, facilitator):
    source = _poll(team, facilitator, [NOW + timedelta(days=3)])
    deadline = NOW + timedelta(days=9)
    copy, _created = polls.poll_duplicate(
        actor=facilitator, poll=source, shift=WEEK, title="Call 2", deadline=deadline
    )
    assert copy.deadline == deadline


@pytest.mark.parametrize(
    "slot_days, shift, deadline, message",
    [
        # Last month's poll: a week on, its slot is still in the past.
        (-30, WEEK, None, "1 slot would still be in the past"),
        (3, timedelta(days=121), None, "from 1 to 120"),
        (3, timedelta(days=0), None, "from 1 to 120"),
        (3, timedelta(days=7, hours=1), None, "whole number of days"),
        (3, WEEK, NOW + timedelta(days=11), "must come before the first slot"),
        (3, WEEK, NOW - timedelta(hours=1), "The deadline for answers is in the past."),
    ],
)
def test_bad_copies_are_refused_and_nothing_is_saved(team, facilitator, slot_days, shift, deadline, message):
    if slot_days < 0:
        with time_machine.travel(NOW + timedelta(days=slot_days - 3), tick=False):
            source = _poll(
                team,
                facilitator,
                [NOW + timedelta(days=slot_days)],
                deadline=NOW + timedelta(days=slot_days - 1),
            )
    else:
        source = _poll(team, facilitator, [NOW + timedelta(days=slot_days)])
    with pytest.raises(ValidationError, match=message):
        polls.poll_duplicate(actor=facilitator, poll=source, shift=shift, title="Call 2", deadline=deadline)
    assert AvailabilityPoll.objects.count() == 1
