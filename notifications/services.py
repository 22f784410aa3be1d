"""The outbox and the sent-once ledger.

How a notice travels: `notices_record` inserts ledger rows (a unique key each) and their outbox
messages in one transaction, then, once committed, enqueues `send_outbox_messages`. The task
claims each row (`select_for_update(skip_locked=True)`, status `sending`), sends it and marks it
`sent` at once. `outbox_heal` (every minute) re-enqueues rows left `queued` (a lost broker
message) and takes back claims older than CLAIM_TIMEOUT (a killed worker).

The one window we cannot close: the SMTP server accepted a message and the worker died before
marking it sent. After CLAIM_TIMEOUT that message is sent again. Marking `sent` right after each
send, in its own statement, keeps that window to about a millisecond per message, and the
message keeps its Message-ID, so that the recipient's mail system shows it once.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record

from .emails import RenderedEmail, absolute_url
from .enums import Delivery, LedgerStatus, MailKind, OutboxStatus
from .guests import guest_stop_url, stopped_addresses
from .models import NotificationLedger, NotificationPreferences, OutboxMessage
from .sealing import SealBroken, redact, seal, unseal

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
CLAIM_TIMEOUT = timedelta(minutes=10)
# A queued row nobody claimed for this long lost its broker message (or waits for a retry).
REQUEUE_AFTER = timedelta(minutes=2)
TASK_BATCH = 50
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
            ignore_conflicts=True)
        found.update({p.user_id: p for p in NotificationPreferences.objects.filter(user_id__in=missing)})
    return found


def preferences_get(*, user: User) -> NotificationPreferences:
    return preferences_for([user])[user.pk]


PREFERENCE_FIELDS = ("reminder_offsets", "overdue_notices", "change_notices", "meeting_reminders", "announcements",
                     "delivery")


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


def outbox_message_new(*, kind: str, to_email: str, email: RenderedEmail, to_user: User | None = None,
                       secrets: Iterable[str] = ()) -> OutboxMessage:
    """An unsaved outbox row for `email`. `secrets` (a sign-in code, a link that acts for the
    recipient) never stay readable in it: the row shows them hidden and seals the real message."""
    headers = {}
    if email.unsubscribe_url:
        # RFC 8058 one-click unsubscribe: mail clients show an "Unsubscribe" button that POSTs here.
        headers = {"List-Unsubscribe": f"<{email.unsubscribe_url}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message = OutboxMessage(kind=kind, to_email=to_email, to_user=to_user, subject=email.subject[:300],
                            body_text=email.text, body_html=email.html, headers=headers,
                            attachments=[a._asdict() for a in email.attachments])
    secrets = sorted({secret for secret in secrets if secret}, key=len, reverse=True)
    if secrets:
        message.sealed = seal({"subject": message.subject, "text": message.body_text, "html": message.body_html,
                               "headers": headers})
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
            send_outbox_messages.delay(ids[start:start + TASK_BATCH])

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


def notice_for(*, key: str, kind: str, template: str, context: dict, user: User | None = None,
               guest=None, guest_email: str = "", guest_zone: str = "UTC", summary: str = "",
               milestone_id: int | None = None, attachments: tuple = (), secrets: tuple[str, ...] = ()) -> Notice:
    """A Notice whose email renders `template` for a user (their language and zone, with an
    unsubscribe link) or for a guest without an account (`guest` is the template's recipient; the
    email's one-click unsubscribe and visible link stop all email to the address)."""
    from .emails import render_email, render_for_user, with_attachments

    def render(prefs):
        if user is not None:
            email = render_for_user(template, context, user=user, unsubscribe_url=unsubscribe_url_for(prefs))
        else:
            stop_url = guest_stop_url(guest_email)
            email = render_email(template, {**context, "recipient": guest}, zone=guest_zone or "UTC",
                                 unsubscribe_url=stop_url, stop_url=stop_url)
        return with_attachments(email, *attachments)

    return Notice(key=key, kind=kind, user=user, render=render, summary=summary, milestone_id=milestone_id,
                  to_email=guest_email, secrets=secrets)


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
        skips = [*skips, *(Skip(key=n.key, kind=n.kind, user=None, reason=STOPPED_REASON, milestone_id=n.milestone_id)
                           for n in notices if n.user is None and n.to_email in stopped)]
        notices = [n for n in notices if n.user is not None or n.to_email not in stopped]
    prefs = preferences_for([n.user for n in notices if n.user is not None])
    outbox_ids = []
    for start in range(0, max(len(notices), len(skips)), RECORD_CHUNK):
        outbox_ids += _record_chunk(notices[start:start + RECORD_CHUNK], list(skips[start:start + RECORD_CHUNK]),
                                    prefs)
    return outbox_ids


@transaction.atomic
def _record_chunk(notices, skips, prefs) -> list[int]:
    batch = uuid.uuid4()
    rows = []
    for notice in notices:
        digest = (notice.user is not None and notice.kind in DIGESTIBLE
                  and prefs[notice.user.pk].delivery == Delivery.DIGEST)
        rows.append(NotificationLedger(key=notice.key, kind=notice.kind, user=notice.user,
                                       milestone_id=notice.milestone_id, batch=batch, summary=notice.summary[:400],
                                       status=LedgerStatus.IN_DIGEST if digest else LedgerStatus.QUEUED))
    rows += [NotificationLedger(key=s.key, kind=s.kind, user=s.user, milestone_id=s.milestone_id, batch=batch,
                                status=LedgerStatus.SKIPPED, reason=s.reason[:200]) for s in skips]
    NotificationLedger.objects.bulk_create(rows, ignore_conflicts=True)
    # The rows this batch inserted: a key someone else holds was not inserted, so is not ours.
    mine = dict(NotificationLedger.objects.filter(batch=batch, status=LedgerStatus.QUEUED).values_list("key", "id"))
    to_send = [n for n in notices if n.key in mine]
    messages = OutboxMessage.objects.bulk_create([
        outbox_message_new(kind=n.kind, to_email=n.address, to_user=n.user, secrets=n.secrets,
                           email=n.render(prefs[n.user.pk] if n.user is not None else None))
        for n in to_send
    ])
    links = [NotificationLedger(id=mine[n.key], outbox_id=m.pk) for n, m in zip(to_send, messages, strict=True)]
    NotificationLedger.objects.bulk_update(links, ["outbox"], batch_size=RECORD_CHUNK)
    ids = [m.pk for m in messages]
    outbox_enqueue(ids)
    return ids


@transaction.atomic
def outbox_queue_one(*, kind: str, to_email: str, email: RenderedEmail, to_user: User | None = None,
                     ledger_key: str = "", secrets: Iterable[str] = ()) -> OutboxMessage | None:
    """Queue one message (and enqueue its sending on commit). With `ledger_key`, only the first
    call for that key queues anything; later ones return None. Nothing goes to an address without
    an account that stopped all email (None), except account mail the person asked for."""
    if to_user is None and kind != MailKind.ACCOUNT and stopped_addresses([to_email]):
        return None
    if ledger_key:
        entry, created = NotificationLedger.objects.get_or_create(
            key=ledger_key, defaults={"kind": kind, "user": to_user, "status": LedgerStatus.QUEUED})
        if not created:
            return None
    message = outbox_message_new(kind=kind, to_email=to_email, to_user=to_user, email=email, secrets=secrets)
    message.save()
    if ledger_key:
        NotificationLedger.objects.filter(pk=entry.pk).update(outbox=message)
    outbox_enqueue([message.pk])
    return message


def outbox_claim(ids: list[int]) -> list[OutboxMessage]:
    """Take the queued messages among `ids` that no other worker holds; mark them `sending`."""
    with transaction.atomic():
        claimed = list(OutboxMessage.objects.select_for_update(skip_locked=True)
                       .filter(pk__in=ids, status=OutboxStatus.QUEUED).order_by("pk"))
        now = timezone.now()
        OutboxMessage.objects.filter(pk__in=[m.pk for m in claimed]).update(
            status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    for message in claimed:
        message.status, message.claimed_at, message.attempts = OutboxStatus.SENDING, now, message.attempts + 1
    return claimed


def outbox_deliver(message: OutboxMessage) -> bool:
    """Send one claimed message and record the outcome. Returns whether it was sent."""
    subject, text, html, headers = message.subject, message.body_text, message.body_html, message.headers
    if message.sealed:
        try:
            real = unseal(message.sealed)
        except SealBroken:
            logger.warning("Outbox message %s cannot be unsealed (SECRET_KEY changed?)", message.pk)
            OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(
                status=OutboxStatus.FAILED, last_error="Sealed with a key this site no longer has.")
            return False
        subject, text, html, headers = real["subject"], real["text"], real["html"], real["headers"]
    # A Message-ID fixed per outbox row: if the one unavoidable window strikes (see the module
    # docstring) and the message goes twice, mail servers and clients see one message.
    domain = urlparse(settings.IGFMAG_SITE_URL).hostname or "igfmag.localhost"
    email = EmailMultiAlternatives(subject=subject, body=text, to=[message.to_email],
                                   headers={**headers, "X-Igfmag-Outbox-Id": str(message.pk),
                                            "Message-ID": f"<outbox-{message.pk}@{domain}>"})
    if html:
        email.attach_alternative(html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    try:
        email.send()
    except Exception as error:  # noqa: BLE001 — any transport failure is recorded on the row
        logger.warning("Sending outbox message %s failed: %s", message.pk, error)
        final = message.attempts >= MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(
            status=OutboxStatus.FAILED if final else OutboxStatus.QUEUED, last_error=str(error)[:2000])
        return False
    # Once sent, the secret has done its work: keep only the copy with it hidden.
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), last_error="", sealed="")
    return True


def outbox_send(ids: list[int]) -> int:
    """Claim and send; returns how many were sent. Ids already sent or held elsewhere are skipped."""
    return sum(outbox_deliver(message) for message in outbox_claim(ids))


def outbox_heal(*, now=None) -> list[int]:
    """Re-enqueue what a lost broker message or a killed worker left behind. Returns the ids."""
    now = now or timezone.now()
    with transaction.atomic():
        OutboxMessage.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
            status=OutboxStatus.QUEUED)
        ids = list(OutboxMessage.objects.filter(status=OutboxStatus.QUEUED).filter(
            Q(claimed_at__lt=now - REQUEUE_AFTER) | Q(claimed_at__isnull=True, created_at__lt=now - REQUEUE_AFTER)
        ).values_list("pk", flat=True)[:5000])
        outbox_enqueue(ids)
    return ids


@transaction.atomic
def outbox_retry(*, actor: User, ids: list[int]) -> int:
    """The secretariat sends failed messages again (attempts start over); the audit row is written
    with them, so no message goes again unrecorded."""
    ids = list(OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.FAILED).values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxStatus.QUEUED, attempts=0, claimed_at=None)
    audit_record(actor=actor, action=AuditAction.OUTBOX_RETRIED, target=f"{len(ids)} emails", ids=ids[:100])
    outbox_enqueue(ids)
    return len(ids)


def digests_send(*, now=None) -> list[int]:
    """One email a day per person who chose the digest, once their local clock passes
    DIGEST_LOCAL_HOUR, with every item waiting for them. Returns the outbox ids."""
    from .emails import render_for_user
    from .enums import DIGEST_LOCAL_HOUR

    now = now or timezone.now()
    waiting = list(NotificationLedger.objects.filter(status=LedgerStatus.IN_DIGEST).select_related("user")
                   .order_by("user_id", "created_at", "id"))
    by_user: dict[int, list[NotificationLedger]] = {}
    for entry in waiting:
        by_user.setdefault(entry.user_id, []).append(entry)
    prefs = preferences_for([entries[0].user for entries in by_user.values()])
    ids = []
    for user_id, entries in by_user.items():
        user = entries[0].user
        local = timezone.localtime(now, user.zone)
        if local.hour < DIGEST_LOCAL_HOUR:
            continue
        with transaction.atomic():
            _entry, created = NotificationLedger.objects.get_or_create(
                key=f"digest:{user_id}:{local.date().isoformat()}",
                defaults={"kind": MailKind.DIGEST, "user": user, "status": LedgerStatus.QUEUED})
            if not created:
                continue  # today's digest left already; these items wait for tomorrow's
            items = list(NotificationLedger.objects.select_for_update()
                         .filter(pk__in=[e.pk for e in entries], status=LedgerStatus.IN_DIGEST))
            if not items:
                continue
            email = render_for_user("digest", {"items": items, "date": local.date()}, user=user,
                                    unsubscribe_url=unsubscribe_url_for(prefs[user_id]))
            message = outbox_message_new(kind=MailKind.DIGEST, to_email=user.email, to_user=user, email=email)
            message.save()
            NotificationLedger.objects.filter(key=f"digest:{user_id}:{local.date().isoformat()}").update(outbox=message)
            NotificationLedger.objects.filter(pk__in=[i.pk for i in items]).update(
                status=LedgerStatus.DIGESTED, outbox=message)
            outbox_enqueue([message.pk])
            ids.append(message.pk)
    return ids
