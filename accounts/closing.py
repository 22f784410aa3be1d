"""Closing an account (issue 17): the person's name and address leave the site at once, what they
took part in stays counted without them.

`account_close` is the one service; the apps above accounts do their part through the
`account_closing` signal (accounts/signals.py), in the same transaction: teams ends memberships and
facilitator roles, schedule drops busy calendars and feeds, notifications drops unsent mail and
preferences, proposals blanks panels. The row itself stays, anonymous (models.CLOSED_NAME and
`closed_address`): poll answers, meeting attendance, action items and records keep pointing at it,
and every page shows it as "Closed account".
"""

from __future__ import annotations

import re
import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from common.versions import KNOWN, version_bump

from .enums import AuditAction, Role
from .models import CLOSED_DOMAIN, CLOSED_NAME, AuditEvent, CallHours, User, closed_address
from .services import audit_record
from .signals import account_closing

_DB_SESSIONS = "django.contrib.sessions.backends.db"


def account_close_refusal(user: User) -> str:
    """Why `user` may not close their account now, in words for them; "" when they may.

    The site needs someone to run it: the last active secretariat account (or superuser) stays
    until another person holds the role. Reads without locking; the service asks again, locked."""
    if not (user.is_superuser or user.role == Role.SECRETARIAT):
        return ""
    others = (
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.SECRETARIAT) | Q(is_superuser=True))
        .exclude(pk=user.pk)
        .exclude(email__endswith="@" + CLOSED_DOMAIN)
    )
    if others.exists():
        return ""
    return _(
        "You are the last secretariat account: give another person the secretariat role "
        "before you close yours, so that someone can still run the site."
    )


@transaction.atomic
def account_close(*, user: User) -> User:
    """Close `user`'s account, at their request: one transaction, all or nothing.

    - The row stays, anonymous: the name becomes "Closed account", the address a unique one that no
      mail reaches, the profile's other fields empty, the role community, no password, inactive.
    - allauth's addresses and authenticators, call hours, sessions and permission rows go.
    - The apps above (the `account_closing` signal) end memberships and facilitator roles, and drop
      busy calendars, feeds, unsent mail, preferences, a panel's copy of the address.
    - Poll answers, meeting attendance and records keep pointing at the row: counted, anonymous.
    - The audit entries about the person keep their event and time, without target or details;
      other entries that wrote the address keep the event with the address replaced.
    - One audit entry "Account closed", with no personal data.
    - Every cached page's versions move on, so that no page keeps the old name.

    Closing a closed account changes nothing. Raises ValidationError for the last secretariat
    account (`account_close_refusal`)."""
    # Locks the secretariat's rows too: two last members closing at once are decided one by one.
    list(
        User.objects.select_for_update()
        .filter(Q(pk=user.pk) | Q(role=Role.SECRETARIAT) | Q(is_superuser=True))
        .values_list("pk", flat=True)
    )
    stored = User.objects.get(pk=user.pk)
    if stored.is_closed:
        return stored
    refusal = account_close_refusal(stored)
    if refusal:
        raise ValidationError(refusal)
    old_email, old_name = stored.email, stored.display_name

    account_closing.send(sender=User, user=stored)

    EmailAddress.objects.filter(user=stored).delete()
    Authenticator.objects.filter(user=stored).delete()
    CallHours.objects.filter(user=stored).delete()
    stored.groups.clear()
    stored.user_permissions.clear()
    _sessions_end(stored)

    stored.email = closed_address(stored.pk)
    stored.display_name = CLOSED_NAME
    stored.organisation = ""
    stored.stakeholder_group = ""
    stored.un_region = ""
    stored.time_zone = "UTC"
    stored.gender = ""
    stored.language = ""
    stored.role = Role.COMMUNITY
    stored.requested_role = ""
    stored.role_requested_at = None
    stored.is_superuser = False
    stored.is_active = False
    stored.last_login = None
    stored.set_unusable_password()
    stored.save()

    _audit_scrub(stored, old_email=old_email, old_name=old_name)
    # No details: the secretariat sees that an account was closed, not what it held.
    audit_record(actor=None, action=AuditAction.ACCOUNT_CLOSED, subject=stored)
    # Names are cached in many pages' fragments (rosters, poll grids, the audit log, meetings,
    # proposals, the programme): a closing is rare, and a stale name must not outlive it anywhere.
    version_bump(*sorted(KNOWN))
    return stored


def _sessions_end(user: User) -> None:
    """Sign the person out everywhere. The unusable password already voids their sessions' hash and
    the inactive flag refuses them; the rows themselves go too, so nothing keeps their id."""
    if settings.SESSION_ENGINE != _DB_SESSIONS:
        return
    mine = str(user.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == mine
    ]
    Session.objects.filter(pk__in=ended).delete()


def _audit_scrub(user: User, *, old_email: str, old_name: str) -> None:
    """The audit entries about the person keep what happened and when, not what it held: their
    target and details go. Entries about others that wrote the address down (a handover, a roster
    import) keep it replaced by the closed account's."""
    AuditEvent.objects.filter(subject=user).update(target="", details={})
    audit_forget_address(old_email, user.email, name=old_name)


def audit_forget_address(address: str, replacement: str, *, name: str = "") -> int:
    """Every audit entry that wrote `address` down (in its target or details, whatever its case)
    keeps its event with `replacement` instead; a detail that is exactly `name` becomes the closed
    account's name. For a closed account and a forgotten guest. Returns the entries changed."""
    if not address:
        return 0
    mentions = AuditEvent.objects.annotate(details_text=Cast("details", TextField())).filter(
        Q(target__icontains=address) | Q(details_text__icontains=address)
    )
    pattern = re.compile(re.escape(address), re.IGNORECASE)

    def scrub(value):
        if isinstance(value, str):
            if name and value == name:
                return CLOSED_NAME
            return pattern.sub(replacement, value)
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        return value

    changed = 0
    for event in mentions:
        event.target = scrub(event.target)
        event.details = scrub(event.details)
        event.save(update_fields=["target", "details"])
        changed += 1
    # The bulk update above sends no signal: the log's pages get their new version here.
    version_bump("audit")
    return changed


def forgotten_address() -> str:
    """An address for a guest who asked to be forgotten: under the reserved domain no mail reaches,
    unique (a guest is one row per poll and meeting; all of one guest's rows take the same one)."""
    return f"forgotten-{secrets.token_hex(8)}@{CLOSED_DOMAIN}"
