"""State changes of the intersessional registry: the secretariat adds and changes entries and
records its checks. Each function is one transaction that also writes the audit log; rules a person
can break raise ValidationError with a message meant for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from teams.models import IssueArea

from .models import ActivityCheck, IntersessionalActivity, validate_past_day

# Addresses of the registry's own pages (registry/urls.py), which an entry's cannot take.
RESERVED_SLUGS = frozenset({"new"})

# What the secretariat may set on an entry (besides its issue areas).
ACTIVITY_FIELDS = (
    "kind",
    "name",
    "slug",
    "description",
    "website",
    "contact_name",
    "contact_email",
    "contact_url",
    "last_active_on",
    "original_language",
    "translations",
)


def _fill(activity: IntersessionalActivity, fields: dict) -> None:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"not a registry field: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(activity, name, value)
    if not activity.slug:
        activity.slug = slugify(activity.name or "")[:80]
        if not activity.slug:
            raise ValidationError(
                {"slug": _("Give a short name for the address, in Latin letters, digits and hyphens.")}
            )
    if activity.slug in RESERVED_SLUGS:
        raise ValidationError(
            {
                "slug": _("“%(slug)s” is taken by a page of the registry; choose another.")
                % {"slug": activity.slug}
            }
        )


def _save(activity: IntersessionalActivity, areas: Iterable[IssueArea]) -> None:
    activity.full_clean()
    try:
        with transaction.atomic():  # a savepoint: the same name saved at once by two people
            activity.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("Another entry has this name or address; choose another.")}
        ) from None
    activity.areas.set(areas)


@transaction.atomic
def activity_create(*, actor: User, areas: Iterable[IssueArea] = (), **fields) -> IntersessionalActivity:
    """A new entry in the registry, checked whole before anything is written."""
    activity = IntersessionalActivity()
    _fill(activity, fields)
    _save(activity, list(areas))
    audit_record(
        actor=actor, action=AuditAction.REGISTRY_ENTRY_CREATED, target=activity.name, kind=activity.kind
    )
    return activity


@transaction.atomic
def activity_update(
    *, actor: User, activity: IntersessionalActivity, areas: Iterable[IssueArea] = (), **fields
) -> IntersessionalActivity:
    """Change an entry. Nothing is written unless the whole of it is valid."""
    stored = IntersessionalActivity.objects.select_for_update().get(pk=activity.pk)
    before = {name: getattr(stored, name) for name in ACTIVITY_FIELDS}
    before_areas = set(stored.areas.values_list("pk", flat=True))
    _fill(stored, fields)
    areas = list(areas)
    changed = [name for name in ACTIVITY_FIELDS if getattr(stored, name) != before[name]]
    if {area.pk for area in areas} != before_areas:
        changed.append("areas")
    stored.updated_at = timezone.now()
    _save(stored, areas)
    if changed:
        audit_record(
            actor=actor, action=AuditAction.REGISTRY_ENTRY_CHANGED, target=stored.name, changed=changed
        )
    return stored


@transaction.atomic
def check_record(
    *,
    actor: User,
    activity: IntersessionalActivity,
    checked_on: date,
    outcome: str,
    note: str = "",
    last_active_on: date | None = None,
) -> ActivityCheck:
    """The secretariat's check of whether a body fulfils its obligations. When the check saw a later
    activity than the registry knew (`last_active_on`), the entry's last activity moves forward to
    it; an earlier date changes nothing there (the entry's own form corrects a date)."""
    stored = IntersessionalActivity.objects.select_for_update().get(pk=activity.pk)
    check = ActivityCheck(
        activity=stored, checked_on=checked_on, checked_by=actor, outcome=outcome, note=note
    )
    check.full_clean(exclude=["activity", "checked_by"])
    moved = last_active_on is not None and last_active_on > stored.last_active_on
    if moved:
        try:
            validate_past_day(last_active_on)
        except ValidationError as error:
            raise ValidationError({"last_active_on": error.messages}) from None
        stored.last_active_on = last_active_on
        stored.updated_at = timezone.now()
        stored.save(update_fields=["last_active_on", "updated_at"])
    check.save()
    audit_record(
        actor=actor,
        action=AuditAction.REGISTRY_CHECK_RECORDED,
        target=stored.name,
        outcome=outcome,
        checked_on=checked_on.isoformat(),
        **({"last_active_on": last_active_on.isoformat()} if moved else {}),
    )
    return check
