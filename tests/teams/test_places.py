"""A person's place in the teams is read once and cached; a join, a leave or a confirmed role
shows at once on the next page, because each commits a new teams version."""

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schedule.models import Meeting
from teams import services
from teams.enums import Capacity, FacilitatorKind
from tests.factories import MagFactory

START = datetime(2027, 3, 1, 14, tzinfo=UTC)


def _meeting(team):
    return Meeting.objects.create(team=team, title="Team call", start=START, end=START + timedelta(hours=1))


def _meeting_status(client, meeting):
    return client.get(reverse("schedule:meeting", args=[meeting.pk])).status_code


def test_joining_and_leaving_open_and_close_the_team_s_meeting_at_once(
    client, team, community, django_capture_on_commit_callbacks
):
    meeting = _meeting(team)
    client.force_login(community)
    assert _meeting_status(client, meeting) == 403  # read and cached: not in the team

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_create(user=community, team=team, capacity=Capacity.OTHER)
    assert _meeting_status(client, meeting) == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_delete(user=community, team=team)
    assert _meeting_status(client, meeting) == 403


def test_a_confirmed_facilitator_may_edit_the_meeting_at_once(
    client, team, secretariat, django_capture_on_commit_callbacks
):
    meeting = _meeting(team)
    volunteer = MagFactory()
    edit = reverse("schedule:meeting_edit", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_create(user=volunteer, team=team, capacity=Capacity.MAG)
        role = services.facilitator_volunteer(user=volunteer, team=team, kind=FacilitatorKind.CO_CHAIR)
    client.force_login(volunteer)
    assert client.get(edit).status_code == 403  # volunteered, not yet confirmed

    with django_capture_on_commit_callbacks(execute=True):
        services.facilitator_roles_decide(actor=secretariat, roles=[role], confirm=True)
    assert client.get(edit).status_code == 200


def test_the_place_is_read_once_per_teams_version(client, team, community):
    meeting = _meeting(team)
    client.force_login(community)
    _meeting_status(client, meeting)
    with CaptureQueriesContext(connection) as again:
        assert _meeting_status(client, meeting) == 403
    read = " ".join(query["sql"] for query in again.captured_queries)
    assert "teams_membership" not in read and "teams_facilitatorrole" not in read


def test_the_team_page_gives_a_member_the_members_links_at_once(
    client, team, community, django_capture_on_commit_callbacks
):
    # The team page reads the viewer's places in the round trip of its versions: a join or a leave
    # still shows on the next load.
    client.force_login(community)
    assert "the group's action items" not in client.get(team.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_create(user=community, team=team, capacity=Capacity.OTHER)
    assert "the group's action items" in client.get(team.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_delete(user=community, team=team)
    assert "the group's action items" not in client.get(team.get_absolute_url()).content.decode()
