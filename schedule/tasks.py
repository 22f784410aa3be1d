from celery import shared_task
from django.core.exceptions import ValidationError

from notifications.tasks import DB_RETRY, RecordedTask, run_each

from .services import reminders
from .services.busy import busy_calendar_fetch, busy_calendars_refresh
from .services.meetings import meeting_notices_send, meeting_reminders
from .services.outside import outside_calendar_fetch, outside_calendars_refresh
from .services.poll_mail import poll_chores, poll_invitations_send
from .services.record_reminders import record_reminders


@shared_task
def sweep_due_reminders() -> int:
    """Every minute (beat): queue the milestone reminders and overdue notices that are due."""
    return len(reminders.sweep())


@shared_task(base=RecordedTask, acks_late=True, reject_on_worker_lost=True, **DB_RETRY)
def send_poll_invitations(poll_id: int) -> int:
    return len(poll_invitations_send(poll_id))


@shared_task(base=RecordedTask, acks_late=True, reject_on_worker_lost=True, **DB_RETRY)
def send_meeting_notices(meeting_id: int) -> int:
    """A meeting's invitations, updates or cancellation, rendered here rather than in the request."""
    return len(meeting_notices_send(meeting_id))


@shared_task
def sweep_polls_and_meetings() -> None:
    """Every minute (beat): poll nudges, closing and summaries; meeting reminders. Each runs even
    if the other failed."""
    run_each(poll_chores, meeting_reminders)


@shared_task
def sweep_record_reminders() -> int:
    """Every few minutes (beat): action-item reminders and overdue notices, minutes reminders."""
    return len(record_reminders())


@shared_task
def refresh_outside_calendars() -> int:
    """Daily (beat): fetch every active outside calendar given by URL."""
    return outside_calendars_refresh()


@shared_task(base=RecordedTask, acks_late=True, reject_on_worker_lost=True, **DB_RETRY)
def fetch_outside_calendar(calendar_id: int) -> bool:
    """ "Fetch now": a failure is recorded on the calendar, not retried."""
    try:
        return outside_calendar_fetch(calendar_id)
    except ValidationError:
        return False


@shared_task
def refresh_busy_calendars() -> int:
    """Every six hours (beat): fetch every person's calendar given by URL (their busy times)."""
    return busy_calendars_refresh()


@shared_task(base=RecordedTask, acks_late=True, reject_on_worker_lost=True, **DB_RETRY)
def fetch_busy_calendar(calendar_id: int) -> bool:
    """ "Fetch now": a failure is recorded on the calendar, not retried."""
    try:
        return busy_calendar_fetch(calendar_id)
    except ValidationError:
        return False
