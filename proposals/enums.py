from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SessionFormat(models.TextChoices):
    PANEL = "panel", _("Panel")
    ROUNDTABLE = "roundtable", _("Roundtable")
    LIGHTNING = "lightning", _("Lightning talk")
    BREAKOUT = "breakout", _("Break-out groups")


class Modality(models.TextChoices):
    ONSITE = "onsite", _("Onsite")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class ProposalEventKind(models.TextChoices):
    """What the proposal's history records: each change of state, and each revision once submitted."""

    CREATED = "created", _("Drafted")
    SHARED = "shared", _("Shared with the group for comments")
    SUBMITTED = "submitted", _("Submitted")
    REVISED = "revised", _("Revised")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REOPENED = "reopened", _("Taken back to draft")


class PanelRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    RAPPORTEUR = "rapporteur", _("Rapporteur")


class Presence(models.TextChoices):
    IN_ROOM = "in_room", _("In the room")
    ONLINE = "online", _("Online")


class InvitationState(models.TextChoices):
    """Where a panelist's invitation to speak stands (proposals.services.invitations)."""

    NOT_INVITED = "", _("Not invited")
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    # The proposal was withdrawn after the invitation went: the speaker was told, their link says so.
    WITHDRAWN = "withdrawn", _("Invitation withdrawn")
