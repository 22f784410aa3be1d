"""What teams holds about a person, for their own download (accounts/personal_data.py):
their memberships and their chair or co-chair roles. Connected in TeamsConfig.ready()."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.personal_data import Section, iso
from accounts.signals import personal_data_requested

from .models import FacilitatorRole, Membership


def _group(team) -> dict:
    return {"group": str(team.name), "group_kind": team.kind, "year": team.cycle.year}


@receiver(personal_data_requested, dispatch_uid="teams.personal_data")
def personal_data(sender, user, **kwargs) -> list[Section]:
    """Two queries, whatever the number of groups."""
    memberships = Membership.objects.filter(user=user).select_related("team__cycle", "team__area")
    roles = FacilitatorRole.objects.filter(user=user).select_related("team__cycle", "team__area")
    return [
        Section(
            "memberships",
            _("Your memberships of groups"),
            [
                {
                    **_group(m.team),
                    "capacity": m.capacity,
                    "capacity_label": m.get_capacity_display(),
                    "joined_at": iso(m.joined_at),
                }
                for m in memberships.order_by("joined_at", "id")
            ],
        ),
        Section(
            "facilitator_roles",
            _("Your facilitator roles (chair, co-chair, convener)"),
            [
                {
                    **_group(r.team),
                    "role": r.kind,
                    "role_label": r.title,
                    "status": r.status,
                    "status_label": r.get_status_display(),
                    "volunteered_at": iso(r.volunteered_at),
                    "decided_at": iso(r.decided_at),
                }
                for r in roles.order_by("volunteered_at", "id")
            ],
        ),
    ]
