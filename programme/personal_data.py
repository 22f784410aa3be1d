"""What programme holds about a person, for their own download (accounts/personal_data.py): the
sessions on their own schedule ("Add to my schedule"), as the latest release shows them.
Connected in ProgrammeConfig.ready()."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.personal_data import Section, iso
from accounts.signals import personal_data_requested

from .models import ProgrammeSelection


@receiver(personal_data_requested, dispatch_uid="programme.personal_data")
def personal_data(sender, user, **kwargs) -> list[Section]:
    """One query, whatever the number of sessions."""
    rows = (
        ProgrammeSelection.objects.filter(user=user)
        .values("session_id", "session__released__title", "session__released__starts_at", "created_at")
        .order_by("created_at", "id")
    )
    return [
        Section(
            "my_schedule",
            _("Sessions on your schedule"),
            [
                {
                    "session": row["session_id"],
                    "title": row["session__released__title"],
                    "starts_at": iso(row["session__released__starts_at"]),
                    "added_at": iso(row["created_at"]),
                }
                for row in rows
            ],
        )
    ]
