"""The outbox: every email waits here from queued to sent or failed.

Messages arrive through services/notices.py (`notices_record`, ledger and outbox in one
transaction), which calls `outbox_enqueue` to hand them, once committed, to `send_outbox_messages`
in batches of TASK_BATCH. The task claims its batch in one transaction (status `sending`; rows
another worker holds are skipped), sends them over one SMTP connection and marks each `sent` right
after its send, in its own statement. A worker killed mid-batch strands at most its batch until the
claim timeout (the heal then sends what was not sent), and sends twice at most the one message it
had handed to the relay and not yet marked. `outbox_heal` (every 30 s) takes back claims older than
the claim timeout (a killed worker) and hands the workers every queued message whose next attempt
is due (a lost broker message, a retry after a transient error).

Errors: a transient one (the SMTP server away, a 4xx, a timeout) puts the message back in the
queue with an exponential backoff, for about two days (IGFMAG_OUTBOX_MAX_ATTEMPTS); a permanent
one (a 5xx refusing the recipient, a message that cannot be built) fails it at once. The
secretariat retries failed messages one by one or every one of a period in one action.

The claim timeout is longer than one send may take (EMAIL_TIMEOUT bounds each SMTP exchange), and a
worker renews the claim of the rest of its batch as it goes, so a live worker's message is never
taken back and sent twice. The one window we cannot close: the
SMTP server accepted a message and the worker died before marking it sent; after the claim
timeout that message is sent again. Marking `sent` right after each send, in its own statement,
keeps that window to about a millisecond per message, and the message keeps its Message-ID, so
that the recipient's mail system shows it once.

Speed: on PostgreSQL the `sent` marks do not wait for the disk (synchronous_commit off for those
statements): the mark is visible to everyone at once and survives a killed worker or a database
restart; only a crash of the database server itself (power, kernel) in the fifth of a second after
a send can lose it, and that message goes again with its Message-ID. Claims wait for the disk as
usual. Each mark is one short SQL statement, not a queryset: at 100,000 reminders the ORM's
building of 100,000 updates cost more than PostgreSQL's running them. Marks are not grouped per
batch: the window above would grow from one message to every message sent since the last mark.

Building the MIME message is the other large cost per message (with Django's message and the
standard library's generator, twice the CPU of everything else a send does). `OutboxEmail` makes
the same bytes more cheaply: an email of the plain shape nearly every outbox message has (UTF-8
text, maybe one HTML part, no attachments, ASCII headers) is written directly by `_PlainMessage`,
header by header through the same folding policy and the text with its line breaks as the
generator writes them; any other is built by Django, with two slow steps skipped: folding a short
printable ASCII header (the standard folding returns it as it is) and compiling a regular
expression per message to check its random boundary (a substring test does). The tests in
tests/notifications/services/test_outbox_speed.py compare the bytes with Django's.
"""

from __future__ import annotations

import json
import logging
import random
import re
import smtplib
import socket
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from email.policy import Compat32
from email.utils import formatdate, make_msgid
from functools import cache
from urllib.parse import urlparse

from celery import signature
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import RFC5322_EMAIL_LINE_LENGTH_LIMIT, forbid_multi_line_headers
from django.core.mail.utils import DNS_NAME
from django.db import InterfaceError, OperationalError, transaction
from django.db import connection as db_connection
from django.db.models import DateTimeField, F, JSONField, Q, QuerySet, Value
from django.utils import timezone

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from common.versions import version_bump

from ..chores import chore_run
from ..emails import RenderedEmail
from ..enums import Chore, OutboxStatus
from ..models import OutboxMessage
from ..sealing import SealBroken, redact, seal, unseal

logger = logging.getLogger(__name__)

# Messages per send task, claimed together and sent over one SMTP connection: large enough that
# claiming and task overhead are small per message, small enough that a worker killed mid-batch
# strands little until the heal.
TASK_BATCH = 100
# At most this many queued messages are handed to the workers per heal.
HEAL_LIMIT = 5000
# Messages whose texts one transaction of the purge removes: a large backlog (the first purge of
# a site with years of mail) is many short transactions, not one that holds the table.
PURGE_BATCH = 500
# The task that sends messages, named rather than imported: notifications/tasks.py wraps these
# services and imports this module, so importing it back would make a cycle.
SEND_TASK = "notifications.tasks.send_outbox_messages"


# A header value that the standard folding leaves as it is when it fits on one line: printable
# ASCII words separated by single spaces.
_PLAIN_HEADER = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")


class _QuickFolding(Compat32):
    """Django's policy (compat32) with a shortcut for headers that need no folding or encoding."""

    def _fold(self, name, value, sanitize):
        if (
            isinstance(value, str)
            and len(name) + 2 + len(value) <= (self.max_line_length or sys.maxsize)
            and _PLAIN_HEADER.fullmatch(value)
        ):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


_QUICK_FOLDING = _QuickFolding()


class OutboxEmail(EmailMultiAlternatives):
    """An email whose MIME message flattens to the bytes Django's would, in a fraction of the time
    (module docstring); the SMTP backend and the tests' sinks flatten it as usual."""

    def message(self):
        headers = _plain_headers(self)
        if headers is not None:
            return _PlainMessage(self, headers)
        return self.standard_message()

    def standard_message(self):
        msg = super().message()
        msg.policy = _QUICK_FOLDING
        if msg.is_multipart():
            parts = list(msg.walk())
            texts = [str(value) for part in parts for value in part.values()]
            texts += [part.get_payload() for part in parts if not part.is_multipart()]
            for part in parts:
                if part.is_multipart() and not part.get_boundary():
                    part.set_boundary(_boundary(texts))
        return msg


def _plain_headers(email: OutboxEmail) -> list[tuple[str, str]] | None:
    """The top-level headers of `email`'s MIME message, as Django stores them, if the email is
    of the plain shape nearly every outbox message has (a UTF-8 text part without over-long
    lines, maybe one HTML alternative, no attachments, ASCII headers, one recipient list); else
    None, and the standard message is built."""
    extra = email.extra_headers
    names = {name.lower() for name in extra}
    if (
        email.attachments
        or email.cc
        or email.reply_to
        or not email.body
        or not email.to
        or names & {"to", "cc", "reply-to", "content-type", "mime-version", "content-transfer-encoding"}
        or (email.encoding or settings.DEFAULT_CHARSET) != "utf-8"
        or email.content_subtype != "plain"
        or len(email.alternatives) > 1
        or any(mimetype != "text/html" for _content, mimetype in email.alternatives)
        or not all(isinstance(text, str) and not _has_long_lines(text) for text in _texts(email))
    ):
        return None
    headers = [
        ("Subject", email.subject),
        ("From", extra.get("From", email.from_email)),
        ("To", ", ".join(str(address) for address in email.to)),
    ]
    if "date" not in names:
        headers.append(("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)))
    if "message-id" not in names:
        headers.append(("Message-ID", make_msgid(domain=DNS_NAME)))
    headers += [(name, value) for name, value in extra.items() if name.lower() != "from"]
    headers = [(name, str(value)) for name, value in headers]
    if not all(value.isascii() for _name, value in headers):
        return None
    # As Django's message does: refuses line breaks, encodes the subject.
    return [forbid_multi_line_headers(name, value, "utf-8") for name, value in headers]


def _texts(email: OutboxEmail) -> list[str]:
    return [email.body, *(content for content, _mimetype in email.alternatives)]


def _has_long_lines(text: str) -> bool:
    """Django then encodes the part as quoted-printable (SafeMIMEText.set_payload)."""
    return any(
        len(line.encode(errors="surrogateescape")) > RFC5322_EMAIL_LINE_LENGTH_LIMIT
        for line in text.splitlines()
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _PlainMessage:
    """The MIME message of a plain outbox email (_plain_headers): `as_bytes` writes what the
    standard library's generator writes for Django's message, without building that message;
    anything else asked of it is answered by the standard message, built then."""

    def __init__(self, email: OutboxEmail, headers: list[tuple[str, str]]):
        self._email, self._headers, self._standard = email, headers, None

    def __getattr__(self, name):
        if name.startswith("_"):  # this object's own fields, before __init__ set them (a copy)
            raise AttributeError(name)
        if self._standard is None:
            self._standard = self._email.standard_message()
        return getattr(self._standard, name)

    def __getitem__(self, name):
        return self.__getattr__("get")(name)

    def as_bytes(self, unixfrom=False, linesep="\n"):
        if unixfrom:
            return self.__getattr__("as_bytes")(unixfrom, linesep)
        policy = _QUICK_FOLDING.clone(linesep=linesep)
        texts = _texts(self._email)
        parts = [
            _part_headers(subtype, text, policy) + linesep.encode() + _lines(text, linesep)
            for subtype, text in zip(("plain", "html")[: len(texts)], texts, strict=True)
        ]
        if len(parts) == 1:
            top = [*_part_header_items("plain", texts[0]), *self._headers]
            body = _lines(texts[0], linesep)
        else:
            boundary = _boundary(texts)
            top = [
                ("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
                ("MIME-Version", "1.0"),
                *self._headers,
            ]
            nl, dashes = linesep.encode(), b"--" + boundary.encode()
            body = dashes + nl + (nl + dashes + nl).join(parts) + nl + dashes + b"--" + nl
        return b"".join(policy.fold_binary(name, value) for name, value in top) + linesep.encode() + body


def _part_header_items(subtype: str, text: str) -> list[tuple[str, str]]:
    return [
        ("Content-Type", f'text/{subtype}; charset="utf-8"'),
        ("MIME-Version", "1.0"),
        ("Content-Transfer-Encoding", "7bit" if text.isascii() else "8bit"),
    ]


def _part_headers(subtype: str, text: str, policy) -> bytes:
    return b"".join(policy.fold_binary(name, value) for name, value in _part_header_items(subtype, text))


def _lines(text: str, linesep: str) -> bytes:
    """A part's text as the generator writes it: its line breaks made `linesep`, no break added."""
    return _LINE_BREAK.sub(linesep, text).encode("utf-8", "surrogateescape")


def _boundary(texts: list[str]) -> str:
    """A boundary as the standard library makes it, that occurs in none of `texts`."""
    while True:
        boundary = "=" * 15 + f"{random.randrange(sys.maxsize):019d}" + "=="
        if not any(boundary in text for text in texts):
            return boundary


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


def outbox_messages_save(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """Insert unsaved outbox rows in one statement; returns them with their ids.

    On PostgreSQL through COPY, with ids taken from the table's sequence first: a large sweep
    spent half its time in Django's and psycopg's building of a 500-row INSERT (each value
    prepared by its field, the statement's placeholders split in Python), which COPY skips.
    Elsewhere their creation time goes in as an expression: Django then inserts with VALUES, not
    through PostgreSQL arrays (UNNEST), which psycopg's client-side binding quotes in Python."""
    if not messages:
        return []
    if db_connection.vendor == "postgresql":
        return _copy_in(messages)
    for message in messages:
        message.created_at = Value(message.created_at, output_field=DateTimeField())
    saved = OutboxMessage.objects.bulk_create(messages)
    for message in saved:
        message.created_at = message.created_at.value
    return saved


def _copy_in(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    meta, quote = OutboxMessage._meta, db_connection.ops.quote_name
    fields = meta.concrete_fields
    with db_connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(messages)],
        )
        for message, (pk,) in zip(messages, cursor.fetchall(), strict=True):
            message.pk = pk
        columns = ", ".join(quote(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for message in messages:
                copy.write_row([_copy_value(field, getattr(message, field.attname)) for field in fields])
    for message in messages:
        message._state.adding, message._state.db = False, db_connection.alias
    return messages


def _copy_value(field, value):
    """A value as COPY takes it: PostgreSQL parses each by its column's type."""
    if isinstance(field, JSONField):
        return json.dumps(value, cls=field.encoder)
    return value


def outbox_enqueue(ids: list[int]) -> None:
    """After the surrounding transaction commits, hand the messages to the workers in batches."""
    if not ids:
        return

    def enqueue():
        for start in range(0, len(ids), TASK_BATCH):
            signature(SEND_TASK, args=(ids[start : start + TASK_BATCH],)).delay()

    transaction.on_commit(enqueue)


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


def outbox_claim(ids: list[int]) -> list[OutboxMessage]:
    """Take the queued messages among `ids` that no other worker holds or sent, in one
    transaction: rows another worker is claiming are skipped (locked), so two workers never both
    win a message. Returns them, marked `sending`, in id order."""
    with transaction.atomic():
        if db_connection.vendor == "postgresql":
            with db_connection.cursor() as cursor:  # a claim waits for the disk (module docstring)
                cursor.execute("SET LOCAL synchronous_commit TO on")
        pks = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, status=OutboxStatus.QUEUED)
            .values_list("pk", flat=True)
        )
        if not pks:
            return []
        OutboxMessage.objects.filter(pk__in=pks, status=OutboxStatus.QUEUED).update(
            status=OutboxStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
        return list(OutboxMessage.objects.filter(pk__in=pks, status=OutboxStatus.SENDING).order_by("pk"))


def outbox_deliver(message: OutboxMessage, connection=None) -> bool:
    """Send one claimed message and record the outcome. Returns whether it was sent. Over
    `connection` if given (left open for the next message; reopened after a failure), else over a
    connection of its own."""
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
    email = OutboxEmail(
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
    own_connection = connection is None
    connection = connection or get_connection()
    email.connection = connection
    try:
        connection.open()
        email.send()
    except Exception as error:  # noqa: BLE001 — any transport failure is recorded on the row
        _close_quietly(connection)  # the next message opens a fresh one
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
    if own_connection:
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
            with db_connection.cursor() as cursor:
                # Once sent, the secret has done its work: keep only the copy with it hidden.
                cursor.execute(
                    _mark_sent_sql(),
                    [OutboxStatus.SENT, timezone.now(), "", False, "", pk, OutboxStatus.SENDING],
                )
            return
        except (OperationalError, InterfaceError):
            if db_connection.in_atomic_block or time.monotonic() > deadline:
                raise
            logger.warning("Outbox message %s was sent; the database is away, recording it again in 1 s", pk)
            db_connection.close()  # the next query opens a new connection
            time.sleep(1)


@cache
def _mark_sent_sql() -> str:
    """One message marked sent, as SQL: see the module docstring for why not a queryset."""
    meta, quote = OutboxMessage._meta, db_connection.ops.quote_name
    columns = [
        quote(meta.get_field(name).column)
        for name in ("status", "sent_at", "last_error", "relay_unreachable", "sealed")
    ]
    sets = ", ".join(f"{column} = %s" for column in columns)
    return (
        f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s AND {columns[0]} = %s"
    )


def outbox_send(ids: list[int]) -> int:
    """Claim and send the messages, TASK_BATCH at a time over one SMTP connection each; returns
    how many were sent. Ids already sent or held elsewhere are skipped."""
    ids = sorted(set(ids))
    sent = 0
    with _marks_without_waiting_for_disk():
        for start in range(0, len(ids), TASK_BATCH):
            sent += _send_batch(outbox_claim(ids[start : start + TASK_BATCH]))
    return sent


def _send_batch(messages: list[OutboxMessage]) -> int:
    if not messages:
        return 0
    sent = 0
    connection = get_connection()
    renewed = time.monotonic()
    try:
        for position, message in enumerate(messages):
            # The batch's later messages wait for the earlier ones: renew their claim well before
            # the heal would take it back from this live worker and send them a second time.
            if time.monotonic() - renewed > claim_timeout().total_seconds() / 3:
                OutboxMessage.objects.filter(
                    pk__in=[m.pk for m in messages[position:]], status=OutboxStatus.SENDING
                ).update(claimed_at=timezone.now())
                renewed = time.monotonic()
            sent += outbox_deliver(message, connection)
    finally:
        _close_quietly(connection)
    return sent


@contextmanager
def _marks_without_waiting_for_disk() -> Iterator[None]:
    """On PostgreSQL, outside a transaction: this connection's commits do not wait for the disk
    while sending (see the module docstring); a claim asks for the wait again itself."""
    if db_connection.vendor != "postgresql" or db_connection.in_atomic_block:
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        try:
            with db_connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except (OperationalError, InterfaceError):
            db_connection.close()  # a new connection starts with the default


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
    """Failed messages among `ids` go back to the queue with their attempts counted anew; one whose
    text was purged (outbox_purge) has nothing left to send and stays failed."""
    ids = list(
        OutboxMessage.objects.filter(
            pk__in=ids, status=OutboxStatus.FAILED, purged_at__isnull=True
        ).values_list("pk", flat=True)
    )
    OutboxMessage.objects.filter(pk__in=ids).update(
        status=OutboxStatus.QUEUED, attempts=0, claimed_at=None, next_attempt_at=None
    )
    version_bump("outbox")  # the health panel the secretariat returns to counts them at once
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


def outbox_retention() -> timedelta:
    """How long an email's text is kept after it was queued (IGFMAG_OUTBOX_RETENTION_DAYS, bounded
    in the settings). Whole days of UTC time: no zone, so a clock change moves nothing."""
    return timedelta(days=settings.IGFMAG_OUTBOX_RETENTION_DAYS)


def outbox_purgeable(*, now) -> QuerySet:
    """The messages whose texts the purge removes at `now`: sent or failed for good, queued more
    than the retention ago (strictly), not purged yet. Never one still queued, being sent or
    waiting for a retry: its text is what will be sent."""
    return OutboxMessage.objects.filter(
        purged_at__isnull=True,
        created_at__lt=now - outbox_retention(),
        status__in=[OutboxStatus.SENT, OutboxStatus.FAILED],
    )


def outbox_purge(*, now=None) -> int:
    """Daily (beat): remove the text, HTML, headers (the unsubscribe link), attachments (calendar
    invitations) and sealed copy of every old message (`outbox_purgeable`), PURGE_BATCH at a time,
    each batch in its own transaction; returns how many were purged.

    The rows stay, with their address, subject, kind, status and dates, and so do their ledger
    entries: a ledger key is what makes a second send impossible, so purging changes nothing of
    what is sent once. A purged failed message cannot be retried (`_requeue`). Running it again
    purges nothing twice; a batch that fails is rolled back and recorded (the outbox page's
    health panel), and the batches after it are still purged."""
    now = now or timezone.now()
    with chore_run(Chore.OUTBOX_PURGE) as run:
        purged = run.each(
            _purge_batches(now),
            lambda ids: _purge_batch(ids, now=now),
            describe=lambda ids: f"outbox messages {ids[0]} to {ids[-1]}",
        )
    return len(purged)


def _purge_batches(now) -> Iterator[list[int]]:
    """The purgeable messages' ids, PURGE_BATCH at a time, in id order. Read batch by batch, after
    the last one's work: a batch that failed is left behind, not read again and again."""
    last = 0
    while True:
        ids = list(
            outbox_purgeable(now=now)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:PURGE_BATCH]
        )
        if not ids:
            return
        last = ids[-1]
        yield ids


def _purge_batch(ids: list[int], *, now) -> list[int]:
    # Asked again in the update: a failed message the secretariat sent again meanwhile is queued
    # now, and keeps its text.
    rows = outbox_purgeable(now=now).filter(pk__in=ids)
    purged = list(rows.values_list("pk", flat=True))
    rows.filter(pk__in=purged).update(
        body_text="", body_html="", headers={}, attachments=[], sealed="", purged_at=now
    )
    return purged
