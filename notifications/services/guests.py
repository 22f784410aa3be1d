"""Mail to people without an account (poll and meeting guests, team followers): each address has
a private link that stops all email to it. Guest mail to a stopped address is recorded as skipped
and never sent; account mail a person asks for (sign-in codes) is not guest mail."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..emails import absolute_url
from ..models import GuestAddress


def normal_address(email: str) -> str:
    return email.strip().lower()


def guest_address_for(*, email: str) -> GuestAddress:
    address, _created = GuestAddress.objects.get_or_create(email=normal_address(email))
    return address


def guest_addresses_for(emails: Iterable[str]) -> dict[str, GuestAddress]:
    """Each address (by its normal form), created for those never written to before, in at most
    three queries whatever the number of addresses."""
    wanted = {normal_address(e) for e in emails if e}
    found = {a.email: a for a in GuestAddress.objects.filter(email__in=wanted)}
    missing = wanted - found.keys()
    if missing:
        GuestAddress.objects.bulk_create([GuestAddress(email=e) for e in missing], ignore_conflicts=True)
        found.update({a.email: a for a in GuestAddress.objects.filter(email__in=missing)})
    return found


def guest_stop_url(address: GuestAddress) -> str:
    """The address's "stop all email" page, also its one-click List-Unsubscribe target."""
    return absolute_url(reverse("guest_stop", args=[address.token]))


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
