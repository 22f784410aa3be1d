from django.db import models
from django.utils.translation import gettext_lazy as _


class EntrySource(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal form")
    IMPORTED = "imported", _("Imported")


class EntryStatus(models.TextChoices):
    """Where an entry stands: in review, then the MAG's latest decision on it (Decision.outcome)."""

    IN_REVIEW = "in_review", _("In review")
    ACCEPTED = "accepted", _("Accepted")
    CONDITIONAL = "conditional", _("Accepted on a condition")
    FORMAT_CHANGED = "format_changed", _("Accepted in another format")
    PREPARATORY = "preparatory", _("Suggested for the preparatory phase")
    DECLINED = "declined", _("Declined")
    CONDITION_NOT_MET = "condition_not_met", _("Condition not met")
    CONDITION_MET = "condition_met", _("Condition fulfilled")


# What the secretariat may decide on the form; the last two follow a conditional accept.
DECIDABLE = (
    EntryStatus.ACCEPTED,
    EntryStatus.CONDITIONAL,
    EntryStatus.FORMAT_CHANGED,
    EntryStatus.PREPARATORY,
    EntryStatus.DECLINED,
)
# The outcomes an announcement may be addressed to.
OUTCOMES = tuple(status for status in EntryStatus if status != EntryStatus.IN_REVIEW)
