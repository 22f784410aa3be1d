import rules

from teams.enums import FacilitatorStatus
from teams.rules import is_secretariat


@rules.predicate
def facilitates_any_team(user):
    return (
        user.is_authenticated and user.facilitator_roles.filter(status=FacilitatorStatus.CONFIRMED).exists()
    )


rules.add_perm("notifications.view_outbox", is_secretariat)
rules.add_perm("notifications.announce", is_secretariat | facilitates_any_team)
rules.add_perm("notifications.view_announcements", rules.is_authenticated)
rules.add_perm("notifications.edit_preferences", rules.is_authenticated)
