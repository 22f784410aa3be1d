from django.db import models
from django.utils.translation import gettext_lazy as _


class Convener(models.TextChoices):
    """Who convenes a session: the schedule is colour-coded by it, and labelled in words (the legend),
    as the secretariat's 2021 schedule was ("it's only the Orange … that is convened specifically by
    the MAG"; "if you see the CD acronym … capacity development")."""

    MAG = "mag", _("MAG")
    DC = "dc", _("Dynamic Coalitions")
    BPF = "bpf", _("Best Practice Forums")
    PN = "pn", _("Policy Networks")
    NRI = "nri", _("NRIs")
    YOUTH = "youth", _("Youth")
    CD = "cd", _("Capacity development")
    SECRETARIAT = "secretariat", _("IGF Secretariat")


# Each convener's colour (background; text is dark on every one of them: each pair passes WCAG AA
# contrast, 4.5:1, tested in tests/programme/test_enums.py) and its short label; static/css/programme.css
# paints them (the same test checks it matches).
CONVENER_STYLE = {
    Convener.MAG: {"colour": "#f6a04d", "short": "MAG"},
    Convener.DC: {"colour": "#8fd3c1", "short": "DC"},
    Convener.BPF: {"colour": "#a9c8f5", "short": "BPF"},
    Convener.PN: {"colour": "#c9b3ec", "short": "PN"},
    Convener.NRI: {"colour": "#f3d36b", "short": "NRI"},
    Convener.YOUTH: {"colour": "#b9e08a", "short": "Y"},
    Convener.CD: {"colour": "#f2a7c3", "short": "CD"},
    Convener.SECRETARIAT: {"colour": "#d5d8dc", "short": "IGF"},
}
CONVENER_TEXT_COLOUR = "#1b1b1b"


class SessionStatus(models.TextChoices):
    # On the draft, not placed in time yet.
    UNPLACED = "unplaced", _("Not placed yet")
    PLACED = "placed", _("Placed")
    CANCELLED = "cancelled", _("Cancelled")


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Room")
    CHANNEL = "channel", _("Online channel")
