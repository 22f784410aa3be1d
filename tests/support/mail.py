"""Local stand-ins for the SMTP server, which is outside the machine."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def open(self):
        raise ConnectionRefusedError("SMTP server refused the connection")

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server refused the connection")


class SinkBackend(BaseEmailBackend):
    """Writes each message as a file named after its outbox id, after a short delay (a slow SMTP
    server), so that tests can count deliveries per message across processes."""

    def send_messages(self, email_messages):
        folder = Path(os.environ["IGFMAG_MAIL_SINK"])
        delay = float(os.environ.get("IGFMAG_MAIL_SINK_DELAY", "0"))
        for message in email_messages:
            if delay:
                time.sleep(delay)
            outbox_id = message.extra_headers.get("X-Igfmag-Outbox-Id", "none")
            (folder / f"{outbox_id}-{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)


def send_queued() -> int:
    """What the worker does with every queued email; tests call it instead of waiting for Celery."""
    # Imported here: the backends above are loaded as EMAIL_BACKEND, before the apps are ready.
    from notifications.models import OutboxMessage
    from notifications.services.outbox import outbox_send

    return outbox_send(list(OutboxMessage.objects.filter(status="queued").values_list("pk", flat=True)))


def newly_sent() -> list:
    """The emails that the queued messages become, and only those: the test outbox is emptied first."""
    from django.core import mail

    mail.outbox.clear()
    send_queued()
    return list(mail.outbox)
