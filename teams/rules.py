"""Who may do what with issue teams. One predicate per question; views check the permissions."""

import rules

from .enums import CAPACITY_REQUIRES_ROLE, Capacity, FacilitatorStatus


@rules.predicate
def is_secretariat(user):
    return user.is_authenticated and user.is_secretariat


@rules.predicate
def is_current_mag(user):
    return user.is_authenticated and user.is_current_mag


@rules.predicate
def is_team_facilitator(user, team):
    if not user.is_authenticated or team is None:
        return False
    return team.facilitator_roles.filter(user=user, status=FacilitatorStatus.CONFIRMED).exists()


@rules.predicate
def may_take_capacity(user, capacity):
    """Anyone signed in may take part as DC, BPF, PN, NRI or other; only people the secretariat
    confirmed may take part as MAG (current MAG) or past MAG (current or past MAG) members."""
    if not user.is_authenticated or capacity not in Capacity.values:
        return False
    allowed_roles = CAPACITY_REQUIRES_ROLE.get(capacity)
    return allowed_roles is None or user.role in allowed_roles


def capacities_for(user) -> list[Capacity]:
    """The capacities a person may take, in the order of the choices."""
    return [capacity for capacity in Capacity if may_take_capacity(user, capacity)]


rules.add_perm("teams.view_roster", rules.is_authenticated)
rules.add_perm("teams.join_team", rules.is_authenticated)
rules.add_perm("teams.take_capacity", may_take_capacity)
rules.add_perm("teams.volunteer_facilitator", is_current_mag)
rules.add_perm("teams.view_member_emails", is_secretariat | is_team_facilitator)
rules.add_perm("teams.export_roster", is_secretariat | is_team_facilitator)
rules.add_perm("teams.decide_facilitators", is_secretariat)


@rules.predicate
def holds_role(user, role):
    return user.is_authenticated and role is not None and role.user_id == user.pk


rules.add_perm("teams.hand_over_role", holds_role | is_secretariat)
rules.add_perm("teams.withdraw_role", holds_role)
