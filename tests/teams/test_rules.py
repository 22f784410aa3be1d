"""teams/rules.py: each predicate alone, for every kind of person and for nobody (None)."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from accounts.enums import Role
from accounts.rules import is_current_mag, is_secretariat
from teams.enums import Capacity, FacilitatorStatus, GroupKind
from teams.models import FacilitatorRole, IssueTeam
from teams.rules import (
    capacities_for,
    group_kinds_for,
    holds_role,
    is_team_facilitator,
    leads_team,
    may_create_group_kind,
    may_create_some_group,
    may_hand_over,
    may_take_capacity,
)
from tests.factories import FacilitatorRoleFactory, MembershipFactory, UserFactory


def _person(request, who):
    """None, AnonymousUser, or the conftest fixture of that name."""
    if who == "nobody":
        return None
    return AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, capacity=Capacity.DC).user


@pytest.fixture
def volunteer(team):
    return FacilitatorRoleFactory(team=team, status=FacilitatorStatus.VOLUNTEERED).user


@pytest.fixture
def former_facilitator(team):
    return FacilitatorRoleFactory(team=team, status=FacilitatorStatus.HANDED_OVER).user


TEAM_PEOPLE = [
    # who, facilitates the team, leads the team (sees emails, exports the roster)
    ("nobody", False, False),
    ("anonymous", False, False),
    ("community", False, False),
    ("member", False, False),
    ("mag", False, False),
    ("volunteer", False, False),
    ("former_facilitator", False, False),
    ("other_facilitator", False, False),
    ("facilitator", True, True),
    ("secretariat", False, True),
]


@pytest.mark.parametrize("who, facilitates, leads", TEAM_PEOPLE)
def test_is_team_facilitator(request, team, who, facilitates, leads):
    assert is_team_facilitator(_person(request, who), team) is facilitates
    assert is_team_facilitator(_person(request, who), None) is False


@pytest.mark.parametrize("who, facilitates, leads", TEAM_PEOPLE)
def test_leads_team(request, team, who, facilitates, leads):
    assert leads_team(_person(request, who), team) is leads


CAPACITY_TABLE = [
    # role, then whether they may take: MAG, past MAG, DC (any other capacity alike)
    (None, False, False, False),
    (Role.COMMUNITY, False, False, True),
    (Role.PAST_MAG, False, True, True),
    (Role.MAG, True, True, True),
    (Role.SECRETARIAT, False, False, True),
]


@pytest.mark.parametrize("role, as_mag, as_past_mag, as_dc", CAPACITY_TABLE)
def test_may_take_capacity(role, as_mag, as_past_mag, as_dc):
    person = None if role is None else UserFactory.build(role=role)
    assert may_take_capacity(person, Capacity.MAG) is as_mag
    assert may_take_capacity(person, Capacity.PAST_MAG) is as_past_mag
    assert may_take_capacity(person, Capacity.DC) is as_dc
    assert may_take_capacity(person, "boss") is False
    assert may_take_capacity(AnonymousUser(), Capacity.DC) is False


@pytest.mark.parametrize("role, as_mag, as_past_mag, as_dc", CAPACITY_TABLE)
def test_capacities_for_lists_what_may_be_taken_in_the_order_of_the_choices(role, as_mag, as_past_mag, as_dc):
    person = None if role is None else UserFactory.build(role=role)
    expected = [c for c in Capacity if may_take_capacity(person, c)]
    assert capacities_for(person) == expected
    assert (Capacity.MAG in expected, Capacity.PAST_MAG in expected, Capacity.DC in expected) == (
        as_mag,
        as_past_mag,
        as_dc,
    )


@pytest.mark.parametrize(
    "who, holds, may_pass_on",
    [
        ("nobody", False, False),
        ("anonymous", False, False),
        ("community", False, False),
        ("mag", False, False),
        ("other_facilitator", False, False),
        ("facilitator", True, True),
        ("secretariat", False, True),
    ],
)
def test_holds_role_and_may_hand_over(request, team, facilitator, who, holds, may_pass_on):
    role = facilitator.facilitator_roles.get(team=team)
    person = _person(request, who)
    assert holds_role(person, role) is holds
    assert may_hand_over(person, role) is may_pass_on
    assert holds_role(person, None) is False


def test_the_permissions_declared_beside_the_models():
    # The quorum rule's (the secretariat or the team's facilitators) is a combined predicate, checked
    # person by person in tests/schedule/test_rules.py.
    declared = dict(IssueTeam._meta.rules_permissions)
    assert declared.pop("set_quorum") is not None
    # So are the exports' (tests/schedule/test_rules.py).
    assert declared.pop("export_attendance") is not None
    assert declared.pop("export_action_items") is not None
    assert declared == {
        "create": may_create_some_group,
        "view_roster": rules.is_authenticated,
        "join": rules.is_authenticated,
        "volunteer": is_current_mag,
        "view_member_emails": leads_team,
        "export_roster": leads_team,
        "suggest_members": leads_team,
    }
    assert FacilitatorRole._meta.rules_permissions == {
        "decide": is_secretariat,
        "hand_over": may_hand_over,
        "withdraw": holds_role,
    }
    assert rules.perm_exists("teams.join_issueteam") and rules.perm_exists("teams.hand_over_facilitatorrole")


@pytest.mark.parametrize(
    "who, kinds",
    [
        ("nobody", []),
        ("anonymous", []),
        ("community", []),
        ("past_mag", []),
        # Current MAG members (the MAG chair's office among them): the MAG's working groups.
        ("mag", [GroupKind.MAG_WORKING_GROUP]),
        ("secretariat", list(GroupKind)),
    ],
)
def test_who_may_create_which_kind_of_group(request, db, who, kinds):
    person = _person(request, who)
    for kind in GroupKind:
        assert may_create_group_kind(person, kind) is (kind in kinds), kind
    assert may_create_group_kind(person, "club") is False
    assert may_create_some_group(person) is bool(kinds)
    if person is not None:
        assert group_kinds_for(person) == kinds
