"""Mail to people without an account (poll and meeting guests, team followers): each address has
a private link that stops all email to it. Guest mail to a stopped address is recorded as skipped
and never sent; account mail a person asks for (sign-in codes) is not guest mail."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .emails import absolute_url
from .models import GuestAddress


def _normal(email: str) -> str:
    return email.strip().lower()


def guest_address_for(*, email: str) -> GuestAddress:
    address, _created = GuestAddress.objects.get_or_create(email=_normal(email))
    return address


def guest_stop_url(email: str) -> str:
    """The address's "stop all email" page, also its one-click List-Unsubscribe target."""
    return absolute_url(reverse("guest_stop", args=[guest_address_for(email=email).token]))


def stopped_addresses(emails: Iterable[str]) -> set[str]:
    """Those of `emails` (as given) whose owner stopped all email, in one query."""
    given = {_normal(e): e for e in emails if e}
    stopped = GuestAddress.objects.filter(email__in=given, stopped_at__isnull=False).values_list(
        "email", flat=True
    )
    return {given[email] for email in stopped}


@transaction.atomic
def guest_address_stop(*, address: GuestAddress) -> GuestAddress:
    GuestAddress.objects.filter(pk=address.pk, stopped_at__isnull=True).update(stopped_at=timezone.now())
    address.refresh_from_db()
    return address


@transaction.atomic
def guest_address_resume(*, address: GuestAddress) -> GuestAddress:
    GuestAddress.objects.filter(pk=address.pk).update(stopped_at=None)
    address.refresh_from_db()
    return address
