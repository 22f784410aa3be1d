from django.db import models
from django.utils.translation import gettext_lazy as _


class EntrySource(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal form")
    IMPORTED = "imported", _("Imported")


class EntryStatus(models.TextChoices):
    """Where an entry stands; the decisions (accepted, declined, merged) come with the MAG's decisions."""

    IN_REVIEW = "in_review", _("In review")
