"""What each person wants to receive, and how; and the one-click unsubscribe."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse

from accounts.models import User

from ..emails import absolute_url
from ..models import PREFERENCE_FIELDS, NotificationPreferences


def preferences_for(users: Iterable[User]) -> dict[int, NotificationPreferences]:
    """Each user's preferences, saved with the defaults for those who never set any (their
    unsubscribe links need a token), in at most three queries whatever the number of users."""
    ids = {u.pk for u in users}
    found = {p.user_id: p for p in NotificationPreferences.objects.filter(user_id__in=ids)}
    missing = ids - found.keys()
    if missing:
        NotificationPreferences.objects.bulk_create(
            [NotificationPreferences(user_id=uid, **NotificationPreferences.defaults()) for uid in missing],
            ignore_conflicts=True,
        )
        found.update({p.user_id: p for p in NotificationPreferences.objects.filter(user_id__in=missing)})
    return found


def preferences_get(*, user: User) -> NotificationPreferences:
    return preferences_for([user])[user.pk]


@transaction.atomic
def preferences_update(*, user: User, **fields) -> NotificationPreferences:
    """Save the person's choices of which emails they get, and how."""
    preferences_get(user=user)
    prefs = NotificationPreferences.objects.select_for_update().get(user=user)
    for name in PREFERENCE_FIELDS:
        if name in fields:
            setattr(prefs, name, fields[name])
    prefs.full_clean()
    prefs.save(update_fields=[name for name in PREFERENCE_FIELDS if name in fields])
    return prefs


def unsubscribe_url_for(prefs: NotificationPreferences) -> str:
    return absolute_url(reverse("notification_unsubscribe", args=[prefs.unsubscribe_token]))


@transaction.atomic
def unsubscribe_all(*, prefs: NotificationPreferences) -> NotificationPreferences:
    """The one-click unsubscribe of every email but account mail: reminders, notices, announcements."""
    prefs.reminder_offsets = []
    prefs.overdue_notices = prefs.change_notices = prefs.announcements = prefs.meeting_reminders = False
    prefs.save()
    return prefs
