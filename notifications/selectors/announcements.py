"""Reads for the announcement and subscription pages."""

from __future__ import annotations

import hashlib

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import User
from common.versions import version_of
from teams.enums import FacilitatorStatus
from teams.models import IssueTeam

from ..models import Announcement, Subscription

# An announcement to many teams names this many and says how many more.
TEAMS_SHOWN = 5


def teams_user_may_announce_to(user: User) -> QuerySet[IssueTeam]:
    """The secretariat writes to every team of the current cycle, a facilitator to their own."""
    if user.is_secretariat:
        return IssueTeam.objects.filter(cycle__is_current=True).select_related("area")
    return IssueTeam.objects.filter(
        facilitator_roles__user=user, facilitator_roles__status=FacilitatorStatus.CONFIRMED
    ).select_related("area")


def announcements_for(user: User) -> QuerySet[Announcement]:
    """What `user` may read, newest first: everything for the secretariat, else what was sent to
    everyone or to a team they belong to (a subquery, not a DISTINCT over a join). Each row names
    its first TEAMS_SHOWN teams (`first_teams`) and how many more it went to (`more_teams`), so
    that a page's size does not grow with the number of teams."""
    sent_to = Announcement.teams.through.objects
    team_count = Subquery(
        sent_to.filter(announcement_id=OuterRef("pk"))
        .order_by()
        .values("announcement_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Announcement.objects.select_related("author")
        .annotate(more_teams=Greatest(Coalesce(team_count, 0) - TEAMS_SHOWN, 0))
        .prefetch_related(
            Prefetch(
                "teams",
                queryset=IssueTeam.objects.select_related("area").order_by("area__name", "title", "pk")[
                    :TEAMS_SHOWN
                ],
                to_attr="first_teams",
            )
        )
    )
    if not user.is_secretariat:
        mine = sent_to.filter(issueteam__memberships__user=user).values("announcement_id")
        rows = rows.filter(Q(to_everyone=True) | Q(pk__in=mine))
    return rows.order_by("-created_at", "-pk")


# What the list shows: the announcements, teams (names, memberships) and people (authors' names).
LIST_VERSIONS = ("announcements", "teams", "people")


def announcements_list_key(user: User, query, *, versions: str | None = None) -> str:
    """What the announcement list's cached fragment varies by: the announcements, teams (names,
    memberships) and people (authors' names), the language and time zone it is written in, who
    reads it (the secretariat all alike, anyone else their own: what was sent to their teams), and
    the page asked for. `versions`: version_of(*LIST_VERSIONS) when the caller has read it already."""
    reader = "secretariat" if user.is_secretariat else f"user:{user.pk}"
    cursor = hashlib.sha256(f"{query.get('older', '')}|{query.get('newer', '')}".encode()).hexdigest()[:16]
    return ":".join(
        [
            versions or version_of(*LIST_VERSIONS),
            get_language(),
            timezone.get_current_timezone_name(),
            reader,
            cursor,
        ]
    )


def subscription_by_token(token: str) -> Subscription | None:
    """The subscription whose confirm and unsubscribe links carry `token`, with its team."""
    return Subscription.objects.select_related("team__area", "team__cycle").filter(token=token).first()
