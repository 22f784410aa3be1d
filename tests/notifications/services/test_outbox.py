from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from notifications.emails import RenderedEmail
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.services.outbox import claim_timeout, outbox_heal, outbox_send
from tests.support.outbox import queue_email
from tests.support.smtp import SmtpSink

EMAIL = RenderedEmail(
    subject="[IGF MAG] Hello",
    text="Plain text\n",
    html="<p>HTML</p>",
    unsubscribe_url="http://testserver/notifications/unsubscribe/x/",
)


def _queue():
    return queue_email(EMAIL)


@pytest.mark.django_db
def test_a_queued_message_is_sent_once_with_text_html_and_unsubscribe_headers():
    message = _queue()
    assert outbox_send([message.pk]) == 1
    assert outbox_send([message.pk]) == 0  # a duplicated task finds it sent

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1) and message.sent_at
    (sent,) = mail.outbox
    assert sent.body == "Plain text\n" and sent.alternatives[0][0] == "<p>HTML</p>"
    assert sent.extra_headers["List-Unsubscribe"] == "<http://testserver/notifications/unsubscribe/x/>"


@pytest.fixture
def smtp(settings):
    """Django's real SMTP backend, talking to a local sink that is not started yet (the relay is down)."""
    sink = SmtpSink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", sink.port, False
    yield sink
    sink.stop()


@pytest.mark.django_db
def test_an_smtp_outage_is_retried_with_growing_waits_for_about_two_days_then_the_message_fails(
    smtp, settings
):
    start = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        message = _queue()
    now, waits = start, []
    while True:
        with time_machine.travel(now, tick=False):
            outbox_send(outbox_heal() or [message.pk])
        message.refresh_from_db()
        if message.status == OutboxStatus.FAILED:
            break
        assert message.status == OutboxStatus.QUEUED and "ConnectionRefusedError" in message.last_error
        with time_machine.travel(message.next_attempt_at - timedelta(seconds=1), tick=False):
            assert outbox_heal() == []  # not before its backoff
        waits.append(message.next_attempt_at - now)
        now = message.next_attempt_at
    assert message.attempts == settings.IGFMAG_OUTBOX_MAX_ATTEMPTS
    assert waits[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert max(waits) == timedelta(hours=2)
    assert timedelta(hours=24) <= now - start <= timedelta(hours=48)


@pytest.mark.django_db
def test_after_a_12_minute_smtp_outage_every_message_goes_once_within_two_minutes_of_the_relay_returning(
    smtp,
):
    start = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        messages = [_queue() for _ in range(5)]
        outbox_send([m.pk for m in messages])  # the relay is down
    relay_back = start + timedelta(minutes=12)
    now = start
    while now < relay_back:  # beat's heal every 30 seconds during the outage
        now += timedelta(seconds=30)
        with time_machine.travel(now, tick=False):
            outbox_send(outbox_heal())
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.QUEUED).exists()  # waiting, none failed
    smtp.start()
    while OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists():
        now += timedelta(seconds=30)
        with time_machine.travel(now, tick=False):
            outbox_send(outbox_heal())
        assert now - relay_back <= timedelta(minutes=2), (
            "the heal tries the relay and sends what waited for it"
        )
    assert smtp.outbox_ids() == {str(m.pk): 1 for m in messages}


@pytest.mark.django_db
def test_a_recipient_the_relay_refuses_for_good_fails_at_once(smtp):
    smtp.refuse = {"nobody@example.org"}
    smtp.start()
    refused = queue_email(EMAIL, to_email="nobody@example.org")
    accepted = _queue()
    outbox_send([refused.pk, accepted.pk])
    refused.refresh_from_db()
    accepted.refresh_from_db()
    assert (refused.status, refused.attempts, refused.next_attempt_at) == (OutboxStatus.FAILED, 1, None)
    assert "550" in refused.last_error
    assert accepted.status == OutboxStatus.SENT and smtp.outbox_ids() == {str(accepted.pk): 1}


@pytest.mark.django_db
def test_a_claim_abandoned_by_a_killed_worker_is_taken_back_and_sent_once():
    message = _queue()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.SENDING, claimed_at=timezone.now())
    assert outbox_heal() == []  # still within the timeout: the worker may be working on it
    with time_machine.travel(timezone.now() + claim_timeout() + timedelta(minutes=1)):
        ids = outbox_heal()
    assert ids == [message.pk]
    assert outbox_send(ids) == 1 and outbox_send(ids) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_secretariat_sees_failed_mail_and_retries_it(client, secretariat, settings):
    settings.EMAIL_BACKEND = "tests.support.mail.RefusingBackend"
    message = _queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, attempts=3, last_error="SMTP 554 rejected"
    )
    client.force_login(secretariat)
    page = client.get(reverse("outbox") + "?status=failed").content.decode()
    assert "SMTP 554 rejected" in page and "someone@example.org" in page

    page = client.post(reverse("outbox_retry"), {"ids": [message.pk]}, follow=True).content.decode()
    assert "1 email queued again." in page
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.QUEUED, 0)
    assert AuditEvent.objects.get(action=AuditAction.OUTBOX_RETRIED).details == {"ids": [message.pk]}


@pytest.mark.django_db
def test_a_retry_whose_audit_row_cannot_be_written_queues_nothing(client, secretariat, monkeypatch):
    message = _queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, attempts=settings.IGFMAG_OUTBOX_MAX_ATTEMPTS
    )

    def audit_log_unavailable(**kwargs):
        raise DatabaseError("the audit log cannot be written")

    # The second step of the retry fails, wherever it is written.
    monkeypatch.setattr("notifications.views.audit_record", audit_log_unavailable, raising=False)
    monkeypatch.setattr("notifications.services.outbox.audit_record", audit_log_unavailable, raising=False)
    client.force_login(secretariat)
    with pytest.raises(DatabaseError):
        client.post(reverse("outbox_retry"), {"ids": [message.pk]})

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, settings.IGFMAG_OUTBOX_MAX_ATTEMPTS)


@pytest.mark.django_db
def test_a_message_sent_again_keeps_its_message_id():
    message = _queue()
    outbox_send([message.pk])
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.QUEUED)  # as after the window
    outbox_send([message.pk])
    first, second = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == second == f"<outbox-{message.pk}@testserver>"
