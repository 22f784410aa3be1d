"""Reads of what a recipient's private links open: their preferences, their guest address."""

from __future__ import annotations

from accounts.models import User

from ..models import GuestAddress, NotificationPreferences


def preferences_of(user: User) -> NotificationPreferences:
    """The person's preferences, or (unsaved) the defaults for someone who never set any."""
    prefs = NotificationPreferences.objects.filter(user=user).first()
    return prefs or NotificationPreferences(user=user, **NotificationPreferences.defaults())


def preferences_by_token(token: str) -> NotificationPreferences | None:
    """The preferences (with their person) whose one-click unsubscribe link carries `token`."""
    return NotificationPreferences.objects.select_related("user").filter(unsubscribe_token=token).first()


def guest_address_by_token(token: str) -> GuestAddress | None:
    """The address whose "stop all email" link carries `token`."""
    return GuestAddress.objects.filter(token=token).first()
