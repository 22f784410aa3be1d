"""igfmag/views.py: the home page, the dashboard and the error pages' views."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from schedule.models import Deliverable
from teams.enums import FacilitatorKind, FacilitatorStatus
from teams.models import FacilitatorRole
from teams.selectors import DASHBOARD_LIST_SIZE
from tests.factories import (
    FacilitatorRoleFactory,
    IssueTeamFactory,
    MembershipFactory,
    MilestoneFactory,
    UserFactory,
)
from tests.support.sizes import assert_html_does_not_grow


def test_dashboard_shows_my_teams_roles_and_teams_short_of_facilitators(
    client, team, other_team, facilitator
):
    client.force_login(facilitator)
    page = client.get(reverse("dashboard")).content.decode()
    assert team.area.name in page and "Co-chair" in page
    assert "Teams looking for facilitators" in page and other_team.area.name in page


def _grow_dashboard(cycle, viewer):
    """Several dashboard lists' worth of everything the dashboard lists: teams of mine short of
    facilitators, volunteers and MAG claims waiting, milestones due for my teams."""
    for n in range(3 * DASHBOARD_LIST_SIZE):
        team = IssueTeamFactory(cycle=cycle)
        FacilitatorRoleFactory(team=team, status=FacilitatorStatus.VOLUNTEERED, kind=FacilitatorKind.CHAIR)
        UserFactory(requested_role=Role.MAG, role_requested_at=timezone.now())
        MilestoneFactory(cycle=cycle, due_at=timezone.now() + timedelta(days=20 + n))


@pytest.mark.parametrize("viewer_fixture", ["community", "facilitator", "secretariat"])
def test_the_dashboard_does_not_grow_with_teams_queues_and_milestones(
    client, cycle, team, facilitator, request, viewer_fixture
):
    viewer = request.getfixturevalue(viewer_fixture)
    if viewer_fixture != "facilitator":  # the facilitator is in the team already
        MembershipFactory(team=team, user=viewer)
    client.force_login(viewer)
    _grow_dashboard(cycle, viewer)
    assert_html_does_not_grow(client, reverse("dashboard"), lambda: _grow_dashboard(cycle, viewer))


def test_the_secretariat_sees_the_oldest_of_each_queue_and_how_many_wait(client, cycle, secretariat):
    _grow_dashboard(cycle, secretariat)
    oldest = FacilitatorRole.objects.order_by("volunteered_at", "id").first()
    newest = FacilitatorRole.objects.order_by("volunteered_at", "id").last()
    client.force_login(secretariat)
    page = client.get(reverse("dashboard")).content.decode()
    waiting = 3 * DASHBOARD_LIST_SIZE
    assert page.count(f"The {DASHBOARD_LIST_SIZE} oldest of {waiting} waiting are shown") == 2
    assert f'value="{oldest.pk}"' in page and f'value="{newest.pk}"' not in page
    assert f"and {waiting - DASHBOARD_LIST_SIZE} more teams." in page


def test_due_next_lists_the_nearest_milestones_of_my_teams_only(client, cycle, team, other_team, community):
    MembershipFactory(team=team, user=community)
    start = timezone.now()
    for n in range(12):
        MilestoneFactory(cycle=cycle, title=f"For all {n:02}", due_at=start + timedelta(days=10 + n))
    only_other = MilestoneFactory(
        cycle=cycle, title="Only the other team", all_teams=False, due_at=start + timedelta(days=2)
    )
    only_other.teams.set([other_team])
    only_mine = MilestoneFactory(
        cycle=cycle, title="Only my team", all_teams=False, due_at=start + timedelta(days=3)
    )
    only_mine.teams.set([team])
    MilestoneFactory(
        cycle__year=2020, cycle__is_current=False, title="Another cycle", due_at=start + timedelta(days=1)
    )
    MilestoneFactory(cycle=cycle, title="A draft", status="draft", due_at=start + timedelta(days=1))
    Deliverable.objects.create(milestone=only_mine, team=team)

    client.force_login(community)
    page = client.get(reverse("dashboard")).content.decode()
    due = page.split('id="due-next"')[1].split("</section>")[0]
    assert "Only my team" in due and team.area.name in due
    assert "Only the other team" not in due and "Another cycle" not in due and "A draft" not in due
    assert [f"For all {n:02}" in due for n in range(12)] == [True] * 7 + [False] * 5
