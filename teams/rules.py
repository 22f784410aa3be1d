"""Predicates about issue teams. One predicate per question; the permissions that use them are
declared beside the models (`Meta.rules_permissions`) and the views check the permissions."""

import rules

from accounts.enums import Role
from accounts.rules import is_secretariat

from .enums import CAPACITY_REQUIRES_ROLE, MAY_CREATE_KIND, Capacity, GroupKind
from .places import places_of


@rules.predicate
def is_team_facilitator(user, team):
    if not rules.is_authenticated(user) or team is None:
        return False
    # A team read for its page (teams.selectors.team_page) carries its confirmed facilitators, read
    # with it under the teams' version: the page's several questions about them cost no query.
    known = getattr(team, "confirmed_facilitator_ids", None)
    if known is not None:
        return user.pk in known
    return team.pk in places_of(user).leads


@rules.predicate
def is_team_member(user, team):
    if not rules.is_authenticated(user) or team is None:
        return False
    return team.pk in places_of(user).member_of


@rules.predicate
def may_take_capacity(user, capacity):
    """Anyone signed in may take part as DC, BPF, PN, NRI or other; only people the secretariat
    confirmed may take part as MAG (current MAG) or past MAG (current or past MAG) members."""
    if not rules.is_authenticated(user) or capacity not in Capacity.values:
        return False
    allowed_roles = CAPACITY_REQUIRES_ROLE.get(capacity)
    return allowed_roles is None or user.role in allowed_roles


def capacities_for(user) -> list[Capacity]:
    """The capacities a person may take, in the order of the choices."""
    return [capacity for capacity in Capacity if may_take_capacity(user, capacity)]


@rules.predicate
def may_create_group_kind(user, kind):
    """Who may create a group of `kind` (teams.enums.MAY_CREATE_KIND): the secretariat any kind,
    current MAG members a MAG working group."""
    if not rules.is_authenticated(user) or kind not in GroupKind.values:
        return False
    roles = MAY_CREATE_KIND.get(kind, (Role.SECRETARIAT,))
    return (Role.SECRETARIAT in roles and user.is_secretariat) or user.role in roles


def group_kinds_for(user) -> list[GroupKind]:
    """The kinds of group a person may create, in the order of the choices."""
    return [kind for kind in GroupKind if may_create_group_kind(user, kind)]


@rules.predicate
def may_create_some_group(user):
    """Whether the "New group" page is for this person: they may create a group of some kind."""
    return bool(group_kinds_for(user))


@rules.predicate
def holds_role(user, role):
    return rules.is_authenticated(user) and role is not None and role.user_id == user.pk


# Those who lead a team see its members' addresses and export its roster.
leads_team = is_secretariat | is_team_facilitator
# A facilitator hands their own role over; the secretariat reassigns anyone's.
may_hand_over = holds_role | is_secretariat
