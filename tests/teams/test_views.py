import csv
import io

import pytest
from django.test import TestCase
from django.urls import reverse

from teams.enums import FacilitatorKind, FacilitatorStatus
from teams.models import FacilitatorRole, Membership
from teams.selectors import ROSTER_PAGE_SIZE, TEAMS_PAGE_SIZE
from tests.factories import FacilitatorRoleFactory, IssueTeamFactory, MagFactory, MembershipFactory
from tests.support.sizes import assert_html_does_not_grow


def _url(name, team):
    return reverse(name, kwargs={"year": team.cycle.year, "slug": team.slug})


def test_join_and_leave_from_the_team_page(client, team, community):
    client.force_login(community)
    page = client.post(_url("teams:join", team), {"capacity": "bpf"}, follow=True).content.decode()
    assert "You are in the team" in page and "You are a member as: Best Practice Forum." in page

    page = client.post(_url("teams:leave", team), follow=True).content.decode()
    assert "You have left the team" in page
    assert not Membership.objects.filter(user=community).exists()


def test_joining_without_a_capacity_is_explained(client, team, community):
    client.force_login(community)
    page = client.post(_url("teams:join", team), {"capacity": "boss"}, follow=True).content.decode()
    assert "Choose the capacity in which you join." in page
    assert not Membership.objects.exists()


def test_facilitator_cannot_leave_and_is_told_why(client, team, facilitator):
    client.force_login(facilitator)
    page = client.post(_url("teams:leave", team), follow=True).content.decode()
    assert "hand your role over to another MAG member" in page
    assert Membership.objects.filter(user=facilitator, team=team).exists()


def test_volunteer_for_a_taken_chair_is_told_why(client, team, mag):
    FacilitatorRoleFactory(team=team, kind=FacilitatorKind.CHAIR)
    client.force_login(mag)
    page = client.post(_url("teams:volunteer", team), {"kind": "chair"}, follow=True).content.decode()
    assert "This team already has a chair." in page
    assert not FacilitatorRole.objects.filter(user=mag).exists()


def test_team_page_shows_questions_facilitators_and_balance(client, team, facilitator, community):
    MembershipFactory(team=team, user=community)
    client.force_login(community)
    page = client.get(team.get_absolute_url()).content.decode()

    assert "What norms increase trust online?" in page
    assert "Team Facilitator</strong>, co-chair" in page
    assert "This team is looking for a chair." in page
    # Both members are civil society (the factories' default): 2 of 2.
    assert "Civil society</td><td>2 (100%)" in page


def test_handover_from_the_page(client, team, facilitator):
    successor = MagFactory(display_name="Next Person")
    role = FacilitatorRole.objects.get(user=facilitator)
    client.force_login(facilitator)

    page = client.post(
        reverse("teams:handover", args=[role.pk]), {"successor": successor.pk}, follow=True
    ).content.decode()

    assert "Next Person is now co-chair" in page
    assert FacilitatorRole.objects.get(team=team, status=FacilitatorStatus.CONFIRMED).user == successor


def test_handover_to_nobody_is_explained(client, team, facilitator):
    role = FacilitatorRole.objects.get(user=facilitator)
    client.force_login(facilitator)
    page = client.post(reverse("teams:handover", args=[role.pk]), {"successor": ""}).content.decode()
    assert "This field is required." in page
    role.refresh_from_db()
    assert role.status == FacilitatorStatus.CONFIRMED


def test_secretariat_bulk_confirms_facilitators_from_the_dashboard(client, team, other_team, secretariat):
    first = FacilitatorRoleFactory(
        team=team, kind=FacilitatorKind.CHAIR, status=FacilitatorStatus.VOLUNTEERED
    )
    second = FacilitatorRoleFactory(team=other_team, status=FacilitatorStatus.VOLUNTEERED)
    client.force_login(secretariat)
    assert first.user.name in client.get(reverse("dashboard")).content.decode()

    page = client.post(
        reverse("teams:facilitators_decide"),
        {"roles": [first.pk, second.pk], "decision": "confirm"},
        follow=True,
    ).content.decode()

    assert "2 facilitators confirmed." in page
    assert FacilitatorRole.objects.filter(status=FacilitatorStatus.CONFIRMED).count() == 2


def test_roster_csv_lists_members_and_defuses_formulas(client, team, facilitator):
    MembershipFactory(
        team=team, user__display_name='=HYPERLINK("http://evil")', user__email="evil@example.org"
    )
    client.force_login(facilitator)

    response = client.get(_url("teams:roster_csv", team))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["name", "email", "capacity"]
    emails = {row[1]: row for row in rows[1:]}
    assert set(emails) == {"facilitator@example.org", "evil@example.org"}
    assert emails["evil@example.org"][0].startswith("'=")


def test_roster_csv_defuses_formulas_in_every_text_cell_the_email_included(client, team, facilitator):
    # A valid address that sign-up accepts, an organisation behind a leading space, a name behind a quote.
    MembershipFactory(
        team=team,
        user__email="=2+5+cmd|'/ccalc'!a0@example.org",
        user__display_name='"=1+1',
        user__organisation=" @SUM(A1:A9)",
    )
    client.force_login(facilitator)

    rows = list(csv.reader(io.StringIO(client.get(_url("teams:roster_csv", team)).content.decode())))

    (row,) = [r for r in rows[1:] if r[1] != "facilitator@example.org"]
    assert row[:2] == ["'\"=1+1", "'=2+5+cmd|'/ccalc'!a0@example.org"]
    assert row[3] == "' @SUM(A1:A9)"
    # Every cell of every row: none starts, even after spaces or quotes, with what a spreadsheet runs.
    assert not [
        cell
        for r in rows
        for cell in r
        if cell.lstrip(" \"'")[:1] in ("=", "+", "-", "@", "\t", "\r") and not cell.startswith("'")
    ]


def test_the_join_form_offers_only_the_capacities_one_may_take(client, team, community, past_mag):
    client.force_login(community)
    page = client.get(_url("teams:detail", team)).content.decode()
    assert 'value="dc"' in page and 'value="mag"' not in page and 'value="past_mag"' not in page

    client.force_login(past_mag)
    page = client.get(_url("teams:detail", team)).content.decode()
    assert 'value="past_mag"' in page and 'value="mag"' not in page


def test_a_crafted_post_to_join_as_mag_member_is_refused_with_a_message(client, team, facilitator, community):
    client.force_login(community)
    response = client.post(_url("teams:join", team), {"capacity": "mag"}, follow=True)

    assert response.status_code == 200
    assert "Only people the secretariat confirmed as current MAG members" in response.content.decode()
    assert not Membership.objects.filter(user=community).exists()
    client.force_login(facilitator)
    rows = list(csv.reader(io.StringIO(client.get(_url("teams:roster_csv", team)).content.decode())))
    assert [row[1] for row in rows[1:]] == ["facilitator@example.org"]


def _grow_roster(team, n=120):
    # More than two roster pages' worth of people, with long names and organisations; committed, so
    # that the pages cached by the teams' version (common/versions.py) show them.
    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(n):
            MembershipFactory(team=team)


@pytest.mark.parametrize("viewer_fixture", ["community", "facilitator", "secretariat"])
def test_team_page_does_not_grow_with_its_members(client, team, facilitator, request, viewer_fixture):
    client.force_login(request.getfixturevalue(viewer_fixture))
    MembershipFactory.create_batch(ROSTER_PAGE_SIZE, team=team)
    assert_html_does_not_grow(client, team.get_absolute_url(), lambda: _grow_roster(team))


def test_the_roster_is_paged_and_counted(client, team, facilitator, community):
    MembershipFactory(team=team, user=community)
    MembershipFactory.create_batch(ROSTER_PAGE_SIZE + 5, team=team)
    last = MembershipFactory(team=team, user__display_name="Zz Last By Name").user
    total = team.memberships.count()
    client.force_login(community)

    first = client.get(team.get_absolute_url()).content.decode()
    assert f"{total} people have joined." in first
    assert "Page 1 of 2" in first and "?page=2#roster" in first
    assert last.name not in first

    second = client.get(team.get_absolute_url() + "?page=2").content.decode()
    assert "Page 2 of 2" in second and last.name in second


@pytest.mark.parametrize("page", ["abc", "0", "-1", str(10**20), "1e3", ""])
def test_a_bad_roster_page_number_gives_a_page(client, team, facilitator, community, page):
    MembershipFactory.create_batch(ROSTER_PAGE_SIZE + 5, team=team)
    client.force_login(community)
    response = client.get(team.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    assert "Page 1 of 2" in response.content.decode() or "Page 2 of 2" in response.content.decode()


def test_the_public_sees_how_many_joined_but_not_who(client, team, facilitator):
    member = MembershipFactory(team=team).user
    page = client.get(team.get_absolute_url()).content.decode()
    assert "2 people have joined." in page
    assert member.name not in page and "Page 1 of" not in page


def test_the_team_list_does_not_grow_with_members(client, cycle, team, other_team, community):
    client.force_login(community)
    assert_html_does_not_grow(client, reverse("teams:list"), lambda: _grow_roster(team))


def test_the_team_list_shows_a_new_member_at_once(
    client, team, community, django_capture_on_commit_callbacks
):
    # The cards are cached: a membership made after they were cached must still show.
    client.get(reverse("teams:list"))
    assert "0 members" in client.get(reverse("teams:list")).content.decode()
    client.force_login(community)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("teams:join", team), {"capacity": "bpf"})
    client.logout()
    assert "1 member<" in client.get(reverse("teams:list")).content.decode()
    assert "1 member<" in client.get(reverse("home")).content.decode()


def test_the_team_list_is_paged(client, cycle, team):
    IssueTeamFactory.create_batch(TEAMS_PAGE_SIZE, cycle=cycle)
    first = client.get(reverse("teams:list")).content.decode()
    assert "Page 1 of 2" in first
    assert client.get(reverse("teams:list"), {"page": "2"}).content.decode().count('class="card"') == 1
    for bad in ("abc", str(10**20), "-3"):
        assert client.get(reverse("teams:list"), {"page": bad}).status_code == 200
    home = client.get(reverse("home")).content.decode()
    assert f"See all {TEAMS_PAGE_SIZE + 1} groups" in home
