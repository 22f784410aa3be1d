"""A person's own schedule: the sessions they added from the public programme ("Add to my
schedule"), which their personal feed holds and whose released changes reach them. Their own
choice alone: nothing here is audited, as a calendar address's reset is not."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import ProgrammeSelection, ProgrammeSession
from ..selectors.public import is_public_session

# More than a whole year's programme: a bound, not a limit anyone meets.
SELECTIONS_MAX = 1_000


@transaction.atomic
def selection_add(*, actor: User, session: ProgrammeSession) -> ProgrammeSelection:
    """The session goes on the person's schedule (once: adding it again changes nothing)."""
    if not is_public_session(session.pk):
        raise ValidationError(_("This session is not on the published programme."))
    found = ProgrammeSelection.objects.filter(user=actor, session=session).first()
    if found is not None:
        return found
    if ProgrammeSelection.objects.filter(user=actor).count() >= SELECTIONS_MAX:
        raise ValidationError(
            _("Your schedule holds %(count)d sessions, the most it can hold: remove some first.")
            % {"count": SELECTIONS_MAX}
        )
    try:
        with transaction.atomic():
            return ProgrammeSelection.objects.create(user=actor, session=session)
    except IntegrityError:  # the same person's other request added it a moment ago
        return ProgrammeSelection.objects.get(user=actor, session=session)


@transaction.atomic
def selection_remove(*, actor: User, session: ProgrammeSession) -> bool:
    """The session leaves the person's schedule; False if it was not on it."""
    deleted, _rows = ProgrammeSelection.objects.filter(user=actor, session=session).delete()
    return bool(deleted)
