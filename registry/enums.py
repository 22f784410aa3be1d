from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    """The IGF's intersessional work the registry lists."""

    DYNAMIC_COALITION = "dc", _("Dynamic Coalition")
    BEST_PRACTICE_FORUM = "bpf", _("Best Practice Forum")
    POLICY_NETWORK = "pn", _("Policy Network")


class ActivityStatus(models.TextChoices):
    """How recently a body was last active (IntersessionalActivity.status_on)."""

    ACTIVE = "active", _("Active")
    QUIET = "quiet", _("Quiet (no activity for over a year)")
    INACTIVE = "inactive", _("Inactive (no activity for over two years)")


class CheckOutcome(models.TextChoices):
    """What the secretariat found when it checked a body's obligations (the DC principles)."""

    FULFILS = "fulfils", _("Fulfils its obligations")
    DOES_NOT_FULFIL = "does_not_fulfil", _("Does not fulfil its obligations")
    UNREACHABLE = "unreachable", _("Could not be reached")
