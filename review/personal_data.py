"""What review holds about a person, for their own download (accounts/personal_data.py): the
reviews they were given and wrote (scores and comments), and the workshop proposals that name
their address as the contact. Connected in ReviewConfig.ready(). A reviewer's entry is named as
the round's phase shows it (masked while the round is anonymised)."""

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.personal_data import Section, iso
from accounts.signals import personal_data_requested

from .models import Assignment, Entry, Score


@receiver(personal_data_requested, dispatch_uid="review.personal_data")
def personal_data(sender, user, own_addresses, **kwargs) -> list[Section]:
    """Three queries, whatever the number of reviews."""
    assignments = (
        Assignment.objects.filter(reviewer=user)
        .select_related("entry__round__cycle")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by("criterion__position", "id"),
            )
        )
        .order_by("assigned_at", "id")
    )
    entries = (
        Entry.objects.alias(address=Lower("contact_email"))
        .filter(address__in=own_addresses)
        .select_related("round__cycle")
        .order_by("created_at", "id")
    )
    return [
        Section(
            "reviews",
            _("Workshop proposals you were asked to review, with your scores and comments"),
            [
                {
                    "year": a.entry.round.cycle.year,
                    "entry": a.entry.shown_title,
                    "assigned_at": iso(a.assigned_at),
                    "scored_at": iso(a.scored_at),
                    "scores": [{"criterion": s.criterion.name, "score": s.value} for s in a.scores.all()],
                    "comment": a.comment,
                }
                for a in assignments
            ],
        ),
        Section(
            "workshop_proposals",
            _("Workshop proposals that give your address as the contact"),
            [
                {
                    "year": e.round.cycle.year,
                    "title": e.title,
                    "proposers": e.proposers,
                    "organisation": e.organisation,
                    "contact_email": e.contact_email,
                    "status": e.status,
                    "status_label": e.get_status_display(),
                    "created_at": iso(e.created_at),
                }
                for e in entries
            ],
        ),
    ]
