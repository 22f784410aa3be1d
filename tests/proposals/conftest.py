"""Shared by the tests of session proposals: the people around a group, a kind of session, a
deadline, and a proposal drafted through the service (proposal pages part; others add theirs)."""

import pytest

from proposals import services
from proposals.models import SessionKind
from tests.factories import MembershipFactory, MilestoneFactory, UserFactory


def draft(team, actor, **fields):
    """A draft of `team`'s, made as the form makes it."""
    fields = {
        "kind": SessionKind.objects.get(slug="main"),
        "title": "Trust and norms",
        "description": "How norms build trust online.",
        **fields,
    }
    return services.proposal_create(actor=actor, team=team, **fields)


def sign_in_as(client, request, role):
    """The test client signed in as the person of the role's fixture (anonymous: nobody)."""
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.fixture
def member(team):
    return MembershipFactory(
        team=team, user__email="member@example.org", user__display_name="Team Member"
    ).user


@pytest.fixture
def editor(team):
    return MembershipFactory(team=team, user__email="editor@example.org", user__display_name="Ed Itor").user


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.org", display_name="Out Sider")


@pytest.fixture
def deadline(team, now):
    return MilestoneFactory(cycle=team.cycle, title="Main session proposals due")


@pytest.fixture
def proposal(team, facilitator, editor, deadline):
    """A draft due by the deadline, with an editor, not shared yet."""
    made = draft(team, facilitator, due=deadline)
    services.proposal_editors_set(actor=facilitator, proposal=made, editors=[editor])
    return made
