"""Every email has three templates: <name>_subject.txt, <name>_body.txt and <name>_body.html under
notifications/templates/notifications/email/. They render in the recipient's language and zone."""
import zoneinfo
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation


class Attachment(NamedTuple):
    filename: str
    content: str
    mimetype: str


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    unsubscribe_url: str = ""
    attachments: tuple[Attachment, ...] = ()


def absolute_url(path: str) -> str:
    return settings.IGFMAG_SITE_URL.rstrip("/") + path


def render_email(name: str, context: dict, *, language: str = "", zone: str = "UTC",
                 unsubscribe_url: str = "") -> RenderedEmail:
    context = {
        **context,
        "site_url": settings.IGFMAG_SITE_URL.rstrip("/"),
        "preferences_url": absolute_url(reverse("notification_preferences")),
        "unsubscribe_url": unsubscribe_url,
    }
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(zoneinfo.ZoneInfo(zone)):
        subject = render_to_string(f"notifications/email/{name}_subject.txt", context)
        text = render_to_string(f"notifications/email/{name}_body.txt", context)
        html = render_to_string(f"notifications/email/{name}_body.html", context)
    # A subject is one line, whatever the template's line breaks.
    subject = " ".join(subject.split())
    return RenderedEmail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, text.strip() + "\n", html, unsubscribe_url)


def with_attachments(email: RenderedEmail, *attachments: Attachment) -> RenderedEmail:
    return replace(email, attachments=email.attachments + attachments)


def render_for_user(name: str, context: dict, *, user, unsubscribe_url: str = "") -> RenderedEmail:
    return render_email(name, {**context, "recipient": user}, language=user.language, zone=user.time_zone,
                        unsubscribe_url=unsubscribe_url)
