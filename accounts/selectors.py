from django.db.models import QuerySet

from .models import AuditEvent, User


def audit_events() -> QuerySet[AuditEvent]:
    """The audit log, newest first, with the people named on each row fetched in the same query."""
    return AuditEvent.objects.select_related("actor", "subject").order_by("-created_at", "-id")


def role_claims_pending() -> QuerySet[User]:
    return User.objects.exclude(requested_role="").order_by("role_requested_at", "id")
