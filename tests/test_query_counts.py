"""Pages make the same number of SQL queries with 1 and with 20 teams, members or queue rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import Role
from accounts.services import audit_record
from teams.enums import FacilitatorKind, FacilitatorStatus
from tests.factories import FacilitatorRoleFactory, IssueTeamFactory, MembershipFactory, UserFactory


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_teams(cycle, viewer, n):
    for _ in range(n):
        team = IssueTeamFactory(cycle=cycle)
        MembershipFactory(team=team, user=viewer)
        FacilitatorRoleFactory(team=team)
        FacilitatorRoleFactory(team=team, status=FacilitatorStatus.VOLUNTEERED, kind=FacilitatorKind.CHAIR)
        UserFactory(requested_role=Role.MAG)


@pytest.mark.parametrize("viewer_fixture", ["community", "secretariat"])
def test_dashboard_queries_do_not_grow_with_teams_and_queues(client, cycle, request, viewer_fixture):
    viewer = request.getfixturevalue(viewer_fixture)
    client.force_login(viewer)
    _grow_teams(cycle, viewer, 1)
    few = _queries(client, reverse("dashboard"))
    _grow_teams(cycle, viewer, 19)
    many = _queries(client, reverse("dashboard"))
    assert few == many


@pytest.mark.parametrize("url_name", ["home", "teams:list"])
def test_team_lists_queries_do_not_grow_with_teams(client, cycle, community, url_name):
    client.force_login(community)
    _grow_teams(cycle, community, 1)
    few = _queries(client, reverse(url_name))
    _grow_teams(cycle, community, 19)
    assert _queries(client, reverse(url_name)) == few


@pytest.mark.parametrize("viewer_fixture", ["community", "facilitator", "secretariat"])
def test_team_page_queries_do_not_grow_with_members(client, team, facilitator, request, viewer_fixture):
    client.force_login(request.getfixturevalue(viewer_fixture))
    MembershipFactory(team=team)
    FacilitatorRoleFactory(team=team, status=FacilitatorStatus.VOLUNTEERED)
    few = _queries(client, team.get_absolute_url())
    MembershipFactory.create_batch(19, team=team)
    FacilitatorRoleFactory.create_batch(5, team=team, status=FacilitatorStatus.VOLUNTEERED)
    assert _queries(client, team.get_absolute_url()) == few


def test_audit_log_queries_do_not_grow_with_events(client, secretariat):
    client.force_login(secretariat)
    audit_record(actor=UserFactory(), action="role_claimed", subject=UserFactory(), target="x")
    few = _queries(client, reverse("audit_log"))
    for _ in range(19):
        audit_record(actor=UserFactory(), action="role_claimed", subject=UserFactory(), target="x")
    assert _queries(client, reverse("audit_log")) == few


def test_roster_csv_queries_do_not_grow_with_members(client, team, facilitator):
    client.force_login(facilitator)
    url = reverse("teams:roster_csv", kwargs={"year": team.cycle.year, "slug": team.area.slug})
    few = _queries(client, url)
    MembershipFactory.create_batch(19, team=team)
    assert _queries(client, url) == few


def _grow_schedule(cycle, viewer, n):
    from schedule.models import Deliverable
    from tests.factories import MilestoneFactory

    for _ in range(n):
        team = IssueTeamFactory(cycle=cycle)
        MembershipFactory(team=team, user=viewer)
        scoped = MilestoneFactory(cycle=cycle, all_teams=False, requires_deliverable=True)
        scoped.teams.set([team])
        Deliverable.objects.create(milestone=scoped, team=team)
        MilestoneFactory(cycle=cycle)


@pytest.mark.parametrize(
    "url_name, viewer_fixture",
    [
        ("dashboard", "community"),
        ("schedule:timeline", "community"),
        ("schedule:timeline", "secretariat"),
        ("schedule:public", "community"),
        ("schedule:matrix", "secretariat"),
        ("schedule:public_feed", "community"),
    ],
)
def test_schedule_pages_queries_do_not_grow_with_milestones_and_teams(
    now, client, cycle, request, url_name, viewer_fixture
):
    viewer = request.getfixturevalue(viewer_fixture)
    client.force_login(viewer)
    _grow_schedule(cycle, viewer, 1)
    few = _queries(client, reverse(url_name))
    _grow_schedule(cycle, viewer, 19)
    assert _queries(client, reverse(url_name)) == few


def test_private_feed_queries_do_not_grow(now, client, cycle, community):
    from schedule.models import CalendarFeed

    url = reverse("schedule:private_feed", args=[CalendarFeed.objects.create(user=community).token])
    _grow_schedule(cycle, community, 1)
    few = _queries(client, url)
    _grow_schedule(cycle, community, 19)
    assert _queries(client, url) == few


@pytest.mark.parametrize("url_name", ["outbox", "announcements"])
def test_mail_pages_queries_do_not_grow(client, secretariat, team, url_name):
    from notifications.emails import RenderedEmail
    from notifications.models import Announcement
    from tests.support.outbox import queue_email

    client.force_login(secretariat)

    def grow(n):
        for i in range(n):
            queue_email(RenderedEmail(subject="s", text="t", html=""), to_email=f"p{i}@example.org")
            Announcement.objects.create(author=secretariat, subject="s", body="b").teams.set([team])

    grow(1)
    few = _queries(client, reverse(url_name))
    grow(19)
    assert _queries(client, reverse(url_name)) == few


def _grow_poll(poll, n):
    from schedule.models import Vote

    slots = list(poll.slots.all())
    for _ in range(n):
        invitee = poll.invitees.create(user=MembershipFactory(team=poll.team).user)
        Vote.objects.bulk_create(Vote(invitee=invitee, slot=s, answer="yes") for s in slots)
        poll.comments.create(invitee=invitee, text="works for me")
        guest = poll.invitees.create(
            email=f"g{invitee.pk}@example.org", name="Guest", guest_time_zone="Asia/Kolkata"
        )
        Vote.objects.create(invitee=guest, slot=slots[0], answer="maybe")


@pytest.mark.parametrize(
    "viewer_fixture, url_name",
    [
        ("facilitator", "schedule:poll"),
        ("secretariat", "schedule:poll"),
        ("facilitator", "schedule:poll_finalise"),
    ],
)
def test_poll_pages_queries_do_not_grow_with_participants(
    now, client, team, facilitator, request, viewer_fixture, url_name
):
    from datetime import timedelta

    from schedule import polls

    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(4)],
    )
    client.force_login(request.getfixturevalue(viewer_fixture))
    url = reverse(url_name, args=[poll.pk])
    _grow_poll(poll, 1)  # 3 participants: the facilitator, a member, a guest
    few = _queries(client, url)
    _grow_poll(poll, 13)  # 29 participants
    assert _queries(client, url) == few


def test_guest_poll_page_queries_do_not_grow(now, client, team, facilitator):
    from datetime import timedelta

    from schedule import polls

    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(4)],
        guests=["visitor@example.org"],
    )
    url = reverse("schedule:poll_guest", args=[poll.invitees.get(email="visitor@example.org").token])
    _grow_poll(poll, 1)
    few = _queries(client, url)
    _grow_poll(poll, 13)
    assert _queries(client, url) == few
