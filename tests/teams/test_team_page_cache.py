"""The team page serves what everyone sees from the cache (teams.selectors.team_page and the roster
fragment of teams/team_detail.html): each viewer still sees only what they may, their own part of
the team is theirs, and every change that the page shows shows at once."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.services import profile_update
from schedule.services.poll_mail import poll_chores
from teams import services
from teams.enums import Capacity, FacilitatorKind, FacilitatorStatus
from teams.models import FacilitatorRole, PolicyQuestion
from tests.factories import (
    FacilitatorRoleFactory,
    MagFactory,
    MembershipFactory,
    PollFactory,
    UserFactory,
)


def _page(client, team, viewer=None, **params):
    client.logout()
    if viewer is not None:
        client.force_login(viewer)
    response = client.get(team.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, team):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(team.get_absolute_url()).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def member(team):
    return MembershipFactory(
        team=team,
        user__email="member.address@example.org",
        user__display_name="Roster Person",
        capacity=Capacity.BPF,
    ).user


def test_addresses_only_for_those_who_lead_the_team_whoever_filled_the_cache(
    client, team, facilitator, member, community, secretariat
):
    # The facilitator's view (with addresses) first, then the others': none of them gets it.
    assert "member.address@example.org" in _page(client, team, facilitator)
    for viewer in (community, member):
        page = _page(client, team, viewer)
        assert "Roster Person" in page and "member.address@example.org" not in page
        assert "roster.csv" not in page
    public = _page(client, team)
    assert "Roster Person" not in public and "2 people have joined." in public
    # And the other way round: a member's view cached first does not hide them from the secretariat.
    assert "member.address@example.org" in _page(client, team, secretariat)
    assert "facilitator@example.org" in _page(client, team, secretariat)


def test_each_viewer_sees_their_own_part(client, team, facilitator, member, community):
    assert "You are a member as: Best Practice Forum." in _page(client, team, member)
    page = _page(client, team, community)
    assert "You are not in this team yet." in page and "Leave this team" not in page
    page = _page(client, team, facilitator)
    assert "Hand over my role" in page and "You are a member as: MAG member" in page
    assert "Hand over my role" not in _page(client, team, member)


def test_a_join_and_a_leave_show_at_once(
    client, team, facilitator, member, community, django_capture_on_commit_callbacks
):
    assert "Community Member" not in _page(client, team, member)
    assert "You are not in this team yet." in _page(client, team, community)  # their own part cached
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_create(user=community, team=team, capacity=Capacity.NRI)
    assert "You are a member as: National" in _page(client, team, community)
    page = _page(client, team, member)
    assert "Community Member" in page and "3 people have joined." in page
    assert "Community Member" in _page(client, team, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_delete(user=community, team=team)
    page = _page(client, team, member)
    assert "Community Member" not in page and "2 people have joined." in page
    assert "You are not in this team yet." in _page(client, team, community)


def test_a_renamed_person_shows_at_once_but_a_sign_in_keeps_the_cache(
    client, team, facilitator, member, django_capture_on_commit_callbacks
):
    assert "Roster Person" in _page(client, team, member)
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(user=member, data={"display_name": "Renamed Person", "organisation": "New Org"})
    page = _page(client, team, member)
    assert "Renamed Person" in page and "New Org" in page and "Roster Person" not in page
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(user=facilitator, data={"display_name": "Renamed Facilitator"})
    assert "Renamed Facilitator</strong>, co-chair" in _page(client, team, member)

    from common.versions import version_of

    people = version_of("people")
    with django_capture_on_commit_callbacks(execute=True):
        member.last_login = timezone.now()
        member.save(update_fields=["last_login"])
    assert version_of("people") == people


def test_a_new_facilitator_shows_and_sees_addresses_at_once(
    client, team, facilitator, member, secretariat, django_capture_on_commit_callbacks
):
    volunteer = MagFactory(display_name="Keen Volunteer")
    MembershipFactory(team=team, user=volunteer, capacity=Capacity.MAG)
    assert "member.address@example.org" not in _page(client, team, volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        role = services.facilitator_volunteer(user=volunteer, team=team, kind=FacilitatorKind.CHAIR)
    page = _page(client, team, member)
    assert "Keen Volunteer (chair)" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.facilitator_roles_decide(actor=secretariat, roles=[role], confirm=True)
    page = _page(client, team, volunteer)
    assert "Keen Volunteer</strong>, chair" in page and "member.address@example.org" in page
    assert "This team is looking for a chair." not in page

    # Handing a role over: the one who left the role no longer sees the addresses.
    successor = MagFactory(display_name="The Successor")
    old = FacilitatorRole.objects.get(user=facilitator, team=team)
    with django_capture_on_commit_callbacks(execute=True):
        services.facilitator_handover(actor=facilitator, role=old, successor=successor)
    assert "member.address@example.org" not in _page(client, team, facilitator)
    page = _page(client, team, successor)
    assert "The Successor</strong>, co-chair" in page and "member.address@example.org" in page


def test_an_edited_policy_question_shows_at_once(client, team, member, django_capture_on_commit_callbacks):
    assert "What norms increase trust online?" in _page(client, team, member)
    with django_capture_on_commit_callbacks(execute=True):
        PolicyQuestion.objects.filter(area=team.area).get().delete()
        PolicyQuestion.objects.create(area=team.area, text="Which new question?")
    page = _page(client, team, member)
    assert "Which new question?" in page and "What norms increase trust online?" not in page


def test_the_roster_is_cached_per_language(client, team, member, community):
    # The project ships no compiled translations yet: what shows the key is that a viewer in
    # another language does not get the English fragment (the roster is read again for them).
    MembershipFactory(team=team, user=community)
    _page(client, team, member)
    english = _queries(client, team)
    community.language = "fr"
    community.save(update_fields=["language"])
    client.force_login(community)
    assert _queries(client, team) > english  # the roster read again, written in French
    assert 'lang="fr"' in client.get(team.get_absolute_url()).content.decode()
    assert _queries(client, team) == english  # and now cached in French too
    client.force_login(member)
    assert _queries(client, team) == english


def test_the_calls_show_a_new_poll_at_once_and_drop_it_when_it_closes(
    client, team, member, facilitator, django_capture_on_commit_callbacks
):
    assert "No call scheduled yet." in _page(client, team, member)
    with django_capture_on_commit_callbacks(execute=True):
        poll = PollFactory(team=team, title="Kick-off call", deadline=timezone.now() + timedelta(hours=1))
    page = _page(client, team, member)
    assert "Kick-off call" in page and f"/polls/{poll.pk}/" in page
    # A person outside the team sees the call, not a link to it.
    outsider = UserFactory()
    page = _page(client, team, outsider)
    assert "Kick-off call" in page and f"/polls/{poll.pk}/" not in page
    # The sweep closes it by a bulk update, which bumps the polls' version itself.
    with django_capture_on_commit_callbacks(execute=True):
        poll_chores(now=timezone.now() + timedelta(hours=2))
    assert "Kick-off call" not in _page(client, team, member)


def test_a_volunteer_sees_their_pending_offer_from_a_cached_page(
    client, team, facilitator, mag, member, django_capture_on_commit_callbacks
):
    _page(client, team, member)  # cached
    with django_capture_on_commit_callbacks(execute=True):
        FacilitatorRoleFactory(team=team, user=mag, status=FacilitatorStatus.VOLUNTEERED)
    page = _page(client, team, mag)
    assert "Withdraw my offer" in page
    assert "Withdraw my offer" not in _page(client, team, member)


def test_each_facilitator_hands_over_only_their_own_role_and_the_secretariat_reassigns_any(
    client, team, facilitator, member, secretariat
):
    other = FacilitatorRoleFactory(team=team, user__display_name="Second Facilitator").user
    for viewer in (member, facilitator, other, secretariat, member):
        page = _page(client, team, viewer)
        if viewer in (facilitator, other):
            assert page.count("Hand over my role") == 1 and "Reassign" not in page
            own = FacilitatorRole.objects.get(team=team, user=viewer)
            assert f"/teams/facilitators/{own.pk}/handover/" in page
        elif viewer == secretariat:
            assert page.count("Reassign") == 2 and "Hand over my role" not in page
        else:
            assert "Reassign" not in page and "Hand over my role" not in page and "/handover/" not in page


def test_only_those_who_may_start_a_poll_see_the_button_whoever_filled_the_cache(
    client, team, facilitator, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PollFactory(team=team, title="Kick-off call")
    for viewer in (facilitator, member, facilitator):
        page = _page(client, team, viewer)
        assert "Kick-off call" in page
        assert ("new availability poll" in page) == (viewer == facilitator)


def test_the_own_part_is_shared_only_by_those_in_the_same_state(
    client,
    team,
    facilitator,
    member,
    community,
    mag,
    past_mag,
    secretariat,
    django_capture_on_commit_callbacks,
):
    # A current MAG member reads the panel first: MAG is offered to them, never to the others.
    page = _page(client, team, mag)
    assert 'value="mag"' in page and "Volunteer to facilitate" in page
    page = _page(client, team, community)
    assert (
        'value="mag"' not in page and 'value="past_mag"' not in page and "Volunteer to facilitate" not in page
    )
    assert 'value="past_mag"' in _page(client, team, past_mag)

    # Two volunteers: each sees their own offer to withdraw, and no one else's.
    with django_capture_on_commit_callbacks(execute=True):
        first = FacilitatorRoleFactory(team=team, user=mag, status=FacilitatorStatus.VOLUNTEERED)
        second = FacilitatorRoleFactory(team=team, status=FacilitatorStatus.VOLUNTEERED)
    for role, other in ((first, second), (second, first)):
        page = _page(client, team, role.user)
        assert f"/teams/facilitators/{role.pk}/withdraw/" in page
        assert f"/teams/facilitators/{other.pk}/withdraw/" not in page
    page = _page(client, team, member)
    assert "Withdraw my offer" not in page and "/withdraw/" not in page

    # A confirmed role shows as such at once to its holder, without the offer to withdraw.
    with django_capture_on_commit_callbacks(execute=True):
        services.facilitator_roles_decide(actor=secretariat, roles=[first], confirm=True)
    page = _page(client, team, mag)
    assert "(confirmed)" in page and "Withdraw my offer" not in page


def test_a_changed_capacity_shows_at_once_to_its_member_alone(
    client, team, facilitator, member, community, django_capture_on_commit_callbacks
):
    other = MembershipFactory(team=team, capacity=Capacity.BPF).user
    for viewer in (member, other):
        assert "You are a member as: Best Practice Forum." in _page(client, team, viewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_create(user=member, team=team, capacity=Capacity.DC)
    page = _page(client, team, member)
    assert "You are a member as: Dynamic Coalition." in page and 'value="dc" selected' in page
    page = _page(client, team, other)
    assert "You are a member as: Best Practice Forum." in page and 'value="bpf" selected' in page


def test_the_forms_of_a_cached_own_part_carry_the_request_s_token(client, team, facilitator, community):
    from django.test import Client

    _page(client, team, community)  # the panel cached by another request
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(community)
    page = browser.get(team.get_absolute_url()).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1  # the panel's forms and the frame's take the same one
    response = browser.post(
        reverse("teams:join", args=[team.cycle.year, team.slug]),
        {"capacity": Capacity.NRI, "csrfmiddlewaretoken": tokens.pop()},
    )
    assert response.status_code == 302
    assert team.memberships.filter(user=community, capacity=Capacity.NRI).exists()
