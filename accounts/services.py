"""State changes of people: profiles, role claims and confirmations, the MAG roster import.

Every change writes an AuditEvent in the same transaction. Every change of a role goes through
`role_change_validate` before it is saved and sends `role_changed` after (accounts/signals.py), so
that the apps that depend on roles refuse or follow it whichever way it comes: the admin, the
review of role claims, the roster import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .enums import CLAIMABLE_ROLES, AuditAction, Role, StakeholderGroup, UNRegion
from .models import PROFILE_FIELDS, AuditEvent, CallHours, User
from .signals import role_changed, role_changing


def audit_record(
    *, actor: User | None, action: str, subject: User | None = None, target: str = "", **details
):
    """Write one audit-log row. Call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        subject=subject,
        target=str(target)[:300],
        details=details,
    )


@transaction.atomic
def profile_update(*, user: User, data: dict, claimed_role: str = "") -> User:
    """Save the profile fields in `data`; a claimed MAG or past-MAG role goes to the secretariat's queue."""
    # Compare with the stored row, not with `user`: a bound ModelForm has already changed that object.
    stored = User.objects.select_for_update().get(pk=user.pk)
    changed = [field for field in PROFILE_FIELDS if field in data and getattr(stored, field) != data[field]]
    for field in changed:
        setattr(stored, field, data[field])
    stored.full_clean(exclude=["password"])
    if changed:
        stored.save(update_fields=changed)
        audit_record(
            actor=stored,
            action=AuditAction.PROFILE_UPDATED,
            subject=stored,
            target=stored.email,
            fields=changed,
        )
    if claimed_role:
        user_claim_role(user=stored, role=claimed_role)
    return stored


@transaction.atomic
def call_hours_set(*, user: User, hours: dict | None) -> CallHours | None:
    """Set when `user` can take calls: `hours` holds `days` ({"4": ["09:00", "17:00"], "5": []}: a
    weekday, Monday "0", with its hours or [] for any time of the day; a weekday missing is off),
    `never_before` and `never_after` (times or None). None clears them: the default night
    (22:00 to 07:00) holds again. Audited as a profile change; only the fields' name is written."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    existing = CallHours.objects.filter(user=stored).first()
    if hours is None:
        if existing is None:
            return None  # nothing set, nothing to clear: no audit row
        existing.delete()
        record = None
    else:
        record = existing or CallHours(user=stored)
        record.days = {str(day): list(span) for day, span in hours["days"].items()}
        record.never_before = hours.get("never_before")
        record.never_after = hours.get("never_after")
        record.full_clean(exclude=["user"])
        record.save()
    audit_record(
        actor=stored,
        action=AuditAction.PROFILE_UPDATED,
        subject=stored,
        target=stored.email,
        fields=["call_hours"],
    )
    return record


@transaction.atomic
def user_claim_role(*, user: User, role: str) -> User:
    """The person says they are a current or past MAG member; the secretariat confirms later.

    Claiming the role one already holds, or the claim already waiting, changes nothing.
    """
    if role not in CLAIMABLE_ROLES:
        raise ValueError(f"{role!r} cannot be claimed")
    if user.role == role or user.requested_role == role or user.role == Role.SECRETARIAT:
        return user
    user.requested_role = role
    user.role_requested_at = timezone.now()
    user.save(update_fields=["requested_role", "role_requested_at"])
    audit_record(actor=user, action=AuditAction.ROLE_CLAIMED, subject=user, target=user.email, role=role)
    return user


def role_change_validate(*, actor: User | None, user: User, role: str) -> None:
    """Raise ValidationError, with a message for `actor`, if giving `user` the role `role` is refused
    (a facilitator's MAG term cannot end before their roles are reassigned: teams decides). Changes
    nothing: forms call it to show the refusal on the form; the services call it before saving."""
    if role != user.role:
        role_changing.send(sender=User, user=user, previous=user.role, role=role, actor=actor)


def _role_changed(*, actor: User | None, user: User, previous: str) -> None:
    if previous != user.role:
        role_changed.send(sender=User, user=user, previous=previous, role=user.role, actor=actor)


@transaction.atomic
def role_claims_decide(*, actor: User, users: Iterable[User], confirm: bool) -> int:
    """The secretariat confirms or declines waiting role claims, one or many at once: all or none.
    Returns how many were decided."""
    count = 0
    locked = User.objects.select_for_update().filter(pk__in=[u.pk for u in users]).exclude(requested_role="")
    for user in locked:
        role, previous = user.requested_role, user.role
        if confirm:
            role_change_validate(actor=actor, user=user, role=role)
        _role_store(user, role if confirm else previous)
        audit_record(
            actor=actor,
            action=AuditAction.ROLE_CONFIRMED if confirm else AuditAction.ROLE_DECLINED,
            subject=user,
            target=user.email,
            role=role,
        )
        _role_changed(actor=actor, user=user, previous=previous)
        count += 1
    return count


def _role_store(user: User, role: str) -> None:
    """Save the person's role; any claim they had waiting is settled by it."""
    user.role = role
    user.requested_role = ""
    user.role_requested_at = None
    user.save(update_fields=["role", "requested_role", "role_requested_at"])


@transaction.atomic
def user_set_role(*, actor: User, user: User, role: str) -> User:
    """The secretariat gives someone a role directly (also how a MAG term ends: MAG → past MAG)."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    previous = user.role
    if previous == role and not user.requested_role:
        return user
    role_change_validate(actor=actor, user=user, role=role)
    _role_store(user, role)
    audit_record(
        actor=actor,
        action=AuditAction.ROLE_CHANGED,
        subject=user,
        target=user.email,
        previous=previous,
        role=role,
    )
    _role_changed(actor=actor, user=user, previous=previous)
    return user


# A MAG has about 40 members; a file ten times the size of any past roster is a mistake.
ROSTER_MAX_ROWS = 1_000


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    email: str
    stakeholder_group: str
    un_region: str


@dataclass(frozen=True)
class RosterChange:
    """One field an import changes on an existing account: the stored value and the roster's."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RosterImportResult:
    created: int
    updated: int


def roster_row_changes(user: User, row: RosterRow) -> list[RosterChange]:
    """What importing `row` changes on the existing account `user` (nothing is saved here): the
    display name if it has none, the stakeholder group and region, the role (MAG, except for the
    secretariat) and a waiting role claim, which the import settles."""
    wanted = {
        "display_name": user.display_name or row.name,
        "stakeholder_group": row.stakeholder_group,
        "un_region": row.un_region,
        "role": user.role if user.role == Role.SECRETARIAT else Role.MAG,
        "requested_role": "",
    }
    return [
        RosterChange(field, getattr(user, field), value)
        for field, value in wanted.items()
        if getattr(user, field) != value
    ]


def roster_fingerprint(users_by_email: dict[str, User], rows: list[RosterRow]) -> str:
    """A digest of everything an import would do.

    A confirmation applies exactly what its preview showed: it recomputes this and compares.
    """
    parts = []
    for row in rows:
        user = users_by_email.get(row.email)
        changes = (
            ["new", row.name, row.stakeholder_group, row.un_region]
            if user is None
            else [f"{c.field}:{c.old}>{c.new}" for c in roster_row_changes(user, row)]
        )
        parts.append("\x1f".join([row.email, *changes]))
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def _roster_validate(rows: list[RosterRow]) -> None:
    """The form checks each row with line numbers; this guards the service against any other caller."""
    if not rows:
        raise ValidationError(_("The roster has no rows."))
    if len(rows) > ROSTER_MAX_ROWS:
        raise ValidationError(
            _("A roster has at most %(max)s rows; this one has %(n)s.")
            % {
                "max": number_format(ROSTER_MAX_ROWS, force_grouping=True),
                "n": number_format(len(rows), force_grouping=True),
            }
        )
    emails = [row.email for row in rows]
    if len(set(emails)) != len(emails):
        raise ValidationError(_("Some addresses are listed twice."))
    for row in rows:
        validate_email(row.email)
        if (
            not row.name.strip()
            or len(row.name) > 120
            or row.stakeholder_group not in StakeholderGroup.values
            or row.un_region not in UNRegion.values
        ):
            raise ValidationError(_("Line %(line)d is not a valid roster row.") % {"line": row.line})


@transaction.atomic
def mag_roster_import(
    *, actor: User, rows: list[RosterRow], fingerprint: str | None = None
) -> RosterImportResult:
    """Make every row a confirmed current MAG member: all rows or none (one transaction).

    New addresses get an account; existing accounts change as `roster_row_changes` says (the
    preview shows the same). With `fingerprint` (from the preview), the import is refused if
    anything it would do differs from what the preview showed.
    """
    _roster_validate(rows)
    existing = {
        u.email: u for u in User.objects.select_for_update().filter(email__in=[r.email for r in rows])
    }
    if fingerprint is not None and fingerprint != roster_fingerprint(existing, rows):
        raise ValidationError(
            _(
                "Some of these accounts changed since the preview. Nothing was imported; "
                "upload the file again to see what it would change now."
            )
        )
    created = updated = 0
    changed_emails = []
    for row in rows:
        user = existing.get(row.email)
        if user is None:
            user = User.objects.create_user(
                email=row.email,
                display_name=row.name,
                stakeholder_group=row.stakeholder_group,
                un_region=row.un_region,
                role=Role.MAG,
            )
            created += 1
            continue
        changes = roster_row_changes(user, row)
        previous_role = user.role
        for change in changes:
            if change.field == "role":
                role_change_validate(actor=actor, user=user, role=change.new)
            setattr(user, change.field, change.new)
        if changes:
            if "requested_role" in {c.field for c in changes}:
                user.role_requested_at = None
            user.save()
            changed_emails.append(user.email)
            _role_changed(actor=actor, user=user, previous=previous_role)
        updated += 1
    audit_record(
        actor=actor,
        action=AuditAction.ROSTER_IMPORTED,
        target=f"{len(rows)} rows",
        created=created,
        updated=updated,
        changed=changed_emails[:200],
    )
    return RosterImportResult(created=created, updated=updated)
