"""Secrets in outgoing mail (sign-in codes, confirmation, password-reset and guest links) reach
the recipient and nobody else: the outbox, the admin and the logs never show them."""

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.enums import MailKind, OutboxStatus
from notifications.models import OutboxMessage
from notifications.sealing import REDACTED
from notifications.services import announcements
from notifications.services.outbox import outbox_retry, outbox_send
from schedule.services import meetings, poll_mail, polls
from tests.factories import UserFactory

NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
CODE = re.compile(r"\n([A-Z0-9]{4}-[A-Z0-9]{4})\n")


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _everything_the_secretariat_can_read(client, message):
    """The outbox list and page, and the admin's pages for the outbox and the ledger."""
    pages = [
        reverse("outbox"),
        reverse("outbox_message", args=[message.pk]),
        "/admin/notifications/outboxmessage/",
        f"/admin/notifications/outboxmessage/{message.pk}/change/",
        "/admin/notifications/notificationledger/",
    ]
    return "".join(client.get(page).content.decode() for page in pages)


def _stored(message):
    message.refresh_from_db()
    return " ".join(
        [message.subject, message.body_text, message.body_html, str(message.headers), message.sealed]
    )


@pytest.mark.django_db
def test_secretariat_reading_the_outbox_cannot_find_a_requested_sign_in_code(client, secretariat, caplog):
    caplog.set_level(logging.DEBUG)
    UserFactory(email="amina@example.org")
    attacker = Client()
    attacker.post(reverse("account_request_login_code"), {"email": "amina@example.org"})
    code = CODE.search(mail.outbox[-1].body).group(1)  # what reached Amina's inbox
    message = OutboxMessage.objects.get(kind=MailKind.ACCOUNT, to_email="amina@example.org")

    client.force_login(secretariat)
    shown = _everything_the_secretariat_can_read(client, message)
    assert code not in shown and code.replace("-", "") not in shown
    assert REDACTED in client.get(reverse("outbox_message", args=[message.pk])).content.decode()
    assert code not in _stored(message)
    assert not any(code in record.getMessage() for record in caplog.records)

    # What a code-reader would type in is not there to type; Amina's own code still works.
    response = attacker.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302 and attacker.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_confirmation_codes_and_password_reset_links_are_hidden_in_the_outbox(client, secretariat):
    visitor = Client()
    visitor.post(reverse("account_signup"), {"email": "newcomer@example.org"})
    confirmation_code = CODE.search(mail.outbox[-1].body).group(1)
    UserFactory(email="grace@example.org")
    visitor.post(reverse("account_reset_password"), {"email": "grace@example.org"})
    reset_link = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body
    ).group(1)

    client.force_login(secretariat)
    for address, secret in [("newcomer@example.org", confirmation_code), ("grace@example.org", reset_link)]:
        message = OutboxMessage.objects.get(to_email=address)
        assert secret not in _everything_the_secretariat_can_read(client, message)
        assert secret not in _stored(message)
    key = reset_link.rstrip("/").rsplit("/", 1)[1]
    assert key not in _everything_the_secretariat_can_read(
        client, OutboxMessage.objects.get(to_email="grace@example.org")
    )


@pytest.mark.django_db
def test_a_guest_link_and_a_subscription_link_are_hidden_but_delivered(
    client, secretariat, team, facilitator
):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        slots=[NOW + timedelta(days=3)],
        deadline=NOW + timedelta(days=2),
        guests=["guest@example.org"],
    )
    poll_mail.poll_invitations_send(poll.pk)
    announcements.subscription_request(team=team, name="Dana", email="dana@example.org")
    secrets = {
        "guest@example.org": poll.invitees.get(user__isnull=True).token,
        "dana@example.org": team.subscriptions.get().token,
    }

    client.force_login(secretariat)
    for address, token in secrets.items():
        message = OutboxMessage.objects.get(to_email=address)
        assert token not in _everything_the_secretariat_can_read(client, message)
        outbox_send([message.pk])
        assert token in next(m for m in mail.outbox if m.to == [address]).body
        assert token not in _stored(message)  # once sent, the sealed copy is gone


@pytest.mark.django_db
def test_a_code_whose_sending_failed_goes_with_the_real_code_on_retry(settings, secretariat):
    settings.EMAIL_BACKEND = "tests.support.mail.RefusingBackend"
    UserFactory(email="amina@example.org")
    Client().post(reverse("account_request_login_code"), {"email": "amina@example.org"})
    message = OutboxMessage.objects.get(to_email="amina@example.org")
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.FAILED)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox_retry(actor=secretariat, ids=[message.pk])
    outbox_send([message.pk])

    (sent,) = mail.outbox
    assert CODE.search(sent.body) and REDACTED not in sent.body


@pytest.mark.django_db
def test_the_outbox_page_hides_the_recipients_one_click_unsubscribe_link(
    client, secretariat, team, facilitator
):
    member = UserFactory(email="hiroshi@example.org")
    team.memberships.create(user=member, capacity=facilitator.memberships.first().capacity)
    announcements.announcement_create(
        author=facilitator, subject="Call", body="Tuesday.", to_everyone=False, teams=[team]
    )
    announcements.announcement_send(team.announcements.get().pk)
    message = OutboxMessage.objects.get(to_email="hiroshi@example.org")
    token = member.notification_preferences.unsubscribe_token

    client.force_login(secretariat)
    assert token not in client.get(reverse("outbox_message", args=[message.pk])).content.decode()


def test_a_guests_meeting_invitation_hides_their_private_link_but_delivers_it(
    client, secretariat, team, facilitator
):
    slot_start = NOW + timedelta(days=3)
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        slots=[slot_start],
        deadline=NOW + timedelta(days=2),
        guests=["guest@example.org"],
    )
    token = poll.invitees.get(user__isnull=True).token
    scheduled = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    meetings.meeting_notices_send(scheduled.pk)  # what the worker does after the commit

    client.force_login(secretariat)
    message = OutboxMessage.objects.get(to_email="guest@example.org", kind=MailKind.MEETING)
    assert token not in _everything_the_secretariat_can_read(client, message)
    outbox_send([message.pk])
    assert token in next(m for m in mail.outbox if m.to == ["guest@example.org"]).body
