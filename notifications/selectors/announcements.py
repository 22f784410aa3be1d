"""Reads for the announcement and subscription pages."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from teams.enums import FacilitatorStatus
from teams.models import IssueTeam

from ..models import Announcement, Subscription


def teams_user_may_announce_to(user: User) -> QuerySet[IssueTeam]:
    """The secretariat writes to every team of the current cycle, a facilitator to their own."""
    if user.is_secretariat:
        return IssueTeam.objects.filter(cycle__is_current=True).select_related("area")
    return IssueTeam.objects.filter(
        facilitator_roles__user=user, facilitator_roles__status=FacilitatorStatus.CONFIRMED
    ).select_related("area")


def announcements_for(user: User) -> QuerySet[Announcement]:
    """What `user` may read, newest first: everything for the secretariat, else what was sent to
    everyone or to a team they belong to."""
    rows = Announcement.objects.select_related("author").prefetch_related("teams__area")
    if not user.is_secretariat:
        rows = rows.filter(to_everyone=True) | rows.filter(teams__memberships__user=user)
    return rows.distinct().order_by("-created_at")


def subscription_by_token(token: str) -> Subscription | None:
    """The subscription whose confirm and unsubscribe links carry `token`, with its team."""
    return Subscription.objects.select_related("team__area", "team__cycle").filter(token=token).first()
