"""Finalising a slot nobody can attend needs a confirmation; the facilitators hear once that
everyone has answered."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications.services.outbox import outbox_send
from schedule.models import Invitee, Meeting
from schedule.services import poll_mail, polls
from schedule.services.meetings import meeting_notices_send
from teams import services
from teams.enums import Capacity
from tests.factories import FacilitatorRoleFactory, MembershipFactory, UserFactory
from tests.support.mail import newly_sent

NOW = datetime(2027, 3, 20, 23, 30, tzinfo=UTC)
EARLY, LATE = NOW + timedelta(days=4), NOW + timedelta(days=5)
WARNING = "Nobody said yes or if need be to this slot"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, user__email="amina@example.org").user


@pytest.fixture
def poll(team, facilitator, member):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=2),
        slots=[EARLY, LATE],
    )
    poll_mail.poll_invitations_send(poll.pk)
    newly_sent()
    return poll


def _answer(poll, user, early, late):
    polls.vote_submit(
        invitee=poll.invitees.get(user=user),
        answers={poll.slots.get(start=EARLY).pk: early, poll.slots.get(start=LATE).pk: late},
    )


# --- finalising a slot nobody can attend --------------------------------------------------------


def _finalise(client, poll, slot, **extra):
    return client.post(
        reverse("schedule:poll_finalise", args=[poll.pk]), {"slot": slot.pk, "title": "First call", **extra}
    )


def test_finalising_a_slot_nobody_can_attend_warns_and_creates_nothing_until_confirmed(
    client, poll, facilitator, member
):
    _answer(poll, member, "yes", "no")
    _answer(poll, facilitator, "maybe", "no")
    newly_sent()
    late = poll.slots.get(start=LATE)
    client.force_login(facilitator)

    response = _finalise(client, poll, late)
    page = response.content.decode()
    assert response.status_code == 200 and WARNING in page and "Nobody can attend this slot." in page
    assert 'name="confirm_unattended"' in page
    assert not Meeting.objects.exists() and not newly_sent()

    response = _finalise(client, poll, late, confirm_unattended="on")
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.start == LATE
    meeting_notices_send(meeting.pk)  # what the worker does after the commit
    assert sorted(m.to[0] for m in newly_sent()) == ["amina@example.org", "facilitator@example.org"]


def test_a_slot_someone_can_attend_is_finalised_without_a_question(client, poll, facilitator, member):
    _answer(poll, member, "no", "maybe")
    client.force_login(facilitator)
    page = client.get(reverse("schedule:poll_finalise", args=[poll.pk])).content.decode()
    assert WARNING not in page and "Nobody can attend" not in page and "confirm_unattended" not in page
    assert _finalise(client, poll, poll.slots.get(start=LATE)).status_code == 302
    assert Meeting.objects.get().start == LATE


def test_the_finalise_page_warns_at_once_when_even_the_best_slot_has_nobody(client, poll, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("schedule:poll_finalise", args=[poll.pk])).content.decode()
    assert "Nobody can attend this slot." in page and 'name="confirm_unattended"' in page


# --- everyone has answered ---------------------------------------------------------------------


def _everyone_answered_mails():
    return [(m.to[0], m.subject) for m in newly_sent() if "Everyone has answered" in m.subject]


def test_the_facilitators_hear_once_when_the_last_invited_person_answers(poll, team, facilitator, member):
    co_chair = FacilitatorRoleFactory(team=team, user__email="cochair@example.org").user
    Invitee.objects.create(poll=poll, user=co_chair)  # invited as the poll opened
    _answer(poll, member, "yes", "no")
    _answer(poll, facilitator, "yes", "yes")
    assert _everyone_answered_mails() == []

    _answer(poll, co_chair, "no", "yes")
    told = _everyone_answered_mails()
    assert sorted(told) == [
        ("cochair@example.org", "[IGF MAG] Everyone has answered: First call"),
        ("facilitator@example.org", "[IGF MAG] Everyone has answered: First call"),
    ]
    body = mail.outbox[0].body
    assert (
        "All 3 people invited to the poll “First call” of Trust, security and stability have answered."
        in body
    )
    assert f"http://testserver/polls/{poll.pk}/" in body

    _answer(poll, member, "no", "yes")  # someone changes their mind
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        outbox_send(poll_mail.poll_chores())
    assert _everyone_answered_mails() == []


def test_not_again_when_someone_who_joined_later_answers(poll, team, facilitator, member):
    _answer(poll, member, "yes", "no")
    _answer(poll, facilitator, "yes", "yes")
    assert len(_everyone_answered_mails()) == 1

    newcomer = UserFactory(email="newcomer@example.org")
    services.membership_create(user=newcomer, team=team, capacity=Capacity.DC)
    _answer(poll, newcomer, "yes", "yes")
    assert _everyone_answered_mails() == []


def test_the_sweep_tells_them_when_the_last_two_answered_at_the_same_moment(poll, facilitator, member):
    # Two answers committed at once: neither saw the other's, so neither told the facilitators.
    poll.invitees.update(answered_at=NOW)
    assert _everyone_answered_mails() == []
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        outbox_send(poll_mail.poll_chores())
        outbox_send(poll_mail.poll_chores())
    assert [m.to[0] for m in mail.outbox] == ["facilitator@example.org"]


def test_nobody_is_told_while_someone_has_not_answered(poll, facilitator):
    _answer(poll, facilitator, "yes", "yes")
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        outbox_send(poll_mail.poll_chores())
    assert _everyone_answered_mails() == []
