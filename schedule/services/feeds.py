"""Each person's private calendar feed: its secret address, made on first use and reset on demand."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User

from ..models import CalendarFeed, new_feed_token


def calendar_feed_get(*, user: User) -> CalendarFeed:
    """The person's private feed, made the first time they ask for its address."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new secret address for the person's calendar feed; the old one stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
