"""The predicates of notifications' permissions, which its models declare in Meta.rules_permissions
(permission names `notifications.<action>_<model>`)."""

import rules

from teams.enums import FacilitatorStatus


@rules.predicate
def facilitates_any_team(user):
    return (
        user is not None
        and user.is_authenticated
        and user.facilitator_roles.filter(status=FacilitatorStatus.CONFIRMED).exists()
    )
