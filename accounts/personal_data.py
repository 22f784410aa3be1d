"""Everything the site holds about one person, for them to take away (issue 17, point 5).

accounts knows the person, their call hours and the audit log; the apps above it know the rest
(memberships, answers, attendance, emails ...). accounts imports none of them: it sends
`signals.personal_data_requested`, and each app's `personal_data` module answers with its
sections. The whole is one JSON document, in a ZIP beside a README that says what each part is.

What the file never holds, whoever wrote it: another person's email address (every text is
passed through `without_other_addresses`), a secret that acts for the person (sign-in codes and
links are already hidden in the outbox's copy, and an account email's body is left out; private
link tokens, the calendar feed's and the unsubscribe link's are never read), or another
person's answers. Every time is ISO 8601 in UTC.

Each section reads a fixed number of queries, whatever the amount of data it holds.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import PROFILE_FIELDS, AuditEvent, CallHours, User
from .signals import personal_data_requested

# The README's lines, for any text editor.
README_WIDTH = 78
# What the file says it is, so that a later shape can be told apart.
FORMAT = "igfmag-personal-data/1"

# Roughly what an address looks like in free text: enough to catch every one the site stores
# (EmailField values), wider than that rather than narrower.
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class Section:
    """One part of the file: `key` names it in the JSON (fixed, English), `title` in the README
    (in the reader's language), `rows` is a list of plain dicts (or one dict, for a setting)."""

    key: str
    title: str
    rows: list[dict] | dict | None
    note: str = ""

    @property
    def count(self) -> int:
        if self.rows is None:
            return 0
        return len(self.rows) if isinstance(self.rows, list) else 1


@dataclass
class PersonalData:
    user_id: int
    generated_at: datetime
    sections: list[Section] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "format": FORMAT,
            "generated_at": iso(self.generated_at),
            "person_id": self.user_id,
            **{section.key: section.rows for section in self.sections},
        }


def iso(value):
    """A time as ISO 8601 in UTC ("2021-07-14T15:00:00Z"), a date or a clock time as ISO too;
    None stays None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def without_other_addresses(value, own: set[str]):
    """`value` (a text, or lists and dicts of them, as JSON holds them) with every email address
    that is not one of the person's own replaced by a placeholder."""
    if isinstance(value, str):
        return _ADDRESS.sub(
            lambda match: match.group(0) if match.group(0).lower() in own else _("[address withheld]"), value
        )
    if isinstance(value, list | tuple):
        return [without_other_addresses(item, own) for item in value]
    if isinstance(value, dict):
        return {key: without_other_addresses(item, own) for key, item in value.items()}
    return value


def own_addresses(user: User) -> set[str]:
    """The person's addresses, lower case: the account's and those allauth has verified for it (one
    query). Not an unverified one: anyone may type another's address there, and the file gives
    what was sent to these addresses."""
    addresses = {user.email.lower()}
    addresses.update(
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    return addresses


def personal_data_of(*, user: User, now: datetime | None = None) -> PersonalData:
    """Everything the site holds about `user`: accounts' own sections, then each app's, in the
    order of INSTALLED_APPS. A fixed number of queries, whatever the person did."""
    own = own_addresses(user)
    data = PersonalData(user_id=user.pk, generated_at=now or timezone.now())
    data.sections += _account_sections(user, own)
    for _receiver, sections in personal_data_requested.send(sender=User, user=user, own_addresses=own):
        data.sections += sections
    for section in data.sections:
        section.rows = without_other_addresses(section.rows, own)
    return data


def _account_sections(user: User, own: set[str]) -> list[Section]:
    profile = {
        "email": user.email,
        **{name: getattr(user, name) for name in PROFILE_FIELDS},
        "role": user.role,
        "role_label": user.get_role_display(),
        "requested_role": user.requested_role,
        "role_requested_at": iso(user.role_requested_at),
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "has_password": user.has_usable_password(),
    }
    addresses = [
        {"email": row["email"], "verified": row["verified"], "primary": row["primary"]}
        for row in EmailAddress.objects.filter(user=user)
        .values("email", "verified", "primary")
        .order_by("id")
    ]
    # That it is on and since when: never the authenticator's secret or its recovery codes.
    two_factor = [
        {"type": row["type"], "created_at": iso(row["created_at"]), "last_used_at": iso(row["last_used_at"])}
        for row in Authenticator.objects.filter(user=user)
        .values("type", "created_at", "last_used_at")
        .order_by("id")
    ]
    hours = (
        CallHours.objects.filter(user=user)
        .values("days", "never_before", "never_after", "updated_at")
        .first()
    )
    if hours:
        hours = {
            "days": hours["days"],
            "never_before": iso(hours["never_before"]),
            "never_after": iso(hours["never_after"]),
            "updated_at": iso(hours["updated_at"]),
        }
    return [
        Section("profile", _("Your profile"), profile),
        Section("email_addresses", _("Your email addresses"), addresses),
        Section(
            "two_factor",
            _("Two-factor authentication (the kinds you use, without their secrets)"),
            two_factor,
        ),
        Section(
            "call_hours",
            _("When you can take calls"),
            hours,
            note=_("Empty if you set none: then the default night (22:00–07:00) holds."),
        ),
        Section("audit_log", _("Audit log entries about you or made by you"), _audit_rows(user)),
    ]


def _audit_rows(user: User) -> list[dict]:
    """The audit log's entries the person made or that are about them, with the other person
    named (never their address)."""
    events = (
        AuditEvent.objects.filter(Q(actor=user) | Q(subject=user))
        .select_related("actor", "subject")
        .order_by("created_at", "id")
    )
    you = pgettext("who did or is named in an audit entry", "you")
    return [
        {
            "at": iso(event.created_at),
            "action": event.action,
            "action_label": event.get_action_display(),
            "by": you if event.actor_id == user.pk else (event.actor.name if event.actor else None),
            "about": you if event.subject_id == user.pk else (event.subject.name if event.subject else None),
            "target": event.target,
            "details": event.details,
        }
        for event in events
    ]


def readme_text(data: PersonalData) -> str:
    lines = [
        _("Everything the IGF MAG site holds about you, as of %(when)s (UTC).")
        % {"when": iso(data.generated_at)},
        "",
        textwrap.fill(
            _(
                "data.json holds it all, one part per heading below (the name in brackets is the "
                "part's name in the file). Times are in UTC, in ISO 8601. Other people's email "
                "addresses are withheld, and so are codes and links that act for you (shown as dots)."
            ),
            width=README_WIDTH,
        ),
        "",
    ]
    for section in data.sections:
        lines.append(f"{section.title} [{section.key}]: {section.count}")
        if section.note:
            lines.append(textwrap.indent(textwrap.fill(section.note, width=README_WIDTH - 2), "  "))
    return "\n".join(lines) + "\n"


def personal_data_archive(*, user: User, now: datetime | None = None) -> bytes:
    """The ZIP the person downloads: data.json and README.txt."""
    data = personal_data_of(user=user, now=now)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data.as_json(), ensure_ascii=False, indent=2))
        archive.writestr("README.txt", readme_text(data))
    return buffer.getvalue()


def archive_filename(now: datetime) -> str:
    return f"igfmag-my-data-{now.astimezone(UTC):%Y%m%d}.zip"
