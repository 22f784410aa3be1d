from celery import shared_task

from . import reminders


@shared_task
def sweep_due_reminders() -> int:
    """Every minute (beat): queue the milestone reminders and overdue notices that are due."""
    return len(reminders.sweep())


@shared_task(acks_late=True)
def send_poll_invitations(poll_id: int) -> int:
    from .polls import poll_invitations_send

    return len(poll_invitations_send(poll_id))


@shared_task
def sweep_polls_and_meetings() -> int:
    """Every minute (beat): poll nudges, closing and summaries; meeting reminders."""
    from .meetings import meeting_reminders
    from .polls import poll_chores

    return len(poll_chores()) + len(meeting_reminders())
