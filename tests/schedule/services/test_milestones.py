"""Milestone services: saving and publishing are one step that writes everything or nothing."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from schedule.enums import MilestoneStatus
from schedule.models import Deliverable, Milestone
from schedule.services.milestones import milestone_create, milestone_update
from tests.factories import MilestoneFactory

NOW = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)
FIELDS = {
    "title": "Session proposals",
    "description": "",
    "kind": "deadline",
    "entered_time_zone": "UTC",
    "all_teams": True,
    "requires_deliverable": True,
    "is_public": True,
    "reminder_offsets": [14, 3, 1],
}


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_creating_and_publishing_a_past_milestone_writes_nothing(secretariat, team):
    with pytest.raises(ValidationError, match="in the past"):
        milestone_create(
            actor=secretariat,
            cycle=team.cycle,
            teams=[],
            publish=True,
            due_at=NOW - timedelta(days=1),
            **FIELDS,
        )

    assert not Milestone.objects.exists()
    assert not AuditEvent.objects.exists()


def test_creating_and_publishing_writes_the_milestone_its_deliverables_and_both_audit_rows(secretariat, team):
    milestone = milestone_create(
        actor=secretariat, cycle=team.cycle, teams=[], publish=True, due_at=NOW + timedelta(days=30), **FIELDS
    )

    assert Milestone.objects.get().status == MilestoneStatus.PUBLISHED and milestone.published_at == NOW
    assert Deliverable.objects.filter(milestone=milestone, team=team).exists()
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        "milestone_created",
        "milestone_published",
    ]


def test_updating_and_publishing_a_draft_into_the_past_leaves_it_unchanged(secretariat, team):
    draft = MilestoneFactory(
        cycle=team.cycle, status=MilestoneStatus.DRAFT, title="Before", due_at=NOW + timedelta(days=30)
    )
    with pytest.raises(ValidationError, match="in the past"):
        milestone_update(
            actor=secretariat,
            milestone=draft,
            teams=[],
            publish=True,
            **{**FIELDS, "title": "After", "due_at": NOW - timedelta(days=1)},
        )

    draft.refresh_from_db()
    assert (draft.title, draft.due_at, draft.status) == (
        "Before",
        NOW + timedelta(days=30),
        MilestoneStatus.DRAFT,
    )
    assert not AuditEvent.objects.exists() and not Deliverable.objects.exists()
