"""Reads of the programme's releases: the list of versions, one version by its number, the
newest one (for the public page's header), each in a fixed number of queries."""

from __future__ import annotations

from collections import OrderedDict
from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from schedule.models import Meeting
from teams import selectors as team_selectors
from teams.models import Cycle

from ..enums import CONVENER_STYLE, Convener, SessionStatus
from ..models import ProgrammeRelease
from ..services.releases import parse_when


def release_cycle() -> Cycle:
    """The current year, whose programme the release pages are about."""
    cycle = team_selectors.current_cycle()
    if cycle is None:
        raise Http404(_("No IGF year is current."))
    return cycle


def releases_of(cycle: Cycle) -> QuerySet[ProgrammeRelease]:
    """The versions, newest first, without their snapshots: one query."""
    return (
        ProgrammeRelease.objects.filter(cycle=cycle)
        .select_related("released_by", "approved_meeting")
        .defer("snapshot", "changelog")
        .order_by("-number")
    )


def release_get(*, cycle: Cycle, number: int, whole: bool = False) -> ProgrammeRelease:
    """One version with what its approval names: one query; `whole` with its snapshot and
    changelog (a version's page built)."""
    rows = ProgrammeRelease.objects.filter(cycle=cycle, number=number).select_related(
        "released_by", "approved_meeting__team", "approved_decision"
    )
    release = (rows if whole else rows.defer("snapshot", "changelog")).first()
    if release is None:
        raise Http404(_("There is no such version of the programme."))
    return release


def release_key(*, number: int) -> dict:
    """What a version's cached page is keyed by (the release and its approval), of the current
    year: one lean query. 404 if there is no such version."""
    found = (
        ProgrammeRelease.objects.filter(cycle__is_current=True, number=number)
        .values("pk", "cycle_id", "approved_on", "approved_meeting_id", "approved_decision_id")
        .first()
    )
    if found is None:
        raise Http404(_("There is no such version of the programme."))
    return found


def approval_meeting(meeting_id: int) -> Meeting | None:
    """The meeting a version's approval names, with its group, to ask who may read its record."""
    return Meeting.objects.select_related("team").filter(pk=meeting_id).first()


def latest_release(cycle: Cycle) -> ProgrammeRelease | None:
    """The newest version (for the public page's header: "Version 2, approved by the MAG on ...")."""
    return (
        ProgrammeRelease.objects.filter(cycle=cycle)
        .select_related("approved_meeting__team")
        .defer("snapshot", "changelog")
        .order_by("-number")
        .first()
    )


def snapshot_by_day(snapshot: list[dict]) -> list[tuple]:
    """The released sessions by day of the active zone (the reader's): [(date, [session, ...])],
    each session its snapshot's values with `starts_at` and `ends_at` as datetimes and its
    convener's label and colour."""
    days: OrderedDict = OrderedDict()
    for row in sorted(snapshot, key=lambda r: (r["starts_at"], r["title"], r["id"])):
        starts = parse_when(row["starts_at"])
        convener = Convener(row["convener"]) if row["convener"] in Convener.values else Convener.MAG
        session = {
            **row,
            "starts_at": starts,
            "ends_at": starts + timedelta(minutes=row["minutes"]),
            "convener_label": convener.label,
            "convener_short": CONVENER_STYLE[convener]["short"],
            "convener_colour": CONVENER_STYLE[convener]["colour"],
            "is_cancelled": row["status"] == SessionStatus.CANCELLED,
        }
        days.setdefault(timezone.localtime(starts).date(), []).append(session)
    return list(days.items())


def convener_legend() -> list[tuple[str, str, str]]:
    """(code, label, short label) of every convener, for the legend."""
    return [(c.value, c.label, CONVENER_STYLE[c]["short"]) for c in Convener]
