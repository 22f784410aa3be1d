"""A ready-made email queued the way every email is (notifications/services/notices.py), for the
tests of the outbox itself."""

import uuid

from notifications.emails import RenderedEmail
from notifications.enums import MailKind
from notifications.models import OutboxMessage
from notifications.services.notices import Notice, notices_record


def queue_email(email: RenderedEmail, *, to_email: str = "someone@example.org") -> OutboxMessage:
    (pk,) = notices_record(
        [
            Notice(
                key=f"test:{uuid.uuid4().hex}",
                kind=MailKind.ANNOUNCEMENT,
                user=None,
                to_email=to_email,
                render=lambda _prefs, _address: email,
            )
        ]
    )
    return OutboxMessage.objects.get(pk=pk)
