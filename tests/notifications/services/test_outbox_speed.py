"""The outbox's quicker MIME building (OutboxEmail) makes exactly the bytes Django's does, and a
message is marked sent by one SQL statement with the queryset's effect."""

import random
import string
from email.policy import compat32

import pytest
from django.core.mail import EmailMultiAlternatives

from notifications.emails import RenderedEmail
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.sealing import seal
from notifications.services.outbox import _QUICK_FOLDING, OutboxEmail, outbox_claim, outbox_send
from tests.support.outbox import queue_email

NAMES = ["Subject", "To", "List-Unsubscribe", "X-Igfmag-Outbox-Id", "Message-ID", "Content-Type"]


def test_the_quick_folding_folds_every_header_as_the_standard_one():
    rng = random.Random(11)
    alphabet = string.ascii_letters + string.digits + "  ;,:=\"'<>()@.-_?/\t" + "éü–"
    values = ["", " ", "a", " a", "a ", "a  b", "=?utf-8?q?caf=C3=A9?=", "x" * 76, "x" * 90]
    values += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 120))) for _ in range(3000)]
    values += [" ".join(["word"] * n) for n in range(1, 25)]
    for name in NAMES:
        for value in values:
            for policy in (compat32, compat32.clone(linesep="\r\n")):
                quick = _QUICK_FOLDING.clone(linesep=policy.linesep)
                assert quick.fold_binary(name, value) == policy.fold_binary(name, value), (name, value)


def _pair(**kwargs):
    html = kwargs.pop("html", "")
    attachments = kwargs.pop("attachments", ())
    emails = []
    for cls in (EmailMultiAlternatives, OutboxEmail):
        email = cls(**kwargs)
        if html:
            email.attach_alternative(html, "text/html")
        for attachment in attachments:
            email.attach(*attachment)
        emails.append(email)
    return emails


@pytest.mark.parametrize(
    "kwargs",
    [
        {"subject": "[IGF MAG] Reminder", "body": "Hello\n", "html": "<p>Hello</p>"},
        {"subject": "Plain only", "body": "Just text\n"},
        {
            "subject": "[IGF MAG] Réunion « Q&A <due> » " + "long " * 30,
            "body": "Bonjour Zoë,\n" + "é" * 1200 + "\n",  # a line over 998 bytes: quoted-printable
            "html": "<p style='a=b'>" + "=" * 40 + "</p>" + "x" * 2000,
            "to": ["Zoë Ünal <zoe@example.org>"],
            "headers": {
                "List-Unsubscribe": "<https://igf.example.org/notifications/unsubscribe/" + "a" * 90 + "/>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        },
        {
            "subject": "Invitation",
            "body": "See the attachment\n",
            "html": "<p>See</p>",
            "attachments": [("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        },
    ],
)
def test_an_outbox_email_flattens_to_the_bytes_django_makes(kwargs):
    headers = {"Date": "Sun, 06 Dec 2026 03:00:00 -0000", "Message-ID": "<outbox-7@testserver>"}
    kwargs = {"to": ["member@example.org"], **kwargs, "headers": {**headers, **kwargs.get("headers", {})}}
    django_email, outbox_email = _pair(**kwargs)
    quick = outbox_email.message()
    standard = django_email.message()
    # Boundaries are random: give Django's message the ones the quick one chose.
    boundaries = [part.get_boundary() for part in quick.walk() if part.is_multipart()]
    assert all(boundaries)
    for part, boundary in zip([p for p in standard.walk() if p.is_multipart()], boundaries, strict=True):
        part.set_boundary(boundary)
    assert quick.as_bytes(linesep="\r\n") == standard.as_bytes(linesep="\r\n")
    assert quick.as_string() == standard.as_string()


@pytest.mark.django_db
def test_a_sent_message_is_marked_sent_with_its_secret_copy_dropped():
    message = queue_email(RenderedEmail(subject="Hi", text="Text\n", html="<p>Hi</p>"))
    OutboxMessage.objects.filter(pk=message.pk).update(
        sealed=seal({"subject": "Hi", "text": "Text\n", "html": "<p>Hi</p>", "headers": {}}),
        last_error="earlier",
        relay_unreachable=True,
    )
    assert outbox_send([message.pk]) == 1
    message.refresh_from_db()
    assert (message.status, message.sealed, message.last_error, message.relay_unreachable) == (
        OutboxStatus.SENT,
        "",
        "",
        False,
    )
    assert message.sent_at is not None
    assert outbox_claim([message.pk]) == []
