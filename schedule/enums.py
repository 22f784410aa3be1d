from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MilestoneKind(models.TextChoices):
    DEADLINE = "deadline", _("Deadline")
    EVENT = "event", _("Event")
    CALL = "call", _("Call")


class MilestoneStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DeliverableStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")


# A deliverable in one of these states is done as far as the deadline is concerned.
DONE_STATUSES = (DeliverableStatus.SUBMITTED, DeliverableStatus.ACCEPTED)


class PollStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FINALISED = "finalised", _("Meeting scheduled")


class GuestLinkState(models.TextChoices):
    """What a guest's private poll link does now."""

    ANSWERING = "answering", _("Open for answers")
    READ_ONLY = "read_only", _("Read-only: the poll is closed")
    REVOKED = "revoked", _("Withdrawn by the poll's facilitators")
    EXPIRED = "expired", _("Expired")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    IF_NEED_BE = "maybe", _("If need be")
    NO = "no", _("No")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


MAX_SLOTS = 100
# A poll run again (duplicated) moves its slots by at most this many days.
MAX_SHIFT_DAYS = 120
# Local hours that count as night for a participant: from 22:00 to 07:00.
NIGHT_STARTS, NIGHT_ENDS = 22, 7


class MeetingResponse(models.TextChoices):
    """An invitee's answer to a meeting's invitation, given in the app (never by calendar reply)."""

    NONE = "none", _("No answer yet")
    ATTENDING = "attending", _("Attending")
    NOT_ATTENDING = "not_attending", _("Not attending")
    APOLOGIES = "apologies", _("Apologies")


# What an invitee may answer ("no answer yet" is where everyone starts, not an answer).
ANSWERS = [(value, label) for value, label in MeetingResponse.choices if value != MeetingResponse.NONE]


class ActionItemStatus(models.TextChoices):
    # With a context: "Open" is a poll's state too, and some languages word the two apart.
    OPEN = "open", pgettext_lazy("action item", "Open")
    DONE = "done", pgettext_lazy("action item", "Done")
    DROPPED = "dropped", pgettext_lazy("action item", "Dropped")


class PaperStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PROVIDED = "provided", _("Provided")
