"""Forgetting an address (issue 17): a person who closed their account, or a guest who asked by
their private link, gets no more mail, and the outbox and ledger no longer hold their address.

Mail not yet sent (queued or failed) is deleted: nothing will go. Mail already sent stays as a row
(the outbox's history counts it) without its body or address. A message a worker holds
(`sending`) is left to it: it was on its way before the request came.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from common.versions import version_bump

from ..enums import OutboxStatus
from ..models import GuestAddress, NotificationLedger, NotificationPreferences, OutboxMessage, Subscription
from .guests import normal_address


@transaction.atomic
def mail_forget(*, email: str, replacement: str, user: User | None = None) -> dict:
    """Forget `email` (and `user`'s mail, for a closed account) everywhere mail keeps it, writing
    `replacement` (an address under a reserved domain that no mail reaches) where a row must keep
    an address. Returns counts, no addresses."""
    address = normal_address(email)
    theirs = Q(to_email__iexact=address)
    if user is not None:
        theirs |= Q(to_user=user)
    unsent, _counts = OutboxMessage.objects.filter(
        theirs, status__in=[OutboxStatus.QUEUED, OutboxStatus.FAILED]
    ).delete()
    scrubbed = OutboxMessage.objects.filter(theirs, status=OutboxStatus.SENT).update(
        to_email=replacement, body_text="", body_html="", attachments=[], sealed="", headers={}
    )
    # Ledger keys of mail to an address hold it (ledger_keys.meeting, .announcement, ...): the key
    # keeps its place (sent once stays true) with the replacement in it.
    keyed = list(NotificationLedger.objects.filter(key__icontains=address))
    for entry in keyed:
        entry.key = entry.key.replace(address, replacement)
    NotificationLedger.objects.bulk_update(keyed, ["key"])
    followed, _counts = Subscription.objects.filter(email__iexact=address).delete()
    GuestAddress.objects.filter(email=address).delete()
    if user is not None:
        NotificationPreferences.objects.filter(user=user).delete()
    version_bump("outbox", "announcements")
    return {"unsent_deleted": unsent, "sent_scrubbed": scrubbed, "follows_ended": followed}
