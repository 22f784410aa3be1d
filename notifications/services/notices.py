"""Notices: the one path every email takes.

A `Notice` is an email that must reach one person at most once, named by its ledger key
(ledger_keys.py). `notices_record` writes, in one transaction per chunk, a ledger row per notice
(its unique key makes a second send impossible) and an outbox message per row it inserted, then
hands the messages to the workers once committed (services/outbox.py). Its cost does not grow with
the number of notices: preferences, guest addresses, ledger rows and messages are each read or
written in bulk. A `Skip` records in the ledger why a notice will never go.

Reminders, notices, poll and meeting mail, announcements, subscription confirmations and the daily
digests are recorded this way; account mail (sign-in codes) too, sent at once by `notice_send_now`.

Rendering is most of the cost of a large send (three templates per email): the notices of a chunk
that share a template, a context, a language and a time zone render once, with stand-ins for what
differs per person (the name and the unsubscribe link), which are then filled in. The first
person of each such group is also rendered the usual way and compared: a template that reads
anything else of its recipient, or transforms the name, renders everyone one by one.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.db import models, transaction
from django.utils.html import escape

from accounts.models import CLOSED_DOMAIN, User

from ..chores import ChoreRunner
from ..emails import RenderedEmail, render_email, render_for_user, with_attachments
from ..enums import Delivery, LedgerStatus, MailKind
from ..models import GuestAddress, NotificationLedger, NotificationPreferences, OutboxMessage
from .guests import guest_addresses_for, guest_stop_url, normal_address
from .outbox import outbox_enqueue, outbox_message_new, outbox_messages_save, outbox_send
from .preferences import preferences_for, unsubscribe_url_for

RECORD_CHUNK = 500
STOPPED_REASON = "the address asked for no more email"
CLOSED_REASON = "the account is closed or the guest asked to be forgotten"
# Kinds a person may take as one daily digest instead of single emails.
DIGESTIBLE = (MailKind.REMINDER, MailKind.OVERDUE, MailKind.CHANGE)

# Renders the email from the recipient's preferences (a user) or guest address (a guest).
Render = Callable[[NotificationPreferences | None, GuestAddress | None], RenderedEmail]


@dataclass
class Notice:
    """Something that must reach `user` (or, for a guest without an account, `to_email`) at most
    once, identified by `key`. `subject` is what it is about, when anything reads that back."""

    key: str
    kind: str
    user: User | None
    render: Render
    summary: str = ""
    subject: models.Model | None = None
    to_email: str = ""
    # What the email must not keep readable (outbox_message_new): a guest's private link, say.
    secrets: tuple[str, ...] = ()
    # Ledger entries this email delivers (a digest's items): it goes only if every one of them
    # still waits for a digest, and they are marked delivered by it in the same transaction.
    covers: tuple[int, ...] = ()
    # (template, context, attachments) of an email to a user, so that the notices sharing them
    # render once per language and zone (_render_all); None renders through `render` alone.
    shared: tuple | None = None

    @property
    def address(self) -> str:
        return self.to_email or self.user.email

    @property
    def is_account_mail(self) -> bool:
        """Mail the person asked for (a sign-in code): no preferences, no stop link, always sent."""
        return self.kind == MailKind.ACCOUNT

    @property
    def is_guest_mail(self) -> bool:
        return self.user is None and not self.is_account_mail


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
    guest_language: str = "",
    guest_unsubscribe_url: str = "",
    summary: str = "",
    subject: models.Model | None = None,
    attachments: tuple = (),
    secrets: tuple[str, ...] = (),
    covers: tuple[int, ...] = (),
) -> Notice:
    """A Notice whose email renders `template` for a user (their language and zone, with an
    unsubscribe link) or for a guest without an account (`guest` is the template's recipient; the
    email's visible link stops all email to the address, and so does its one-click unsubscribe
    unless `guest_unsubscribe_url` names a narrower one, such as a subscription's), in
    `guest_language` (the page's they answered or signed up on; the site's when unknown)."""

    def render(prefs, address):
        if user is not None:
            email = render_for_user(template, context, user=user, unsubscribe_url=unsubscribe_url_for(prefs))
        else:
            stop_url = guest_stop_url(address)
            email = render_email(
                template,
                {**context, "recipient": guest},
                zone=guest_zone or "UTC",
                language=guest_language,
                unsubscribe_url=guest_unsubscribe_url or stop_url,
                stop_url=stop_url,
            )
        return with_attachments(email, *attachments)

    return Notice(
        key=key,
        kind=kind,
        user=user,
        render=render,
        summary=summary,
        subject=subject,
        to_email=guest_email,
        secrets=secrets,
        covers=covers,
        shared=(template, context, tuple(attachments)) if user is not None else None,
    )


def account_notice_for(
    *, key: str, email: RenderedEmail, to_email: str, user: User | None, secrets
) -> Notice:
    """A Notice for account mail that allauth rendered itself (accounts' templates)."""
    return Notice(
        key=key,
        kind=MailKind.ACCOUNT,
        user=user,
        render=lambda _prefs, _address: email,
        to_email=to_email,
        secrets=tuple(secrets),
    )


@dataclass
class Skip:
    """A notice that will never go, recorded in the ledger with the reason."""

    key: str
    kind: str
    user: User | None
    reason: str
    subject: models.Model | None = None


def notices_record(
    notices: Iterable[Notice], skips: Iterable[Skip] = (), *, run: ChoreRunner | None = None
) -> list[int]:
    """Write ledger rows and outbox messages for the notices no one recorded before; return the
    outbox ids. Safe to run twice at once: a key another run inserted first is left to that run.
    A guest whose address stopped all email gets nothing: the notice is recorded as skipped.

    With `run`, an email that cannot be rendered is recorded as the run's failure and left out
    (its ledger row too, so that a later run tries again); the others go."""
    return _record(list(notices), list(skips), run=run, enqueue=True)


def notice_send_now(notice: Notice) -> int:
    """Record one notice and send it in this process at once, not through the workers: a sign-in
    code must not wait for a queue. If the relay fails, the message waits in the outbox like any
    other, and the heal tries it again. Returns 1 if it was sent."""
    return outbox_send(_record([notice], [], run=None, enqueue=False))


def _record(notices: list[Notice], skips: list[Skip], *, run, enqueue: bool) -> list[int]:
    addresses = guest_addresses_for(n.to_email for n in notices if n.is_guest_mail)
    stopped = [n for n in notices if n.is_guest_mail and addresses[normal_address(n.to_email)].is_stopped]
    if stopped:
        skips = [
            *skips,
            *(
                Skip(key=n.key, kind=n.kind, user=None, reason=STOPPED_REASON, subject=n.subject)
                for n in stopped
            ),
        ]
        stopped_keys = {n.key for n in stopped}
        notices = [n for n in notices if n.key not in stopped_keys]
    # A closed account or a forgotten guest (issue 17) keeps an address under a reserved domain
    # that no mail reaches, and may still be named on a poll or a meeting that sends reminders:
    # nothing goes to it, recorded as skipped.
    closed = [n for n in notices if n.address.endswith("@" + CLOSED_DOMAIN)]
    if closed:
        skips = [
            *skips,
            *(
                Skip(key=n.key, kind=n.kind, user=n.user, reason=CLOSED_REASON, subject=n.subject)
                for n in closed
            ),
        ]
        closed_keys = {n.key for n in closed}
        notices = [n for n in notices if n.key not in closed_keys]
    prefs = preferences_for([n.user for n in notices if n.user is not None and not n.is_account_mail])
    outbox_ids = []
    for start in range(0, max(len(notices), len(skips)), RECORD_CHUNK):
        outbox_ids += _record_chunk(
            notices[start : start + RECORD_CHUNK],
            skips[start : start + RECORD_CHUNK],
            prefs=prefs,
            addresses=addresses,
            run=run,
            enqueue=enqueue,
        )
    return outbox_ids


def _goes_to_digest(notice: Notice, prefs: dict[int, NotificationPreferences]) -> bool:
    return (
        notice.user is not None
        and notice.kind in DIGESTIBLE
        and prefs[notice.user.pk].delivery == Delivery.DIGEST
    )


@transaction.atomic
def _record_chunk(notices, skips, *, prefs, addresses, run, enqueue) -> list[int]:
    """One transaction for up to RECORD_CHUNK notices, in a fixed number of queries: drop the
    keys already recorded, render the rest, write their outbox messages, then their ledger rows
    pointing at them. A key that another run inserts meanwhile wins the unique index: this run's
    row is not inserted, and its message is deleted before anyone sees it."""
    batch = uuid.uuid4()
    keys = [n.key for n in notices] + [s.key for s in skips]
    recorded = set(NotificationLedger.objects.filter(key__in=keys).values_list("key", flat=True))
    notices = [n for n in notices if n.key not in recorded]
    skips = [s for s in skips if s.key not in recorded]
    digested = [n for n in notices if _goes_to_digest(n, prefs)]
    to_send = [n for n in notices if not _goes_to_digest(n, prefs)]
    dropped = _taken_elsewhere([n for n in to_send if n.covers])
    to_send = [n for n in to_send if n.key not in dropped]
    emails = _render_all(to_send, prefs=prefs, addresses=addresses, run=run)
    to_send = [n for n in to_send if n.key in emails]
    messages = outbox_messages_save(
        [
            outbox_message_new(
                kind=n.kind, to_email=n.address, to_user=n.user, secrets=n.secrets, email=emails[n.key]
            )
            for n in to_send
        ]
    )
    sent = list(zip(to_send, messages, strict=True))

    def row(item, status, **fields):
        return NotificationLedger(
            key=item.key,
            kind=item.kind,
            user=item.user,
            subject=item.subject,
            batch=batch,
            status=status,
            **fields,
        )

    rows = [row(n, LedgerStatus.QUEUED, summary=n.summary[:400], outbox_id=m.pk) for n, m in sent]
    rows += [row(n, LedgerStatus.IN_DIGEST, summary=n.summary[:400]) for n in digested]
    rows += [row(s, LedgerStatus.SKIPPED, reason=s.reason[:200]) for s in skips]
    NotificationLedger.objects.bulk_create(rows, ignore_conflicts=True)
    if not sent:
        return []
    # The rows this batch inserted: a key someone else holds was not inserted, so is not ours.
    ours = NotificationLedger.objects.filter(batch=batch, status=LedgerStatus.QUEUED)
    mine = set(ours.values_list("key", flat=True))
    lost = [m.pk for n, m in sent if n.key not in mine]
    if lost:
        OutboxMessage.objects.filter(pk__in=lost).delete()
        sent = [(n, m) for n, m in sent if n.key in mine]
    # A digest's items point at the digest that delivered them.
    covered = [
        NotificationLedger(id=item, outbox_id=m.pk, status=LedgerStatus.DIGESTED)
        for n, m in sent
        for item in n.covers
    ]
    if covered:
        NotificationLedger.objects.bulk_update(covered, ["outbox", "status"], batch_size=RECORD_CHUNK)
    ids = [m.pk for _n, m in sent]
    if enqueue:
        outbox_enqueue(ids)
    return ids


# Stand-ins for what differs per person in a shared render: letters and digits only, so that
# escaping leaves them as they are and no name or link is likely to contain them.
_MARK = "q7x3v9"
_NAME = f"igfmagname{_MARK}"
_UNSUBSCRIBE = f"igfmagunsubscribe{_MARK}"


class _PersonalDetail(Exception):
    """A template read something of its recipient besides the name: render one by one."""


class _StandInRecipient:
    """The recipient of a shared render: its name is a stand-in; reading anything else of it
    (an email address, a role) raises, and the group renders one by one."""

    def __init__(self, user):
        self.name = _NAME
        self.language = user.language
        self.time_zone = user.time_zone

    def __getitem__(self, key):
        raise TypeError  # the template language then tries the attribute

    def __getattr__(self, attr):
        raise _PersonalDetail(attr)


def _fits_stand_in(name: str) -> bool:
    """A name that no template step changes: one space between words, no line breaks (a subject
    is made one line, runs of blank lines in a text part are shortened)."""
    return bool(name) and name == " ".join(name.split()) and _MARK not in name.lower()


def _fill(model: RenderedEmail, *, name: str, unsubscribe_url: str) -> RenderedEmail:
    def plain(value):
        return value.replace(_NAME, name).replace(_UNSUBSCRIBE, unsubscribe_url)

    return replace(
        model,
        subject=plain(model.subject),
        text=plain(model.text),
        html=model.html.replace(_NAME, escape(name)).replace(_UNSUBSCRIBE, escape(unsubscribe_url)),
        unsubscribe_url=unsubscribe_url,
    )


def _shared_model(notice: Notice, prefs) -> RenderedEmail | None:
    """The group's email with stand-ins, if it is the first person's email once filled in."""
    template, context, attachments = notice.shared
    try:
        model = with_attachments(
            render_for_user(
                template, context, user=_StandInRecipient(notice.user), unsubscribe_url=_UNSUBSCRIBE
            ),
            *attachments,
        )
    except _PersonalDetail:
        return None
    parts = (model.subject, model.text, model.html)
    stand_ins = sum(part.count(_NAME) + part.count(_UNSUBSCRIBE) for part in parts)
    if sum(part.lower().count(_MARK) for part in parts) != stand_ins:
        return None  # a stand-in was transformed (a filter on the name): it cannot be filled in
    first = notice.render(prefs.get(notice.user.pk), None)
    filled = _fill(model, name=notice.user.name, unsubscribe_url=first.unsubscribe_url)
    return model if filled == first else None


def _render_all(notices: list[Notice], *, prefs, addresses, run) -> dict[str, RenderedEmail]:
    """Each notice's email by key; one that cannot be rendered is the run's failure and left out
    (without a run, its error is raised)."""
    groups = defaultdict(list)
    alone = []
    for notice in notices:
        if notice.shared is None or not _fits_stand_in(notice.user.name):
            alone.append(notice)
            continue
        template, context, attachments = notice.shared
        groups[
            (
                template,
                tuple((name, id(value)) for name, value in sorted(context.items())),
                tuple(map(id, attachments)),
                notice.user.language,
                notice.user.time_zone,
            )
        ].append(notice)
    emails = {}

    def render_alone(notice):
        try:
            emails[notice.key] = notice.render(
                prefs.get(notice.user.pk) if notice.user is not None else None,
                addresses.get(normal_address(notice.to_email)),
            )
        except Exception as error:  # noqa: BLE001 — one recipient's bad email stops no other's
            if run is None:
                raise
            run.fail(f"{notice.kind} {notice.key}", error)

    for members in groups.values():
        model = None
        if len(members) > 1:
            try:
                model = _shared_model(members[0], prefs)
            except Exception:  # noqa: BLE001 — rendered one by one below, where the error is recorded
                model = None
        if model is None:
            alone += members
            continue
        for notice in members:
            emails[notice.key] = _fill(
                model, name=notice.user.name, unsubscribe_url=unsubscribe_url_for(prefs[notice.user.pk])
            )
    for notice in alone:
        render_alone(notice)
    return emails


def _taken_elsewhere(covering: list[Notice]) -> set[str]:
    """The keys of the notices some of whose items no longer wait (another digest took them, in a
    sweep that ran at the same time): the items are locked until this transaction ends."""
    if not covering:
        return set()
    waiting = set(
        NotificationLedger.objects.select_for_update()
        .filter(pk__in=[item for n in covering for item in n.covers], status=LedgerStatus.IN_DIGEST)
        .values_list("pk", flat=True)
    )
    return {n.key for n in covering if not waiting.issuperset(n.covers)}
