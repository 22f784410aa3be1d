"""The panel planner is cached per proposal, language and way of seeing it (proposals.views.panel):
each change (a person added, edited, removed, invited, answering; the proposal's length) shows at
once, a reader never sees a panelist's email or the editors' buttons whoever filled the cache, and
each reader's forms carry their own CSRF token."""

from datetime import timedelta

import pytest
from django.urls import reverse

from proposals import invitations, services
from tests.factories import MembershipFactory, PanelistFactory, panel_proposal

# Versions move on commit: each request commits, so that the cached planner sees each change.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("committed_requests")]


@pytest.fixture
def proposal(team, facilitator, now):
    return panel_proposal(team=team, actor=facilitator, starts_at=now + timedelta(days=30, hours=5))


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, user__email="member@example.org", user__display_name="Member").user


@pytest.fixture
def speaker(proposal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return PanelistFactory(proposal=proposal, name="Ana Speaker", email="ana@example.org")


def planner(client, user, proposal) -> str:
    client.force_login(user)
    response = client.get(reverse("proposals:panel", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def editor(team, facilitator, proposal, django_capture_on_commit_callbacks):
    person = MembershipFactory(team=team, user__email="editor@example.org").user
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_editors_set(actor=facilitator, proposal=proposal, editors=[person])
    return person


@pytest.mark.parametrize("first", ["facilitator", "editor", "secretariat", "member"])
def test_a_member_never_sees_an_email_or_a_button_whoever_filled_the_cache(
    client, request, proposal, speaker, facilitator, editor, secretariat, member, first
):
    planner(client, request.getfixturevalue(first), proposal)
    for _twice in range(2):
        for reader in (member, secretariat):
            shown = planner(client, reader, proposal)
            assert "Ana Speaker" in shown
            assert "ana@example.org" not in shown and "Remove Ana Speaker" not in shown
        for lead in (facilitator, editor):
            edited = planner(client, lead, proposal)
            assert "ana@example.org" in edited and "Remove Ana Speaker" in edited


def test_a_kind_renamed_and_the_language_show_at_once(
    client, proposal, speaker, member, django_capture_on_commit_callbacks
):
    assert "(Main session)" in planner(client, member, proposal)
    kind = proposal.kind
    kind.name = "Main session, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        kind.save()
    assert "(Main session, renamed)" in planner(client, member, proposal)
    client.cookies["django_language"] = "fr"
    assert "Le plan en toutes lettres" in planner(client, member, proposal)
    del client.cookies["django_language"]
    assert "The plan in words" in planner(client, member, proposal)


def test_each_change_shows_at_once_to_readers_and_editors(
    client, proposal, speaker, facilitator, member, now, django_capture_on_commit_callbacks
):
    for user in (member, facilitator):
        assert "Ana Speaker" in planner(client, user, proposal)
    client.force_login(facilitator)
    client.post(
        reverse("proposals:panelist_edit", args=[proposal.pk, speaker.pk]),
        {
            "name": "Ana Renamed",
            "email": "ana@example.org",
            "role": "speaker",
            "stakeholder_group": "civil_society",
            "region": "grulac",
            "gender": "woman",
            "presence": "online",
            "opening_minutes": "3",
            "followup_minutes": "2",
        },
    )
    for user in (member, facilitator):
        assert "Ana Renamed" in planner(client, user, proposal)
    with django_capture_on_commit_callbacks(execute=True):
        invited = invitations.panelist_invite(
            actor=facilitator, panelist=speaker, reply_by=(now + timedelta(days=10)).date(), language="en"
        )
    assert "reply by" in planner(client, member, proposal)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitation_answer(token=invited.token, confirm=True)
    assert "Invite Ana Renamed again" not in planner(client, facilitator, proposal)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_update(actor=facilitator, proposal=proposal, minutes=60)
    assert "A session of 60 minutes" in planner(client, member, proposal)
    client.force_login(facilitator)
    client.post(reverse("proposals:panelist_remove", args=[proposal.pk, speaker.pk]))
    for user in (member, facilitator):
        assert "No one is on the panel yet." in planner(client, user, proposal)


def test_each_editor_gets_their_own_csrf_token(client, proposal, speaker, facilitator):
    planner(client, facilitator, proposal)
    client.logout()
    shown = planner(client, facilitator, proposal)
    assert "csrf-token-of-the-request" not in shown
    assert shown.count('name="csrfmiddlewaretoken"') >= 2
