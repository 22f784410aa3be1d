"""Reads of meetings and their attendees."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User

from ..models import Invitee, Meeting, MeetingAttendee
from .polls import guest_invitee_get


def meeting_get(*, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("team__area", "team__cycle", "organizer", "poll"), pk=pk
    )


def guest_attendance_get(*, token: str) -> MeetingAttendee:
    """A guest's place at the meeting their poll became, found by their private poll link's token:
    404 for an unknown or revoked link, or while the poll has become no meeting."""
    invitee = guest_invitee_get(token=token)
    if invitee.revoked_at:
        raise Http404
    return get_object_or_404(
        MeetingAttendee.objects.select_related(
            "meeting__team__area", "meeting__team__cycle", "meeting__organizer"
        ),
        meeting__poll_id=invitee.poll_id,
        user__isnull=True,
        email=invitee.email,
    )


def meeting_guest_tokens(*, meeting: Meeting) -> dict[str, str]:
    """Each guest's private token (their poll link's) by address: guests reach the meeting by it."""
    if not meeting.poll_id:
        return {}
    return dict(
        Invitee.objects.filter(
            poll_id=meeting.poll_id, user__isnull=True, revoked_at__isnull=True
        ).values_list("email", "token")
    )


def meeting_attendees(*, meeting: Meeting) -> list[MeetingAttendee]:
    return list(meeting.attendees.select_related("user"))


def feed_meetings_for(*, user: User, since: datetime, limit: int) -> list[Meeting]:
    """`user`'s meetings that end from `since` on, the `limit` soonest (a feed does not grow forever)."""
    return list(Meeting.objects.filter(attendees__user=user, end__gt=since).order_by("start", "pk")[:limit])
