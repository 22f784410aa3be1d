"""The outbox's quicker MIME building (OutboxEmail) makes exactly the bytes Django's does, and a
message is marked sent by one SQL statement with the queryset's effect."""

import random
import re
import string
from email.policy import compat32

import pytest
from django.core.mail import BadHeaderError, EmailMultiAlternatives

from notifications.emails import RenderedEmail
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.sealing import seal
from notifications.services.outbox import (
    _QUICK_FOLDING,
    OutboxEmail,
    _PlainMessage,
    outbox_claim,
    outbox_send,
)
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


PLAIN = [
    {"subject": "[IGF MAG] Reminder", "body": "Hello\n", "html": "<p>Hello</p>"},
    {"subject": "Plain only", "body": "Just text\n"},
    {"subject": "No final line break", "body": "a\r\nb\rc\n\nd", "html": "<p>x</p>\r\n\r\n"},
    {
        "subject": "[IGF MAG] A long subject that the standard folding breaks " + "word " * 20,
        "body": "Bonjour Zoë,\nÀ demain.\n",
        "html": "<p>Bonjour Zoë</p>\n<p style='a=b'>" + "=" * 40 + "</p>\n",
        "headers": {
            "List-Unsubscribe": "<https://igf.example.org/notifications/unsubscribe/" + "a" * 90 + "/>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    },
]
STANDARD = [
    {"subject": "[IGF MAG] Réunion « Q&A <due> »", "body": "Bonjour\n", "html": "<p>Bonjour</p>"},
    {"subject": "Long line", "body": "é" * 1200 + "\n", "html": "x" * 2000},  # quoted-printable
    {"subject": "Hi", "body": "Hi\n", "to": ["Zoë Ünal <zoe@example.org>"]},
    {
        "subject": "Invitation",
        "body": "See the attachment\n",
        "html": "<p>See</p>",
        "attachments": [("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    },
]


def _bytes_of_both(kwargs, linesep):
    headers = {"Date": "Sun, 06 Dec 2026 03:00:00 -0000", "Message-ID": "<outbox-7@testserver>"}
    kwargs = {"to": ["member@example.org"], **kwargs, "headers": {**headers, **kwargs.get("headers", {})}}
    django_email, outbox_email = _pair(**kwargs)
    quick = outbox_email.message()
    flat = quick.as_bytes(linesep=linesep)
    standard = django_email.message()
    # Boundaries are random: give Django's message the ones the quick one chose.
    boundaries = [b.decode() for b in re.findall(rb'boundary="([^"]+)"', flat)]
    multiparts = [part for part in standard.walk() if part.is_multipart()]
    assert len(boundaries) == len(multiparts)
    for part, boundary in zip(multiparts, boundaries, strict=True):
        part.set_boundary(boundary)
    return quick, flat, standard.as_bytes(linesep=linesep)


@pytest.mark.parametrize("linesep", ["\n", "\r\n"])
@pytest.mark.parametrize("kwargs", PLAIN + STANDARD)
def test_an_outbox_email_flattens_to_the_bytes_django_makes(kwargs, linesep):
    quick, flat, standard = _bytes_of_both(kwargs, linesep)
    assert flat == standard
    assert isinstance(quick, _PlainMessage) == (kwargs in PLAIN)


def test_random_plain_emails_flatten_to_the_bytes_django_makes():
    rng = random.Random(5)
    pieces = ["word", " ", "  ", "\n", "\r\n", "\r", "\n\n", "é", "Zoë", "€", "=", "--", "<p>", "&amp;", "\t"]
    for _ in range(300):
        kwargs = {
            "subject": "".join(rng.choice(string.ascii_letters + " ") for _ in range(rng.randrange(1, 120))),
            "body": "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 80))),
        }
        if rng.random() < 0.7:
            kwargs["html"] = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 80)))
        for linesep in ("\n", "\r\n"):
            _quick, flat, standard = _bytes_of_both(kwargs, linesep)
            assert flat == standard, kwargs


def test_a_plain_message_answers_what_else_is_asked_from_the_standard_one():
    (_django_email, email) = _pair(subject="Hello", body="Text\n", html="<p>Hi</p>", to=["a@example.org"])
    message = email.message()
    assert isinstance(message, _PlainMessage)
    assert message["Subject"] == "Hello" and message.is_multipart()


def test_a_header_with_a_line_break_is_refused_as_django_refuses_it():
    (_django_email, email) = _pair(subject="Hello\nBcc: x@example.org", body="Text\n", to=["a@example.org"])
    with pytest.raises(BadHeaderError):
        email.message()


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
