"""Background work of the proposals app: thin wrappers around services (beat runs them)."""

from celery import shared_task

from .invitations import speaker_nudges


@shared_task
def sweep_speaker_nudges() -> int:
    """Every minute (beat): remind invited speakers who have not answered before their reply-by date."""
    return len(speaker_nudges())
