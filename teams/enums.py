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


class GroupKind(models.TextChoices):
    """What kind of MAG group an `IssueTeam` is: the MAG works in more groups than issue teams."""

    ISSUE_TEAM = "issue_team", _("Issue team")
    MAG_WORKING_GROUP = "mag_working_group", _("MAG working group")
    DC_COORDINATION = "dc_coordination", _("Dynamic Coalition coordination group")
    BPF = "bpf", _("Best Practice Forum")
    PN = "pn", _("Policy Network")
    NRI = "nri", _("National, regional or youth IGF initiative (NRI)")
    OTHER = "other", _("Other group")


# The groups a milestone "for all teams" concerns (asks a deliverable of, reminds): the year's
# issue teams, whose sessions the milestones plan; a milestone for other groups names them.
ALL_TEAMS_KINDS = (GroupKind.ISSUE_TEAM,)


# The plural headings of the group list, one per kind, in the order the list shows the kinds.
GROUP_KIND_HEADINGS = {
    GroupKind.ISSUE_TEAM: _("Issue teams"),
    GroupKind.MAG_WORKING_GROUP: _("MAG working groups"),
    GroupKind.DC_COORDINATION: _("Dynamic Coalition coordination"),
    GroupKind.BPF: _("Best Practice Forums"),
    GroupKind.PN: _("Policy Networks"),
    GroupKind.NRI: _("National, regional and youth IGF initiatives"),
    GroupKind.OTHER: _("Other groups"),
}
GROUP_KIND_ORDER = tuple(GROUP_KIND_HEADINGS)

# Who may create a group of each kind, by role: the secretariat any kind; current MAG members (the
# MAG chair's office among them) the MAG's own working groups. A kind without a row: the
# secretariat only.
MAY_CREATE_KIND = {
    GroupKind.ISSUE_TEAM: (Role.SECRETARIAT,),
    GroupKind.MAG_WORKING_GROUP: (Role.SECRETARIAT, Role.MAG),
    GroupKind.DC_COORDINATION: (Role.SECRETARIAT,),
    GroupKind.BPF: (Role.SECRETARIAT,),
    GroupKind.PN: (Role.SECRETARIAT,),
    GroupKind.NRI: (Role.SECRETARIAT,),
    GroupKind.OTHER: (Role.SECRETARIAT,),
}

# Kinds whose facilitators are called conveners (a BPF's, a PN's): the data says chair and
# co-chair, the pages say convener and co-convener (FacilitatorRole.title).
CONVENED_KINDS = frozenset({GroupKind.BPF, GroupKind.PN})


class FacilitatorKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")


# The same roles in a group that is convened (CONVENED_KINDS).
CONVENER_TITLES = {
    FacilitatorKind.CHAIR: _("Convener"),
    FacilitatorKind.CO_CHAIR: _("Co-convener"),
}


class FacilitatorStatus(models.TextChoices):
    VOLUNTEERED = "volunteered", _("Volunteered, awaiting the secretariat")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    HANDED_OVER = "handed_over", _("Handed over")
    # Facilitator roles end with their year (the switch to the next one).
    ENDED = "ended", _("Ended with the year")


# A role in one of these states holds the seat (or asks for it); the others are history.
OPEN_FACILITATOR_STATUSES = (FacilitatorStatus.VOLUNTEERED, FacilitatorStatus.CONFIRMED)

# How many co-chairs a team looks for before the dashboard stops listing it as short of them.
CO_CHAIRS_WANTED = 2


class QuorumKind(models.TextChoices):
    """How a group counts its quorum: among the present attendees, its members in MAG capacity."""

    NONE = "none", _("No quorum rule")
    COUNT = "count", _("A number of its MAG members")
    SHARE = "share", _("A share (percent) of its MAG members")
