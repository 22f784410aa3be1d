"""Secrets in outgoing mail are never kept readable.

Sign-in codes, email-confirmation and password-reset links, and guests' private poll links would
let whoever reads them act as the recipient. The outbox keeps a readable copy of such a message
with each secret replaced by REDACTED (what the outbox pages and the admin show), and the real
subject, text, HTML and headers sealed: encrypted with a key derived from SECRET_KEY, opened only
by the worker that sends the message, and emptied once it is sent.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.html import escape

REDACTED = "••••••••"
SealBroken = InvalidToken


def _keys() -> MultiFernet:
    # SECRET_KEY_FALLBACKS: a message sealed just before the key was rotated still opens.
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac(
                        "igfmag.notifications.sealing", "outbox", secret=secret, algorithm="sha256"
                    ).digest()
                )
            )
            for secret in secrets
        ]
    )


def seal(payload: dict) -> str:
    return _keys().encrypt(json.dumps(payload).encode()).decode()


def unseal(token: str) -> dict:
    """The payload `seal` was given. Raises SealBroken if no current or fallback key opens it."""
    return json.loads(_keys().decrypt(token.encode()))


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret (as written, or HTML-escaped) replaced by REDACTED. `secrets`
    longest first, so that a link is hidden whole before the token inside it."""
    for secret in secrets:
        text = text.replace(secret, REDACTED).replace(escape(secret), REDACTED)
    return text
