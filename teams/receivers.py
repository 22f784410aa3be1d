"""What teams does when a person's role changes (accounts/signals.py), connected in TeamsConfig.ready().

Both run inside the transaction of the role change, whichever service makes it.
"""

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.signals import role_changed, role_changing
from common.lists import joined

from .selectors import confirmed_facilitator_teams
from .services import memberships_follow_role


@receiver(role_changing, dispatch_uid="teams.refuse_ending_a_facilitators_mag_term")
def refuse_ending_a_facilitators_mag_term(sender, user, previous, role, **kwargs):
    """Facilitators are current MAG members: the secretariat reassigns a facilitator's roles before
    their MAG term ends (whatever their new role)."""
    if previous != Role.MAG or role == Role.MAG:
        return
    teams = confirmed_facilitator_teams(user=user)
    if teams:
        raise ValidationError(
            _("%(name)s facilitates %(teams)s: reassign those roles before the MAG term ends.")
            % {"name": user.name, "teams": joined(team.name for team in teams)}
        )


@receiver(role_changed, dispatch_uid="teams.memberships_follow_role")
def memberships_follow_new_role(sender, user, actor, **kwargs):
    memberships_follow_role(actor=actor, user=user)
