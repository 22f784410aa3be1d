from django.db import models
from django.utils.translation import gettext_lazy as _


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
