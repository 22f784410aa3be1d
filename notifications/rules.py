import rules

from accounts.rules import is_secretariat
from teams.enums import FacilitatorStatus


@rules.predicate
def facilitates_any_team(user):
    return (
        user.is_authenticated and user.facilitator_roles.filter(status=FacilitatorStatus.CONFIRMED).exists()
    )


rules.add_perm("notifications.view_outbox", is_secretariat)
rules.add_perm("notifications.announce", is_secretariat | facilitates_any_team)
rules.add_perm("notifications.view_announcements", rules.is_authenticated)
rules.add_perm("notifications.edit_preferences", rules.is_authenticated)
