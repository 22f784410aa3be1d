"""Thin Celery wrappers around the services. Each looks the state up again, so a retried or
duplicated task sends nothing twice. This module imports the services and never the other way:
services enqueue these tasks by name (celery's `signature`).

Tasks that do work someone waits for retry when the database is briefly away (a restart, a
failover), with a growing wait; their countdown stays shorter than the broker's visibility
timeout (settings). A task that fails for good is recorded where the secretariat sees it."""

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from .chores import chore_error_record
from .enums import Chore
from .services.announcements import announcement_send
from .services.digests import digests_send
from .services.outbox import outbox_heal, outbox_purge, outbox_send

# Waits of about 2, 4, 8, 16, 30, 30 ... seconds (randomised): 8 retries cover a 2-minute outage.
DB_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 30,
    "retry_jitter": True,
    "max_retries": 8,
}


class RecordedTask(Task):
    """Records a task that failed for good (retries exhausted) as a chore error."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        chore_error_record(chore=Chore.TASKS, item=f"{self.name}{tuple(args)!r}"[:200], error=exc)


@shared_task(base=RecordedTask, acks_late=True, reject_on_worker_lost=True, **DB_RETRY)
def send_outbox_messages(ids: list[int]) -> int:
    return outbox_send(ids)


@shared_task
def sweep_outbox() -> None:
    """Every 30 seconds: heal the outbox and send the daily digests that are due. Each runs even
    if the other failed (both are recorded on the outbox page)."""
    run_each(outbox_heal, digests_send)


def run_each(*chores) -> None:
    """Run every chore; if any raised, raise the first error once all have run."""
    first_error = None
    for chore in chores:
        try:
            chore()
        except Exception as error:  # noqa: BLE001 — re-raised below, after the other chores ran
            first_error = first_error or error
    if first_error is not None:
        raise first_error


@shared_task(base=RecordedTask, acks_late=True, reject_on_worker_lost=True, **DB_RETRY)
def send_announcement(announcement_id: int) -> int:
    return announcement_send(announcement_id)


@shared_task
def purge_outbox_bodies() -> int:
    """Daily (beat): remove the texts of emails older than IGFMAG_OUTBOX_RETENTION_DAYS."""
    return outbox_purge()
