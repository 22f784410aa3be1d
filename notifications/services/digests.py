"""The daily digest: one email a day with every item waiting for a person who chose it."""

from __future__ import annotations

from django.utils import timezone

from .. import ledger_keys
from ..chores import chore_run
from ..enums import DIGEST_LOCAL_HOUR, Chore, LedgerStatus, MailKind
from ..models import NotificationLedger
from .notices import notice_for, notices_record


def digests_send(*, now=None) -> list[int]:
    """One email a day per person who chose the digest, once their local clock passes
    DIGEST_LOCAL_HOUR, with every item waiting for them. Returns the outbox ids. A person whose
    digest fails to render is recorded for the secretariat and the others' go; the ledger key
    (person, local date) sends nobody two digests a day: items that arrive after today's left
    wait for tomorrow's."""
    now = now or timezone.now()
    with chore_run(Chore.DIGESTS) as run:
        waiting = (
            NotificationLedger.objects.filter(status=LedgerStatus.IN_DIGEST)
            .select_related("user")
            .order_by("user_id", "created_at", "id")
        )
        by_user: dict[int, list[NotificationLedger]] = {}
        for entry in waiting:
            by_user.setdefault(entry.user_id, []).append(entry)
        notices = []
        for items in by_user.values():
            user = items[0].user
            local = timezone.localtime(now, user.zone)
            if local.hour < DIGEST_LOCAL_HOUR:
                continue
            notices.append(
                notice_for(
                    key=ledger_keys.digest(user.pk, local.date()),
                    kind=MailKind.DIGEST,
                    template="digest",
                    context={"items": items, "date": local.date()},
                    user=user,
                    covers=tuple(item.pk for item in items),
                )
            )
        return notices_record(notices, run=run)
