from celery import shared_task

from . import reminders


@shared_task
def sweep_due_reminders() -> int:
    """Every minute (beat): queue the milestone reminders and overdue notices that are due."""
    return len(reminders.sweep())
