"""Reads for the outbox pages, each in a fixed number of queries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from ..enums import PERIODIC_CHORES, Chore, OutboxStatus
from ..models import ChoreError, ChoreRun, OutboxMessage
from ..services.outbox import claim_timeout

# Errors the health panel lists.
RECENT_ERRORS = 8
# A message never attempted this long after it was queued is late: the workers are not taking it.
LATE_AFTER = timedelta(minutes=2)


# The columns the outbox's list shows: the bodies, headers, attachments and sealed copy stay in
# the database.
_LISTED = ("pk", "created_at", "to_email", "subject", "kind", "status", "attempts", "last_error", "purged_at")


def outbox_messages(*, status: str = "") -> QuerySet:
    """Every message, newest first; with a known `status`, those in it: as named rows of the
    columns the list shows, not messages (the page reads them on every load to know whether its
    cached list still shows them: rows cost a fraction of what building messages does)."""
    rows = OutboxMessage.objects.values_list(*_LISTED, named=True).order_by("-created_at", "-id")
    return rows.filter(status=status) if status in OutboxStatus.values else rows


def outbox_rows_shown(rows) -> list[dict]:
    """The named rows of `outbox_messages` as the list shows them: each with its kind's and
    status's labels in the reader's language."""
    labels = {
        name: {value: str(label) for value, label in OutboxMessage._meta.get_field(name).flatchoices}
        for name in ("kind", "status")
    }
    return [
        {
            **row._asdict(),
            "kind_label": labels["kind"].get(row.kind, row.kind),
            "status_label": labels["status"].get(row.status, row.status),
        }
        for row in rows
    ]


def outbox_message_get(pk: int) -> OutboxMessage | None:
    return OutboxMessage.objects.filter(pk=pk).first()


@dataclass
class ChoreHealth:
    chore: str
    label: str
    periodic: bool
    last_finished_at: datetime | None = None
    last_success_at: datetime | None = None
    last_crashed_at: datetime | None = None
    last_failed_items: int = 0
    stale: bool = False


@dataclass
class OutboxHealth:
    chores: list[ChoreHealth]
    stuck: int
    failed: int
    late: int
    retrying: int
    errors: list[ChoreError]

    @property
    def stale_chores(self) -> list[ChoreHealth]:
        return [c for c in self.chores if c.stale]


def outbox_health(*, now=None) -> OutboxHealth:
    """The machinery's health for the outbox page, in three queries: each chore's last runs, the
    counts of stuck, failed, late and retrying messages, and the latest errors."""
    now = now or timezone.now()
    stale_after = timedelta(seconds=settings.IGFMAG_CHORE_STALE_AFTER)
    runs = {run.chore: run for run in ChoreRun.objects.all()}
    chores = []
    for chore in Chore:
        run, periodic = runs.get(chore.value), chore in PERIODIC_CHORES
        if run is None and not periodic:
            continue  # on-demand work (announcements, invitations) that never ran
        health = ChoreHealth(chore=chore.value, label=chore.label, periodic=periodic)
        if run is not None:
            health.last_finished_at, health.last_success_at = run.last_finished_at, run.last_success_at
            health.last_crashed_at, health.last_failed_items = run.last_crashed_at, run.last_failed_items
        health.stale = periodic and (
            health.last_success_at is None or now - health.last_success_at > stale_after
        )
        chores.append(health)
    # Only the messages not sent yet, through the (status, created_at) index: sent mail, nearly
    # all of the table and growing every day, is never counted.
    pending = OutboxMessage.objects.filter(
        status__in=[OutboxStatus.QUEUED, OutboxStatus.SENDING, OutboxStatus.FAILED]
    )
    counts = pending.aggregate(
        stuck=Count("pk", filter=Q(status=OutboxStatus.SENDING, claimed_at__lt=now - claim_timeout())),
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
        late=Count("pk", filter=Q(status=OutboxStatus.QUEUED, attempts=0, created_at__lt=now - LATE_AFTER)),
        retrying=Count("pk", filter=Q(status=OutboxStatus.QUEUED, attempts__gt=0)),
    )
    errors = list(ChoreError.objects.order_by("-last_at", "-id")[:RECENT_ERRORS])
    return OutboxHealth(chores=chores, errors=errors, **counts)


# The outbox changes every second a worker sends: its page is keyed by the rows it shows, read on
# every load, not by a version (its health panel, by age: notifications.views.outbox). Reading
# stays cheap (a page of rows through an index); rendering, the cost, happens once per state.


def _fingerprint(*parts) -> str:
    """A key for a fragment that shows `parts`, written in the reader's language and zone."""
    text = repr((parts, get_language(), timezone.get_current_timezone_name()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def outbox_rows_key(page) -> str:
    """What the list of a page of messages shows: each row's columns, and where its links lead."""
    return _fingerprint(page.rows, page.newest_url, page.newer_url, page.older_url)
