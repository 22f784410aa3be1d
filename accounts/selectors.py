import hashlib
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .enums import StakeholderGroup, UNRegion
from .models import AuditEvent, CallHours, User
from .services import RosterChange, RosterRow, roster_fingerprint, roster_row_changes


def call_hours_of(*, user: User) -> CallHours | None:
    """The person's own call hours, or None when they set none."""
    return CallHours.objects.filter(user=user).first()


def audit_events() -> QuerySet[AuditEvent]:
    """The audit log, newest first, with the people named on each row fetched in the same query."""
    return AuditEvent.objects.select_related("actor", "subject").order_by("-created_at", "-id")


# A page of the audit log shows its events ("audit": every new one) and names people: a rename (by
# the person, the admin or allauth, audited or not) bumps "people".
AUDIT_LOG_VERSIONS = ("people", "audit")


def audit_log_key(query) -> str:
    """What a cached page of the audit log varies by besides AUDIT_LOG_VERSIONS: the language and
    time zone it is written in, and the page asked for. The same for every member of the
    secretariat, the only readers."""
    cursor = hashlib.sha256(f"{query.get('older', '')}|{query.get('newer', '')}".encode()).hexdigest()[:16]
    return f"audit-log:{get_language()}:{timezone.get_current_timezone_name()}:{cursor}"


def role_claims_pending() -> QuerySet[User]:
    """Role claims waiting for the secretariat, oldest first, each with `queued_at`: when it was made,
    or for a claim set without that moment (the admin), when the account was made; so that every row
    has a moment to page by."""
    return (
        User.objects.exclude(requested_role="")
        .annotate(queued_at=Coalesce("role_requested_at", "date_joined"))
        .order_by("queued_at", "id")
    )


@dataclass(frozen=True)
class RosterPreviewRow:
    row: RosterRow
    user: User | None
    changes: list[RosterChange]

    @property
    def group_label(self):
        return StakeholderGroup(self.row.stakeholder_group).label

    @property
    def region_label(self):
        return UNRegion(self.row.un_region).label

    def described_changes(self) -> list[tuple[str, str, str]]:
        """(what, before, after) in words: ('Stakeholder group', 'Civil society', 'Government')."""
        described = []
        for change in self.changes:
            field = User._meta.get_field(change.field)
            labels = dict(field.choices or ())
            old, new = (
                str(labels.get(change.old, change.old) or "—"),
                str(labels.get(change.new, change.new) or "—"),
            )
            if change.field == "requested_role":
                described.append((_("Waiting role claim"), old, _("settled by the roster")))
            else:
                described.append((capfirst(str(field.verbose_name)), old, new))
        return described


@dataclass(frozen=True)
class RosterPreview:
    new: list[RosterPreviewRow]
    changed: list[RosterPreviewRow]
    unchanged: list[RosterPreviewRow]
    fingerprint: str


def roster_import_preview(*, rows: list[RosterRow]) -> RosterPreview:
    """What importing `rows` would do, without doing it: the new people, and for people who
    already have an account each field that changes, old and new (one query)."""
    existing = {u.email: u for u in User.objects.filter(email__in=[r.email for r in rows])}
    new, changed, unchanged = [], [], []
    for row in rows:
        user = existing.get(row.email)
        if user is None:
            new.append(RosterPreviewRow(row, None, []))
            continue
        entry = RosterPreviewRow(row, user, roster_row_changes(user, row))
        (changed if entry.changes else unchanged).append(entry)
    return RosterPreview(
        new=new, changed=changed, unchanged=unchanged, fingerprint=roster_fingerprint(existing, rows)
    )
