from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class MailKind(models.TextChoices):
    ACCOUNT = "account", _("Account (sign-in codes, verification)")
    REMINDER = "reminder", _("Deadline reminder")
    OVERDUE = "overdue", _("Overdue notice")
    CHANGE = "change", _("Date change notice")
    DIGEST = "digest", _("Daily digest")
    ANNOUNCEMENT = "announcement", _("Announcement")
    SUBSCRIPTION = "subscription", _("Subscription confirmation")
    POLL_INVITATION = "poll_invitation", _("Availability poll invitation")
    POLL_REMINDER = "poll_reminder", _("Availability poll reminder")
    POLL_SUMMARY = "poll_summary", _("Availability poll summary")
    POLL_CHANGE = "poll_change", _("Availability poll change notice")
    POLL_ANSWERED = "poll_answered", _("Availability poll: everyone has answered")
    MEETING = "meeting", _("Meeting invitation, update or cancellation")
    MEETING_REMINDER = "meeting_reminder", _("Meeting reminder")
    ACTION_REMINDER = "action_reminder", _("Action item reminder")
    ACTION_OVERDUE = "action_overdue", _("Action item overdue notice")
    MINUTES_DUE = "minutes_due", _("Meeting minutes reminder")
    PAPER_DUE = "paper_due", _("Read-ahead paper reminder")
    DECISION = "decision", _("Decision on a workshop proposal")
    CONDITION_REMINDER = "condition_reminder", _("Reminder of a workshop's condition")
    SPEAKER_INVITATION = "speaker_invite", _("Invitation to speak in a session")
    SPEAKER_NUDGE = "speaker_nudge", _("Invitation to speak: reminder before the reply-by date")
    SPEAKER_CONFIRMED = "speaker_confirmed", _("Invitation to speak: confirmation with the calendar entry")
    SPEAKER_TIME = "speaker_time", _("Invitation to speak: the session's time set or changed")
    PROGRAMME_CHANGE = "programme_change", _("Programme: a released change to one's sessions")


class LedgerStatus(models.TextChoices):
    QUEUED = "queued", _("Queued in the outbox")
    IN_DIGEST = "in_digest", _("Waiting for the daily digest")
    DIGESTED = "digested", _("Sent in a digest")
    SKIPPED = "skipped", _("Skipped")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("One email per reminder")
    DIGEST = "digest", _("One daily digest")


# Reminders go out this many days before a milestone unless the secretariat sets others.
DEFAULT_REMINDER_OFFSETS = [14, 3, 1]
# The daily digest leaves when the recipient's local clock passes this hour.
DIGEST_LOCAL_HOUR = 7


class Chore(models.TextChoices):
    """The background work the secretariat watches on the outbox page."""

    REMINDER_SWEEP = "reminder_sweep", _("Reminder and overdue sweep")
    POLL_CHORES = "poll_chores", _("Poll nudges, closing and summaries")
    MEETING_REMINDERS = "meeting_reminders", _("Meeting reminders")
    RECORD_REMINDERS = "record_reminders", _("Action item and minutes reminders")
    OUTBOX_HEAL = "outbox_heal", _("Outbox heal (lost and abandoned messages)")
    DIGESTS = "digests", _("Daily digests")
    ANNOUNCEMENTS = "announcements", _("Announcement sending")
    POLL_INVITATIONS = "poll_invitations", _("Poll invitations")
    REVIEW_CONDITIONS = "review_conditions", _("Workshop conditions: reminders and lapses")
    TASKS = "tasks", _("Background tasks")
    SPEAKER_NUDGES = "speaker_nudges", _("Speaker invitation reminders")
    OUTSIDE_CALENDARS = "outside_calendars", _("Outside calendars' daily fetch")
    BUSY_CALENDARS = "busy_calendars", _("People's busy calendars' fetch")
    OUTBOX_PURGE = "outbox_purge", _("Old emails' texts removed")


# Chores beat runs every minute: one that has not run cleanly for this long is flagged.
PERIODIC_CHORES = (
    Chore.REMINDER_SWEEP,
    Chore.POLL_CHORES,
    Chore.MEETING_REMINDERS,
    Chore.RECORD_REMINDERS,
    Chore.REVIEW_CONDITIONS,
    Chore.OUTBOX_HEAL,
    Chore.DIGESTS,
    Chore.SPEAKER_NUDGES,
)
