"""A milestone "for all teams" concerns the year's issue teams: it asks them (not a working group, a
BPF or the NRIs) for a deliverable, reminds their members, and shows on their dashboards and feeds.
A milestone that names a group of any kind concerns that group."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from schedule.models import Deliverable
from schedule.selectors.milestones import due_next_for, feed_milestones_for
from schedule.services.milestones import milestone_create
from schedule.services.reminders import due_reminders
from tests.factories import GroupFactory, MembershipFactory

NOW = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)
FIELDS = {
    "description": "",
    "kind": "deadline",
    "entered_time_zone": "UTC",
    "requires_deliverable": True,
    "is_public": True,
    "reminder_offsets": [3],
}


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bpf(team):
    return GroupFactory(cycle=team.cycle, kind="bpf", title="BPF on Cybersecurity")


def _milestone(secretariat, team, *, title, teams=(), all_teams=True):
    return milestone_create(
        actor=secretariat,
        cycle=team.cycle,
        teams=list(teams),
        publish=True,
        title=title,
        all_teams=all_teams,
        due_at=NOW + timedelta(days=2),
        **FIELDS,
    )


def test_all_teams_means_the_issue_teams_a_named_group_is_asked_too(secretariat, team, bpf):
    for_all = _milestone(secretariat, team, title="Session proposals")
    for_bpf = _milestone(secretariat, team, title="BPF output", teams=[bpf], all_teams=False)

    assert set(Deliverable.objects.filter(milestone=for_all).values_list("team", flat=True)) == {team.pk}
    assert set(Deliverable.objects.filter(milestone=for_bpf).values_list("team", flat=True)) == {bpf.pk}


def test_reminders_dashboard_and_feed_follow_the_scope(secretariat, team, bpf):
    in_team = MembershipFactory(team=team).user
    in_bpf = MembershipFactory(team=bpf).user
    for_all = _milestone(secretariat, team, title="Session proposals")
    for_bpf = _milestone(secretariat, team, title="BPF output", teams=[bpf], all_teams=False)

    notices, _skips = due_reminders(now=NOW + timedelta(minutes=1))
    reminded = {(notice.user.pk, notice.subject.pk) for notice in notices}
    assert reminded == {(in_team.pk, for_all.pk), (in_bpf.pk, for_bpf.pk)}

    for person, expected in ((in_team, [for_all]), (in_bpf, [for_bpf])):
        assert due_next_for(user=person) == expected
        assert feed_milestones_for(user=person, since=NOW, limit=10) == expected
