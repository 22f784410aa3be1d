"""The page benchmark's data set (bench/seed.py): the counts each scale promises, and the same
rows, secrets included, every time it is made with the same seed and `now`."""

import hashlib

import pytest
from django.apps import apps
from django.db.models import F

from accounts.models import AuditEvent, User
from bench.seed import (
    PANEL_SIZE,
    PANEL_TITLE,
    SERIES_CALLS,
    SLOTS_PER_POLL,
    SPEAKERS_PER_PANEL,
    VOTERS_PER_POLL,
    Counts,
    seed,
)
from notifications.models import Announcement, OutboxMessage
from proposals.models import Panelist, Proposal, ProposalComment, ProposalEvent
from registry.models import ActivityCheck, IntersessionalActivity
from review.models import Assignment, Entry
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
        Proposal.objects.order_by("title").values_list(
            "title", "team__slug", "kind__slug", "status", "format", "modality", "languages", "created_at"
        ),
        Panelist.objects.order_by("proposal__title", "position").values_list(
            "proposal__title", "name", "stakeholder_group", "region", "gender", "presence"
        ),
        ProposalComment.objects.order_by("proposal__title", "created_at").values_list(
            "proposal__title", "author__email", "body"
        ),
        apps.get_model("programme.ProgrammeSession")
        .objects.order_by("uid")
        .values_list("uid", "title", "convener", "starts_at", "bookings__resource__name"),
    ]
    return hashlib.sha256(repr([list(r) for r in rows]).encode()).hexdigest()


def _clear():
    from programme.models import ProgrammeSession, Resource

    ProgrammeSession.objects.all().delete()
    Resource.objects.all().delete()
    Entry.objects.all().delete()
    Proposal.objects.all().delete()
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
    # The finalised polls' meetings, and team 0's series (bench/seed.py _series).
    assert Meeting.objects.count() == 5 + SERIES_CALLS
    assert Meeting.objects.filter(series__isnull=False, team__slug="issue-area-000").count() == SERIES_CALLS
    assert IntersessionalActivity.objects.count() == 40
    assert ActivityCheck.objects.count() == 40 * 3
    assert MeetingAttendee.objects.count() == sum(m.team.memberships.count() for m in Meeting.objects.all())
    # Two a group, and team 0's main session with a full panel (PANEL_SIZE people).
    assert Proposal.objects.count() == counts.proposals == 12 + 1
    full = Proposal.objects.get(title=PANEL_TITLE)
    assert full.panelists.count() == PANEL_SIZE
    assert Proposal.objects.filter(status="submitted").exclude(pk=full.pk).count() == 6
    assert Panelist.objects.count() == counts.panelists == 12 * (SPEAKERS_PER_PANEL + 2) + PANEL_SIZE
    assert Panelist.objects.filter(role="speaker").exclude(proposal=full).count() == 12 * SPEAKERS_PER_PANEL
    assert ProposalEvent.objects.count() == counts.proposal_events
    assert ProposalComment.objects.count() == counts.proposal_comments
    # Comments come from the proposal's group; every proposal takes up policy questions of its area.
    assert not ProposalComment.objects.exclude(author__memberships__team=F("proposal__team")).exists()
    assert not Proposal.objects.exclude(pk=full.pk).exclude(policy_questions__area=F("team__area")).exists()
    # The review round: 80 entries of three reviewers, none reviewing their own group's proposal.
    assert Entry.objects.count() == counts.review_entries == 80
    assert Assignment.objects.count() == counts.review_assignments == 240
    assert not Assignment.objects.filter(
        entry__team__facilitator_roles__user=F("reviewer"), entry__team__facilitator_roles__status="confirmed"
    ).exists()
    # The draft programme: 20 sessions, 18 placed, each placed one holding a resource of its own.
    from programme.models import ProgrammeSession, Resource, ResourceBooking

    assert ProgrammeSession.objects.count() == counts.programme_sessions == 20
    assert Resource.objects.count() == counts.resources == 3
    assert ResourceBooking.objects.count() == ProgrammeSession.objects.filter(status="placed").count() == 18
    first = _fingerprint()

    _clear()
    seed(scale=1, now=now)
    assert _fingerprint() == first
