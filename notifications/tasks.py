"""Thin Celery wrappers around the services. Each looks the state up again, so a retried or
duplicated task sends nothing twice."""
from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_outbox_messages(ids: list[int]) -> int:
    return services.outbox_send(ids)


@shared_task
def sweep_outbox() -> None:
    """Every minute: heal the outbox and send the daily digests that are due."""
    services.outbox_heal()
    services.digests_send()


@shared_task(acks_late=True)
def send_announcement(announcement_id: int) -> int:
    from .announcements import announcement_send

    return announcement_send(announcement_id)
