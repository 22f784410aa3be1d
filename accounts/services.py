"""State changes of people: profiles, role claims and confirmations, the MAG roster import.

Every change writes an AuditEvent in the same transaction.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .enums import CLAIMABLE_ROLES, AuditAction, Role
from .models import AuditEvent, User


def audit_record(*, actor: User | None, action: str, subject: User | None = None, target: str = "", **details):
    """Write one audit-log row. Call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        subject=subject,
        target=str(target)[:300],
        details=details,
    )


PROFILE_FIELDS = (
    "display_name", "organisation", "stakeholder_group", "un_region", "time_zone", "gender", "language",
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
        audit_record(actor=stored, action=AuditAction.PROFILE_UPDATED, subject=stored, target=stored.email,
                     fields=changed)
    if claimed_role:
        user_claim_role(user=stored, role=claimed_role)
    return stored


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


@transaction.atomic
def role_claims_decide(*, actor: User, users: Iterable[User], confirm: bool) -> int:
    """The secretariat confirms or declines waiting role claims, one or many at once. Returns how many."""
    count = 0
    locked = User.objects.select_for_update().filter(pk__in=[u.pk for u in users]).exclude(requested_role="")
    for user in locked:
        role = user.requested_role
        if confirm:
            user.role = role
        user.requested_role = ""
        user.role_requested_at = None
        user.save(update_fields=["role", "requested_role", "role_requested_at"])
        audit_record(
            actor=actor,
            action=AuditAction.ROLE_CONFIRMED if confirm else AuditAction.ROLE_DECLINED,
            subject=user, target=user.email, role=role,
        )
        if confirm:
            _memberships_follow_role(actor=actor, user=user)
        count += 1
    return count


@transaction.atomic
def user_set_role(*, actor: User, user: User, role: str) -> User:
    """The secretariat gives someone a role directly (also how a MAG term ends: MAG → past MAG)."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    previous = user.role
    if previous == role and not user.requested_role:
        return user
    user.role = role
    user.requested_role = ""
    user.role_requested_at = None
    user.save(update_fields=["role", "requested_role", "role_requested_at"])
    audit_record(actor=actor, action=AuditAction.ROLE_CHANGED, subject=user, target=user.email,
                 previous=previous, role=role)
    _memberships_follow_role(actor=actor, user=user)
    return user


def _memberships_follow_role(*, actor: User, user: User) -> None:
    # Imported here: teams.services imports this module (audit_record), a real cycle at import time.
    from teams.services import memberships_follow_role

    memberships_follow_role(actor=actor, user=user)


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    email: str
    stakeholder_group: str
    un_region: str


@dataclass(frozen=True)
class RosterImportResult:
    created: int
    updated: int


@transaction.atomic
def mag_roster_import(*, actor: User, rows: list[RosterRow]) -> RosterImportResult:
    """Make every row a confirmed current MAG member: all rows or none (one transaction).

    Rows are validated by the form before they reach this function; an existing account keeps
    its own display name if it set one, and takes the roster's group and region.
    """
    existing = {u.email: u for u in User.objects.select_for_update().filter(email__in=[r.email for r in rows])}
    created = updated = 0
    for row in rows:
        user = existing.get(row.email)
        if user is None:
            user = User.objects.create_user(
                email=row.email, display_name=row.name, stakeholder_group=row.stakeholder_group,
                un_region=row.un_region, role=Role.MAG,
            )
            created += 1
        else:
            user.display_name = user.display_name or row.name
            user.stakeholder_group = row.stakeholder_group
            user.un_region = row.un_region
            user.role = Role.MAG if user.role != Role.SECRETARIAT else user.role
            user.requested_role = ""
            user.role_requested_at = None
            user.save()
            updated += 1
    audit_record(actor=actor, action=AuditAction.ROSTER_IMPORTED, target=f"{len(rows)} rows",
                 created=created, updated=updated)
    return RosterImportResult(created=created, updated=updated)
