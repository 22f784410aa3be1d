"""What teams does when a person's role changes (accounts/signals.py), connected in TeamsConfig.ready().

Both run inside the transaction of the role change, whichever service makes it.
"""

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.signals import account_closing, role_changed, role_changing
from common.lists import joined

from .selectors import confirmed_facilitator_teams
from .services import memberships_end_for_closed_account, memberships_follow_role


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


# --- Closing an account (issue 17) ---


@receiver(account_closing, dispatch_uid="teams.end_memberships_of_closed_account")
def end_memberships_of_closed_account(sender, user, **kwargs):
    return memberships_end_for_closed_account(user=user)


# --- end of closing an account ---
