"""Every email has three templates: <name>_subject.txt, <name>_body.txt and <name>_body.html under
notifications/templates/notifications/email/. The HTML part extends email/base.html (the site's
name and colours, one button for the email's action), the text part email/base.txt. They render in
the recipient's language and zone.

Subjects and text parts are not HTML: they render without autoescaping, so that a title such as
`Q&A <due>` arrives as typed. The HTML part escapes as every page does."""

import re
import zoneinfo
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string
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


def render_plain(template_name: str, context: dict) -> str:
    """A subject or text part: the template rendered with autoescaping off."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def one_line(subject: str) -> str:
    """A subject is one line, whatever the template's line breaks."""
    return " ".join(subject.split())


def render_email(
    name: str,
    context: dict,
    *,
    language: str = "",
    zone: str = "UTC",
    unsubscribe_url: str = "",
    stop_url: str = "",
) -> RenderedEmail:
    """`unsubscribe_url` is the one-click List-Unsubscribe link; `stop_url` (people without an
    account) the page that stops all email to the address."""
    context = {
        **context,
        "site_name": settings.IGFMAG_SITE_NAME,
        "site_url": settings.IGFMAG_SITE_URL.rstrip("/"),
        "unsubscribe_url": unsubscribe_url,
        "stop_url": stop_url,
    }
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(zoneinfo.ZoneInfo(zone)):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + one_line(
            render_plain(f"notifications/email/{name}_subject.txt", context)
        )
        text = render_plain(f"notifications/email/{name}_body.txt", context)
        html = render_to_string(f"notifications/email/{name}_body.html", {**context, "subject": subject})
    # Blocks a template leaves empty would leave runs of blank lines: one blank line at most.
    text = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip() + "\n"
    return RenderedEmail(subject, text, html, unsubscribe_url)


def with_attachments(email: RenderedEmail, *attachments: Attachment) -> RenderedEmail:
    return replace(email, attachments=email.attachments + attachments)


def render_for_user(name: str, context: dict, *, user, unsubscribe_url: str = "") -> RenderedEmail:
    return render_email(
        name,
        {**context, "recipient": user, "preferences_url": absolute_url(reverse("notification_preferences"))},
        language=user.language,
        zone=user.time_zone,
        unsubscribe_url=unsubscribe_url,
    )
