"""The outbox and the sent-once ledger.

How a notice travels: `notices_record` inserts ledger rows (a unique key each) and their outbox
messages in one transaction, then, once committed, enqueues `send_outbox_messages` in small
batches. The task claims one message at a time, right before sending it (status `sending`, one
conditional UPDATE), sends it and marks it `sent` at once: a worker killed mid-batch strands one
message per pool process, not the batch. `outbox_heal` (every 30 s) takes back claims older than
the claim timeout (a killed worker) and hands the workers every queued message whose next attempt
is due (a lost broker message, a retry after a transient error).

Errors: a transient one (the SMTP server away, a 4xx, a timeout) puts the message back in the
queue with an exponential backoff, for about two days (IGFMAG_OUTBOX_MAX_ATTEMPTS); a permanent
one (a 5xx refusing the recipient, a message that cannot be built) fails it at once. The
secretariat retries failed messages one by one or every one of a period in one action.

The claim timeout is longer than one send may take (EMAIL_TIMEOUT bounds each SMTP exchange), so a
live worker's message is never taken back and sent twice. The one window we cannot close: the
SMTP server accepted a message and the worker died before marking it sent; after the claim
timeout that message is sent again. Marking `sent` right after each send, in its own statement,
keeps that window to about a millisecond per message, and the message keeps its Message-ID, so
that the recipient's mail system shows it once.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import InterfaceError, OperationalError, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record

from .chores import chore_run
from .emails import RenderedEmail, absolute_url
from .enums import Chore, Delivery, LedgerStatus, MailKind, OutboxStatus
from .guests import guest_stop_url, stopped_addresses
from .models import NotificationLedger, NotificationPreferences, OutboxMessage
from .sealing import SealBroken, redact, seal, unseal

logger = logging.getLogger(__name__)

# Messages per send task: small, so that a task lost with its worker leaves little to the heal.
TASK_BATCH = 20
# At most this many queued messages are handed to the workers per heal.
HEAL_LIMIT = 5000
RECORD_CHUNK = 500
STOPPED_REASON = "the address asked for no more email"
# Kinds a person may take as one daily digest instead of single emails.
DIGESTIBLE = (MailKind.REMINDER, MailKind.OVERDUE, MailKind.CHANGE)


def preferences_for(users: Iterable[User]) -> dict[int, NotificationPreferences]:
    """Each user's preferences, saved with the defaults for those who never set any (their
    unsubscribe links need a token), in at most three queries whatever the number of users."""
    ids = {u.pk for u in users}
    found = {p.user_id: p for p in NotificationPreferences.objects.filter(user_id__in=ids)}
    missing = ids - found.keys()
    if missing:
        NotificationPreferences.objects.bulk_create(
            [NotificationPreferences(user_id=uid, **NotificationPreferences.defaults()) for uid in missing],
            ignore_conflicts=True,
        )
        found.update({p.user_id: p for p in NotificationPreferences.objects.filter(user_id__in=missing)})
    return found


def preferences_get(*, user: User) -> NotificationPreferences:
    return preferences_for([user])[user.pk]


PREFERENCE_FIELDS = (
    "reminder_offsets",
    "overdue_notices",
    "change_notices",
    "meeting_reminders",
    "announcements",
    "delivery",
)


@transaction.atomic
def preferences_update(*, user: User, **fields) -> NotificationPreferences:
    """Save the person's choices of which emails they get, and how."""
    preferences_get(user=user)
    prefs = NotificationPreferences.objects.select_for_update().get(user=user)
    for name in PREFERENCE_FIELDS:
        if name in fields:
            setattr(prefs, name, fields[name])
    prefs.full_clean()
    prefs.save(update_fields=[name for name in PREFERENCE_FIELDS if name in fields])
    return prefs


def unsubscribe_url_for(prefs: NotificationPreferences) -> str:
    return absolute_url(reverse("notification_unsubscribe", args=[prefs.unsubscribe_token]))


def outbox_message_new(
    *,
    kind: str,
    to_email: str,
    email: RenderedEmail,
    to_user: User | None = None,
    secrets: Iterable[str] = (),
) -> OutboxMessage:
    """An unsaved outbox row for `email`. `secrets` (a sign-in code, a link that acts for the
    recipient) never stay readable in it: the row shows them hidden and seals the real message."""
    headers = {}
    if email.unsubscribe_url:
        # RFC 8058 one-click unsubscribe: mail clients show an "Unsubscribe" button that POSTs here.
        headers = {
            "List-Unsubscribe": f"<{email.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = OutboxMessage(
        kind=kind,
        to_email=to_email,
        to_user=to_user,
        subject=email.subject[:300],
        body_text=email.text,
        body_html=email.html,
        headers=headers,
        attachments=[a._asdict() for a in email.attachments],
    )
    secrets = sorted({secret for secret in secrets if secret}, key=len, reverse=True)
    if secrets:
        message.sealed = seal(
            {
                "subject": message.subject,
                "text": message.body_text,
                "html": message.body_html,
                "headers": headers,
            }
        )
        message.subject = redact(message.subject, secrets)
        message.body_text = redact(message.body_text, secrets)
        message.body_html = redact(message.body_html, secrets)
        message.headers = {name: redact(value, secrets) for name, value in headers.items()}
    return message


def outbox_enqueue(ids: list[int]) -> None:
    """After the surrounding transaction commits, hand the messages to the workers in batches."""
    if not ids:
        return
    from .tasks import send_outbox_messages

    def enqueue():
        for start in range(0, len(ids), TASK_BATCH):
            send_outbox_messages.delay(ids[start : start + TASK_BATCH])

    transaction.on_commit(enqueue)


@dataclass
class Notice:
    """Something that must reach `user` (or, for a guest without an account, `to_email`) at most
    once, identified by `key`. `render` receives the user's preferences (None for a guest)."""

    key: str
    kind: str
    user: User | None
    render: Callable[[NotificationPreferences | None], RenderedEmail]
    summary: str = ""
    milestone_id: int | None = None
    to_email: str = ""
    # What the email must not keep readable (outbox_message_new): a guest's private link, say.
    secrets: tuple[str, ...] = ()

    @property
    def address(self):
        return self.to_email or self.user.email


def notice_for(
    *,
    key: str,
    kind: str,
    template: str,
    context: dict,
    user: User | None = None,
    guest=None,
    guest_email: str = "",
    guest_zone: str = "UTC",
    summary: str = "",
    milestone_id: int | None = None,
    attachments: tuple = (),
    secrets: tuple[str, ...] = (),
) -> Notice:
    """A Notice whose email renders `template` for a user (their language and zone, with an
    unsubscribe link) or for a guest without an account (`guest` is the template's recipient; the
    email's one-click unsubscribe and visible link stop all email to the address)."""
    from .emails import render_email, render_for_user, with_attachments

    def render(prefs):
        if user is not None:
            email = render_for_user(template, context, user=user, unsubscribe_url=unsubscribe_url_for(prefs))
        else:
            stop_url = guest_stop_url(guest_email)
            email = render_email(
                template,
                {**context, "recipient": guest},
                zone=guest_zone or "UTC",
                unsubscribe_url=stop_url,
                stop_url=stop_url,
            )
        return with_attachments(email, *attachments)

    return Notice(
        key=key,
        kind=kind,
        user=user,
        render=render,
        summary=summary,
        milestone_id=milestone_id,
        to_email=guest_email,
        secrets=secrets,
    )


@dataclass
class Skip:
    key: str
    kind: str
    user: User | None
    reason: str
    milestone_id: int | None = None


def notices_record(notices: list[Notice], skips: list[Skip] = ()) -> list[int]:
    """Write ledger rows and outbox messages for the notices no one recorded before; return the
    outbox ids. Safe to run twice at once: a key another run inserted first is left to that run.
    A guest whose address stopped all email gets nothing: the notice is recorded as skipped."""
    stopped = stopped_addresses(n.to_email for n in notices if n.user is None)
    if stopped:
        skips = [
            *skips,
            *(
                Skip(key=n.key, kind=n.kind, user=None, reason=STOPPED_REASON, milestone_id=n.milestone_id)
                for n in notices
                if n.user is None and n.to_email in stopped
            ),
        ]
        notices = [n for n in notices if n.user is not None or n.to_email not in stopped]
    prefs = preferences_for([n.user for n in notices if n.user is not None])
    outbox_ids = []
    for start in range(0, max(len(notices), len(skips)), RECORD_CHUNK):
        outbox_ids += _record_chunk(
            notices[start : start + RECORD_CHUNK], list(skips[start : start + RECORD_CHUNK]), prefs
        )
    return outbox_ids


@transaction.atomic
def _record_chunk(notices, skips, prefs) -> list[int]:
    batch = uuid.uuid4()
    rows = []
    for notice in notices:
        digest = (
            notice.user is not None
            and notice.kind in DIGESTIBLE
            and prefs[notice.user.pk].delivery == Delivery.DIGEST
        )
        rows.append(
            NotificationLedger(
                key=notice.key,
                kind=notice.kind,
                user=notice.user,
                milestone_id=notice.milestone_id,
                batch=batch,
                summary=notice.summary[:400],
                status=LedgerStatus.IN_DIGEST if digest else LedgerStatus.QUEUED,
            )
        )
    rows += [
        NotificationLedger(
            key=s.key,
            kind=s.kind,
            user=s.user,
            milestone_id=s.milestone_id,
            batch=batch,
            status=LedgerStatus.SKIPPED,
            reason=s.reason[:200],
        )
        for s in skips
    ]
    NotificationLedger.objects.bulk_create(rows, ignore_conflicts=True)
    # The rows this batch inserted: a key someone else holds was not inserted, so is not ours.
    mine = dict(
        NotificationLedger.objects.filter(batch=batch, status=LedgerStatus.QUEUED).values_list("key", "id")
    )
    to_send = [n for n in notices if n.key in mine]
    messages = OutboxMessage.objects.bulk_create(
        [
            outbox_message_new(
                kind=n.kind,
                to_email=n.address,
                to_user=n.user,
                secrets=n.secrets,
                email=n.render(prefs[n.user.pk] if n.user is not None else None),
            )
            for n in to_send
        ]
    )
    links = [
        NotificationLedger(id=mine[n.key], outbox_id=m.pk) for n, m in zip(to_send, messages, strict=True)
    ]
    NotificationLedger.objects.bulk_update(links, ["outbox"], batch_size=RECORD_CHUNK)
    ids = [m.pk for m in messages]
    outbox_enqueue(ids)
    return ids


@transaction.atomic
def outbox_queue_one(
    *,
    kind: str,
    to_email: str,
    email: RenderedEmail,
    to_user: User | None = None,
    ledger_key: str = "",
    secrets: Iterable[str] = (),
) -> OutboxMessage | None:
    """Queue one message (and enqueue its sending on commit). With `ledger_key`, only the first
    call for that key queues anything; later ones return None. Nothing goes to an address without
    an account that stopped all email (None), except account mail the person asked for."""
    if to_user is None and kind != MailKind.ACCOUNT and stopped_addresses([to_email]):
        return None
    if ledger_key:
        entry, created = NotificationLedger.objects.get_or_create(
            key=ledger_key, defaults={"kind": kind, "user": to_user, "status": LedgerStatus.QUEUED}
        )
        if not created:
            return None
    message = outbox_message_new(kind=kind, to_email=to_email, to_user=to_user, email=email, secrets=secrets)
    message.save()
    if ledger_key:
        NotificationLedger.objects.filter(pk=entry.pk).update(outbox=message)
    outbox_enqueue([message.pk])
    return message


def claim_timeout() -> timedelta:
    """A claim older than this is taken back: its worker died. Longer than one send can take."""
    return timedelta(seconds=settings.IGFMAG_OUTBOX_CLAIM_TIMEOUT)


def requeue_after() -> timedelta:
    """A queued message not sent this long after it was handed to the workers lost its task."""
    return timedelta(seconds=settings.IGFMAG_OUTBOX_REQUEUE_AFTER)


def retry_backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th transient failure: 1, 2, 4 ... minutes, at most 2 hours."""
    base, cap = settings.IGFMAG_OUTBOX_RETRY_BACKOFF, settings.IGFMAG_OUTBOX_RETRY_BACKOFF_MAX
    return timedelta(seconds=min(cap, base * 2 ** min(max(attempts - 1, 0), 20)))


def is_permanent_failure(error: BaseException) -> bool:
    """Whether sending again can never work: the server refused the recipient for good (5xx), or
    the message itself cannot be built. Connection errors, timeouts, 4xx replies and a refused
    login or sender (the site's own configuration, which the secretariat fixes) are transient."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _reply in error.recipients.values())
    if isinstance(error, (smtplib.SMTPAuthenticationError, smtplib.SMTPSenderRefused)):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return not isinstance(error, OSError)  # SMTPException, socket errors and timeouts are OSErrors


def is_relay_unreachable(error: BaseException) -> bool:
    """The relay could not be reached or dropped the connection (not a reply about the message)."""
    return isinstance(
        error,
        (
            ConnectionError,
            TimeoutError,
            socket.gaierror,
            smtplib.SMTPServerDisconnected,
            smtplib.SMTPConnectError,
        ),
    )


def relay_answers() -> bool:
    """Whether the mail relay accepts a connection now (the backend's own `open`)."""
    try:
        connection = get_connection()
        connection.open()
        connection.close()
    except Exception:  # noqa: BLE001 — any failure means: not yet
        return False
    return True


def outbox_claim(pk: int) -> OutboxMessage | None:
    """Take one queued message, unless another worker holds it or it is sent: one conditional
    UPDATE, so two workers never both win. Returns it, marked `sending`, or None."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(pk=pk, status=OutboxStatus.QUEUED).update(
        status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return OutboxMessage.objects.filter(pk=pk).first() if claimed else None


def outbox_deliver(message: OutboxMessage) -> bool:
    """Send one claimed message and record the outcome. Returns whether it was sent."""
    subject, text, html, headers = message.subject, message.body_text, message.body_html, message.headers
    if message.sealed:
        try:
            real = unseal(message.sealed)
        except SealBroken:
            logger.warning("Outbox message %s cannot be unsealed (SECRET_KEY changed?)", message.pk)
            OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(
                status=OutboxStatus.FAILED, last_error="Sealed with a key this site no longer has."
            )
            return False
        subject, text, html, headers = real["subject"], real["text"], real["html"], real["headers"]
    # A Message-ID fixed per outbox row: if the one unavoidable window strikes (see the module
    # docstring) and the message goes twice, mail servers and clients see one message.
    domain = urlparse(settings.IGFMAG_SITE_URL).hostname or "igfmag.localhost"
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[message.to_email],
        headers={
            **headers,
            "X-Igfmag-Outbox-Id": str(message.pk),
            "Message-ID": f"<outbox-{message.pk}@{domain}>",
        },
    )
    if html:
        email.attach_alternative(html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    connection = get_connection()
    email.connection = connection
    try:
        connection.open()
        email.send()
    except Exception as error:  # noqa: BLE001 — any transport failure is recorded on the row
        _close_quietly(connection)
        final = is_permanent_failure(error) or message.attempts >= settings.IGFMAG_OUTBOX_MAX_ATTEMPTS
        retry_at = None if final else timezone.now() + retry_backoff(message.attempts)
        logger.warning(
            "Sending outbox message %s failed (attempt %s, %s): %s",
            message.pk,
            message.attempts,
            "given up" if final else f"next attempt at {retry_at:%Y-%m-%d %H:%M:%S} UTC",
            error,
        )
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(
            status=OutboxStatus.FAILED if final else OutboxStatus.QUEUED,
            next_attempt_at=retry_at,
            relay_unreachable=not final and is_relay_unreachable(error),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return False
    # Recorded before the connection's QUIT: a worker killed now, after the relay took the message,
    # is the one window that sends twice, and this keeps it to one UPDATE.
    _record_sent(message.pk)
    _close_quietly(connection)
    return True


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception as error:  # noqa: BLE001 — the message is already recorded either way
        logger.info("Closing the mail connection failed: %s", error)


def _record_sent(pk: int) -> None:
    """Mark a message the relay accepted as sent. If the database is away at that moment, keep
    trying for as long as the claim holds: giving up would leave it `sending`, and the heal would
    send it a second time."""
    deadline = time.monotonic() + claim_timeout().total_seconds()
    while True:
        try:
            OutboxMessage.objects.filter(pk=pk, status=OutboxStatus.SENDING).update(
                # Once sent, the secret has done its work: keep only the copy with it hidden.
                status=OutboxStatus.SENT,
                sent_at=timezone.now(),
                last_error="",
                relay_unreachable=False,
                sealed="",
            )
            return
        except (OperationalError, InterfaceError):
            if db_connection.in_atomic_block or time.monotonic() > deadline:
                raise
            logger.warning("Outbox message %s was sent; the database is away, recording it again in 1 s", pk)
            db_connection.close()  # the next query opens a new connection
            time.sleep(1)


def outbox_send(ids: list[int]) -> int:
    """Claim and send each message in turn; returns how many were sent. Ids already sent or held
    elsewhere are skipped."""
    sent = 0
    for pk in sorted(ids):
        message = outbox_claim(pk)
        if message is not None:
            sent += outbox_deliver(message)
    return sent


def outbox_heal(*, now=None) -> list[int]:
    """Take back the claims of workers that died, and hand the workers every queued message whose
    next attempt is due: a retry after its backoff, or one whose task was lost (flushed broker,
    killed worker, database away when it ran). Returns the ids handed over."""
    now = now or timezone.now()
    with chore_run(Chore.OUTBOX_HEAL):
        waiting_for_relay = OutboxMessage.objects.filter(
            status=OutboxStatus.QUEUED, relay_unreachable=True, next_attempt_at__gt=now
        )
        # The relay is back: what waited for it goes now, not at the end of its backoff.
        if waiting_for_relay.exists() and relay_answers():
            waiting_for_relay.update(next_attempt_at=now)
        return _heal(now)


@transaction.atomic
def _heal(now) -> list[int]:
    OutboxMessage.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=now - claim_timeout()).update(
        status=OutboxStatus.QUEUED, next_attempt_at=now
    )
    due = Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lt=now - requeue_after())
    ids = list(
        OutboxMessage.objects.filter(due, status=OutboxStatus.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)[:HEAL_LIMIT]
    )
    # Handed over now: if this task is lost as well, the next heal after requeue_after tries again.
    OutboxMessage.objects.filter(pk__in=ids).update(next_attempt_at=now + requeue_after())
    outbox_enqueue(ids)
    return ids


def _requeue(ids: list[int]) -> list[int]:
    """Failed messages among `ids` go back to the queue with their attempts counted anew."""
    ids = list(
        OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.FAILED).values_list("pk", flat=True)
    )
    OutboxMessage.objects.filter(pk__in=ids).update(
        status=OutboxStatus.QUEUED, attempts=0, claimed_at=None, next_attempt_at=None
    )
    outbox_enqueue(ids)
    return ids


@transaction.atomic
def outbox_retry(*, actor: User, ids: list[int]) -> int:
    """The secretariat sends chosen failed messages again (attempts start over)."""
    retried = _requeue(ids)
    audit_record(
        actor=actor, action=AuditAction.OUTBOX_RETRIED, target=f"{len(retried)} emails", ids=retried[:100]
    )
    return len(retried)


@transaction.atomic
def outbox_retry_period(*, actor: User, since, until=None) -> int:
    """The secretariat sends again every message that failed among those created in
    [since, until): after an SMTP outage, one action instead of pages of checkboxes."""
    rows = OutboxMessage.objects.filter(status=OutboxStatus.FAILED, created_at__gte=since)
    if until is not None:
        rows = rows.filter(created_at__lt=until)
    retried = _requeue(list(rows.values_list("pk", flat=True)))
    audit_record(
        actor=actor,
        action=AuditAction.OUTBOX_RETRIED,
        target=f"{len(retried)} emails",
        since=since.isoformat(),
        until=until.isoformat() if until else None,
    )
    return len(retried)


def digests_send(*, now=None) -> list[int]:
    """One email a day per person who chose the digest, once their local clock passes
    DIGEST_LOCAL_HOUR, with every item waiting for them. Returns the outbox ids. Each person is
    one item of the chore: one whose digest fails is recorded and the others' go."""
    from .enums import DIGEST_LOCAL_HOUR

    now = now or timezone.now()
    with chore_run(Chore.DIGESTS) as run:
        waiting = list(
            NotificationLedger.objects.filter(status=LedgerStatus.IN_DIGEST)
            .select_related("user")
            .order_by("user_id", "created_at", "id")
        )
        by_user: dict[int, list[NotificationLedger]] = {}
        for entry in waiting:
            by_user.setdefault(entry.user_id, []).append(entry)
        due = [
            entries
            for entries in by_user.values()
            if timezone.localtime(now, entries[0].user.zone).hour >= DIGEST_LOCAL_HOUR
        ]
        prefs = preferences_for([entries[0].user for entries in due])
        return run.each(
            due,
            lambda entries: _digest_record(entries, prefs=prefs[entries[0].user_id], now=now),
            describe=lambda entries: f"digest of user {entries[0].user_id}",
        )


def _digest_record(entries: list[NotificationLedger], *, prefs: NotificationPreferences, now) -> list[int]:
    from .emails import render_for_user

    user = entries[0].user
    local = timezone.localtime(now, user.zone)
    key = f"digest:{user.pk}:{local.date().isoformat()}"
    _entry, created = NotificationLedger.objects.get_or_create(
        key=key, defaults={"kind": MailKind.DIGEST, "user": user, "status": LedgerStatus.QUEUED}
    )
    if not created:
        return []  # today's digest left already; these items wait for tomorrow's
    items = list(
        NotificationLedger.objects.select_for_update().filter(
            pk__in=[e.pk for e in entries], status=LedgerStatus.IN_DIGEST
        )
    )
    if not items:
        return []
    email = render_for_user(
        "digest",
        {"items": items, "date": local.date()},
        user=user,
        unsubscribe_url=unsubscribe_url_for(prefs),
    )
    message = outbox_message_new(kind=MailKind.DIGEST, to_email=user.email, to_user=user, email=email)
    message.save()
    NotificationLedger.objects.filter(key=key).update(outbox=message)
    NotificationLedger.objects.filter(pk__in=[i.pk for i in items]).update(
        status=LedgerStatus.DIGESTED, outbox=message
    )
    outbox_enqueue([message.pk])
    return [message.pk]
