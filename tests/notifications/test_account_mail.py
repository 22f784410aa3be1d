from django.core import mail
from django.urls import reverse

from notifications.enums import LedgerStatus, MailKind, OutboxStatus
from notifications.models import NotificationLedger, OutboxMessage
from tests.factories import UserFactory


def test_sign_in_codes_are_kept_in_the_outbox_and_sent_at_once_in_the_request(client, db):
    UserFactory(email="coder@example.org")
    client.post(reverse("account_request_login_code"), {"email": "coder@example.org"})
    row = OutboxMessage.objects.get(kind=MailKind.ACCOUNT)
    assert row.status == OutboxStatus.SENT and row.to_email == "coder@example.org"
    assert len(mail.outbox) == 1
    entry = NotificationLedger.objects.get(kind=MailKind.ACCOUNT)
    assert (entry.outbox, entry.status) == (row, LedgerStatus.QUEUED)
