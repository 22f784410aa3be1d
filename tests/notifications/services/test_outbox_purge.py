"""Old emails lose their texts (notifications.services.outbox.outbox_purge): only sent or failed
ones queued more than IGFMAG_OUTBOX_RETENTION_DAYS ago, in batches, once; the rows and their
ledger keys stay, so nothing is ever sent twice."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.db.models.query import QuerySet
from django.test import override_settings
from django.urls import reverse

from notifications import tasks
from notifications.emails import Attachment, RenderedEmail
from notifications.enums import Chore, LedgerStatus, MailKind, OutboxStatus
from notifications.models import ChoreError, ChoreRun, NotificationLedger, OutboxMessage
from notifications.services import outbox as outbox_services
from notifications.services.notices import Notice, notices_record
from notifications.services.outbox import outbox_purge, outbox_retry, outbox_send
from tests.support.outbox import queue_email

pytestmark = pytest.mark.django_db

DAYS = 180
EMAIL = RenderedEmail(
    subject="[IGF MAG] Your call",
    text="Dear Amina,\n\nthe call is on Tuesday.\n",
    html="<p>Dear Amina,</p>",
    attachments=(Attachment("call.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),),
    unsubscribe_url="http://testserver/notifications/unsubscribe/secret-token/",
)


def _queued_at(when, *, status=OutboxStatus.SENT, email=EMAIL, to_email="amina@example.org"):
    """A message as if it had been queued at `when` and then reached `status`."""
    message = queue_email(email, to_email=to_email)
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=when, status=status, sent_at=when if status == OutboxStatus.SENT else None
    )
    message.refresh_from_db()
    return message


def _is_purged(message) -> bool:
    message.refresh_from_db()
    return message.purged_at is not None


def test_an_old_sent_email_loses_its_text_and_keeps_its_record(now):
    message = _queued_at(now - timedelta(days=DAYS + 1))
    assert message.headers and message.attachments and message.body_html

    assert outbox_purge() == 1

    message.refresh_from_db()
    assert (message.body_text, message.body_html, message.headers, message.attachments, message.sealed) == (
        "",
        "",
        {},
        [],
        "",
    )
    assert message.purged_at == now
    # What stays: the record that it went.
    assert (message.to_email, message.subject, message.status) == (
        "amina@example.org",
        "[IGF MAG] Your call",
        OutboxStatus.SENT,
    )
    assert message.sent_at == now - timedelta(days=DAYS + 1)
    run = ChoreRun.objects.get(chore=Chore.OUTBOX_PURGE)
    assert run.last_success_at == now and run.last_failed_items == 0


def test_the_boundary_is_the_retention_to_the_microsecond_in_utc(now):
    cutoff = now - timedelta(days=DAYS)
    at_cutoff = _queued_at(cutoff)
    just_before = _queued_at(cutoff - timedelta(microseconds=1))
    a_day_younger = _queued_at(cutoff + timedelta(days=1))

    outbox_purge()

    assert _is_purged(just_before)
    assert not _is_purged(at_cutoff)  # exactly the retention old: kept until the next run
    assert not _is_purged(a_day_younger)


def test_the_retention_is_whole_utc_days_across_a_clock_change():
    # 180 days before 2026-04-01 02:30 UTC is 2025-10-03 02:30 UTC: Europe's and America's clock
    # changes in between move nothing, for a reader in any zone.
    with time_machine.travel(datetime(2026, 4, 1, 2, 30, tzinfo=UTC), tick=False):
        kept = _queued_at(datetime(2025, 10, 3, 2, 30, tzinfo=UTC))
        purged = _queued_at(datetime(2025, 10, 3, 2, 29, 59, tzinfo=UTC))
        outbox_purge()
    assert _is_purged(purged) and not _is_purged(kept)


def test_queued_sending_and_retrying_emails_keep_their_text_however_old(now):
    old = now - timedelta(days=DAYS * 3)
    waiting = [_queued_at(old, status=status) for status in (OutboxStatus.QUEUED, OutboxStatus.SENDING)]
    failed_for_good = _queued_at(old, status=OutboxStatus.FAILED)

    assert outbox_purge() == 1

    assert _is_purged(failed_for_good)
    for message in waiting:
        message.refresh_from_db()
        assert message.body_text == EMAIL.text and message.purged_at is None


def test_running_again_purges_nothing_twice(now):
    message = _queued_at(now - timedelta(days=DAYS + 1))
    assert outbox_purge() == 1
    with time_machine.travel(now + timedelta(days=1), tick=False):
        assert outbox_purge() == 0
    message.refresh_from_db()
    assert message.purged_at == now  # when it was purged, not when the chore last ran


@override_settings(IGFMAG_OUTBOX_RETENTION_DAYS=30)
def test_the_setting_sets_the_retention(now):
    month_old = _queued_at(now - timedelta(days=31))
    outbox_purge()
    assert _is_purged(month_old)


def test_a_large_backlog_is_purged_in_batches_each_its_own_transaction(now, monkeypatch):
    monkeypatch.setattr(outbox_services, "PURGE_BATCH", 3)
    messages = [_queued_at(now - timedelta(days=DAYS + 1), to_email=f"p{i}@example.org") for i in range(7)]
    updates = []
    real_update = QuerySet.update

    def counting_update(self, **fields):
        if self.model is OutboxMessage and "purged_at" in fields:
            updates.append(sorted(self.values_list("pk", flat=True)))
        return real_update(self, **fields)

    monkeypatch.setattr(QuerySet, "update", counting_update)

    assert outbox_purge() == 7

    assert [len(batch) for batch in updates] == [3, 3, 1]
    assert all(_is_purged(message) for message in messages)


def test_a_failing_batch_is_recorded_and_the_other_batches_are_purged(now, monkeypatch):
    monkeypatch.setattr(outbox_services, "PURGE_BATCH", 2)
    messages = [_queued_at(now - timedelta(days=DAYS + 1), to_email=f"p{i}@example.org") for i in range(6)]
    bad_batch = {messages[2].pk, messages[3].pk}
    real_batch = outbox_services._purge_batch

    def failing_batch(ids, *, now):
        purged = real_batch(ids, now=now)  # written, then rolled back with its batch's transaction
        if set(ids) == bad_batch:
            raise RuntimeError("disk full")
        return purged

    monkeypatch.setattr(outbox_services, "_purge_batch", failing_batch)

    assert outbox_purge() == 4

    assert [_is_purged(m) for m in messages] == [True, True, False, False, True, True]
    (error,) = ChoreError.objects.filter(chore=Chore.OUTBOX_PURGE)
    assert error.item == f"outbox messages {messages[2].pk} to {messages[3].pk}"
    assert "disk full" in error.message
    assert ChoreRun.objects.get(chore=Chore.OUTBOX_PURGE).last_failed_items == 1
    # The next day the batch goes through.
    monkeypatch.setattr(outbox_services, "_purge_batch", real_batch)
    assert outbox_purge() == 2


def test_a_purged_email_keeps_its_ledger_key_so_it_is_never_sent_again(now):
    notice = Notice(
        key="test:reminder-once",
        kind=MailKind.REMINDER,
        user=None,
        to_email="amina@example.org",
        render=lambda _prefs, _address: EMAIL,
    )
    with time_machine.travel(now - timedelta(days=DAYS + 1), tick=False):
        outbox_send(notices_record([notice]))
    assert len(mail.outbox) == 1

    assert outbox_purge() == 1
    assert notices_record([notice]) == []  # the same reminder again: its key is taken

    assert len(mail.outbox) == 1 and OutboxMessage.objects.count() == 1
    entry = NotificationLedger.objects.get(key="test:reminder-once")
    assert entry.status == LedgerStatus.QUEUED and entry.outbox_id == OutboxMessage.objects.get().pk


def test_a_purged_failed_email_cannot_be_sent_again(now, secretariat):
    purged = _queued_at(now - timedelta(days=DAYS + 1), status=OutboxStatus.FAILED)
    recent = _queued_at(now - timedelta(days=1), status=OutboxStatus.FAILED)
    outbox_purge()

    assert outbox_retry(actor=secretariat, ids=[purged.pk, recent.pk]) == 1

    purged.refresh_from_db()
    recent.refresh_from_db()
    assert (purged.status, recent.status) == (OutboxStatus.FAILED, OutboxStatus.QUEUED)


def test_the_outbox_pages_say_texts_are_removed_and_show_a_purged_email_without_retry(
    now, client, secretariat
):
    purged = _queued_at(now - timedelta(days=DAYS + 1), status=OutboxStatus.FAILED)
    outbox_purge()
    client.force_login(secretariat)

    listing = client.get(reverse("outbox")).content.decode()
    assert f"removed {DAYS} days after it was queued" in listing
    assert f'name="ids" value="{purged.pk}"' not in listing  # no box to retry it

    page = client.get(reverse("outbox_message", args=[purged.pk])).content.decode()
    assert f"texts are kept {DAYS} days" in page
    assert "Retry" not in page and "Dear Amina" not in page


def test_the_daily_task_purges_and_beat_runs_it_once_a_day(now, settings):
    message = _queued_at(now - timedelta(days=DAYS + 1))
    assert tasks.purge_outbox_bodies() == 1
    assert _is_purged(message)
    entry = settings.CELERY_BEAT_SCHEDULE["purge-outbox-bodies"]
    assert (entry["task"], entry["schedule"]) == ("notifications.tasks.purge_outbox_bodies", 24 * 3600.0)


@pytest.mark.parametrize(
    ("value", "starts"),
    [("180", True), ("7", True), ("3650", True), ("6", False), ("0", False), ("3651", False)],
)
def test_the_retention_setting_is_bounded_at_start(value, starts):
    # A fresh interpreter: the settings refuse the value as they are read.
    result = subprocess.run(
        [sys.executable, "-c", "import igfmag.settings.base as s; print(s.IGFMAG_OUTBOX_RETENTION_DAYS)"],
        cwd=Path(__file__).resolve().parents[3],
        env={
            "IGFMAG_OUTBOX_RETENTION_DAYS": value,
            "PATH": "/usr/bin:/bin",
            "IGFMAG_VAR_DIR": "/tmp/igfmag-retention-check",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode == 0) is starts, result.stderr
    if starts:
        assert result.stdout.strip() == value
    else:
        assert "IGFMAG_OUTBOX_RETENTION_DAYS must be between 7 and 3650 days" in result.stderr
