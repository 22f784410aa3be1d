"""The page benchmark's data set (bench/seed.py): the counts each scale promises, and the same
rows, secrets included, every time it is made with the same seed and `now`."""

import hashlib

import pytest

from accounts.models import AuditEvent, User
from bench.seed import SLOTS_PER_POLL, VOTERS_PER_POLL, Counts, seed
from notifications.models import Announcement, OutboxMessage
from registry.models import ActivityCheck, IntersessionalActivity
from schedule.models import (
    AvailabilityPoll,
    Deliverable,
    Invitee,
    Meeting,
    MeetingAttendee,
    Milestone,
    Slot,
    Vote,
)
from teams.models import Cycle, IssueArea, IssueTeam, Membership

pytestmark = pytest.mark.django_db


def _fingerprint():
    """A digest of what the pages show, by natural keys (primary keys differ between runs)."""
    rows = [
        User.objects.order_by("email").values_list("email", "role", "time_zone", "requested_role"),
        Membership.objects.order_by("team__slug", "user__email").values_list(
            "team__slug", "user__email", "capacity"
        ),
        Milestone.objects.order_by("title").values_list("title", "due_at", "kind", "status", "all_teams"),
        Deliverable.objects.order_by("milestone__title", "team__slug").values_list(
            "milestone__title", "team__slug", "status"
        ),
        AvailabilityPoll.objects.order_by("title").values_list("title", "team__slug", "status", "deadline"),
        Invitee.objects.order_by("token").values_list("token", "poll__title", "user__email", "email"),
        Vote.objects.order_by("invitee__token", "slot__start").values_list(
            "invitee__token", "slot__start", "answer"
        ),
        Meeting.objects.order_by("uid").values_list("uid", "title", "start"),
        User.objects.order_by("email").values_list("email", "calendar_feed__token"),
        OutboxMessage.objects.order_by("subject").values_list("subject", "to_email", "status", "created_at"),
        AuditEvent.objects.order_by("created_at", "action").values_list(
            "created_at", "action", "actor__email"
        ),
        IntersessionalActivity.objects.order_by("slug").values_list("slug", "kind", "last_active_on"),
        IntersessionalActivity.areas.through.objects.order_by(
            "intersessionalactivity__slug", "issuearea__slug"
        ).values_list("intersessionalactivity__slug", "issuearea__slug"),
        ActivityCheck.objects.order_by("activity__slug", "checked_on", "outcome").values_list(
            "activity__slug", "checked_on", "outcome", "checked_by__email"
        ),
    ]
    return hashlib.sha256(repr([list(r) for r in rows]).encode()).hexdigest()


def _clear():
    IntersessionalActivity.objects.all().delete()
    Milestone.objects.all().delete()
    IssueTeam.objects.all().delete()
    Cycle.objects.all().delete()
    IssueArea.objects.all().delete()
    Announcement.objects.all().delete()
    OutboxMessage.objects.all().delete()
    AuditEvent.objects.all().delete()
    User.objects.all().delete()


def test_scale_one_makes_the_promised_counts_and_the_same_rows_again(now):
    counts = seed(scale=1, now=now)
    assert counts == Counts.at(1)
    assert User.objects.count() == 300
    assert IssueTeam.objects.count() == 6
    sizes = [team.memberships.count() for team in IssueTeam.objects.all()]
    assert all(50 <= size <= 300 for size in sizes)
    assert Milestone.objects.count() == 30
    assert Deliverable.objects.count() == 9 * 6
    assert AvailabilityPoll.objects.count() == 10
    assert Slot.objects.count() == 10 * SLOTS_PER_POLL
    assert Vote.objects.count() == 10 * VOTERS_PER_POLL * SLOTS_PER_POLL
    assert Meeting.objects.count() == 5
    assert IntersessionalActivity.objects.count() == 40
    assert ActivityCheck.objects.count() == 40 * 3
    assert MeetingAttendee.objects.count() == sum(m.team.memberships.count() for m in Meeting.objects.all())
    first = _fingerprint()

    _clear()
    seed(scale=1, now=now)
    assert _fingerprint() == first
