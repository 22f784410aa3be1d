from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role


class Capacity(models.TextChoices):
    """In what capacity someone takes part in an issue team."""

    MAG = "mag", _("MAG member")
    PAST_MAG = "past_mag", _("Past MAG member")
    DC = "dc", _("Dynamic Coalition")
    BPF = "bpf", _("Best Practice Forum")
    PN = "pn", _("Policy Network")
    NRI = "nri", _("National, regional or youth IGF initiative (NRI)")
    OTHER = "other", _("Other")


# Capacities that claim something only the secretariat can confirm, and the roles that may take
# them. A current MAG member in a second term is also a past member; a past member is not current.
CAPACITY_REQUIRES_ROLE = {
    Capacity.MAG: (Role.MAG,),
    Capacity.PAST_MAG: (Role.MAG, Role.PAST_MAG),
}


class FacilitatorKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")


class FacilitatorStatus(models.TextChoices):
    VOLUNTEERED = "volunteered", _("Volunteered, awaiting the secretariat")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    HANDED_OVER = "handed_over", _("Handed over")


# A role in one of these states holds the seat (or asks for it); the others are history.
OPEN_FACILITATOR_STATUSES = (FacilitatorStatus.VOLUNTEERED, FacilitatorStatus.CONFIRMED)

# How many co-chairs a team looks for before the dashboard stops listing it as short of them.
CO_CHAIRS_WANTED = 2


class QuorumKind(models.TextChoices):
    """How a group counts its quorum: among the present attendees, its members in MAG capacity."""

    NONE = "none", _("No quorum rule")
    COUNT = "count", _("A number of its MAG members")
    SHARE = "share", _("A share (percent) of its MAG members")
