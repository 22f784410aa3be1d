"""The pool of rooms and online channels and their bookings. A resource is never booked twice at
once: the service locks the resource's row and looks for an overlapping booking inside its
transaction, naming it when there is one; on PostgreSQL an exclusion constraint (migration 0002)
backs the check under concurrent requests, and its refusal is told the same way."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.services import audit_record

from ..models import ProgrammeSession, Resource, ResourceBooking

RESOURCE_ADDED = AuditAction.PROGRAMME_RESOURCE_ADDED
RESOURCE_CHANGED = AuditAction.PROGRAMME_RESOURCE_CHANGED
RESOURCE_BOOKED = AuditAction.PROGRAMME_RESOURCE_BOOKED
RESOURCE_RELEASED = AuditAction.PROGRAMME_RESOURCE_RELEASED

RESOURCE_FIELDS = ("name", "kind", "capacity", "join_url", "notes", "is_active")


def _holder_title(booking: ResourceBooking) -> str:
    return booking.session.title if booking.session_id else booking.meeting.title


def clash_message(resource: Resource, booking: ResourceBooking) -> str:
    """“Zoom 2 is booked 14:00–15:30 UTC for ‘Youth session’.”"""
    span = f"{booking.starts_at:%Y-%m-%d %H:%M}–{booking.ends_at:%H:%M} UTC"
    return _("%(resource)s is booked %(span)s for “%(holder)s”.") % {
        "resource": resource.name,
        "span": span,
        "holder": _holder_title(booking),
    }


def _no_overlap(resource: Resource, starts_at: datetime, ends_at: datetime, *, exclude=None) -> None:
    """Locks the resource and refuses, naming the booking in the way, when the span overlaps one."""
    Resource.objects.select_for_update().filter(pk=resource.pk).first()
    clash = (
        ResourceBooking.objects.filter(resource=resource, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(pk=getattr(exclude, "pk", None))
        .select_related("session", "meeting")
        .first()
    )
    if clash is not None:
        raise ValidationError(clash_message(resource, clash))


def _save_booking(booking: ResourceBooking) -> None:
    """Saves in a savepoint; the PostgreSQL constraint's refusal (a booking made meanwhile by another
    request) becomes the same message as the check's."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if "resource_booking_no_overlap" not in str(error):
            raise
        _no_overlap(booking.resource, booking.starts_at, booking.ends_at, exclude=booking)
        raise ValidationError(
            _("%(resource)s was booked meanwhile at that time.") % {"resource": booking.resource.name}
        ) from error


@transaction.atomic
def resource_save(*, actor, resource: Resource | None = None, **fields) -> Resource:
    """A resource added, or its name, kind, capacity, link and notes changed, or retired (`is_active`)."""
    added = resource is None or resource.pk is None
    resource = Resource() if added else Resource.objects.select_for_update().get(pk=resource.pk)
    for name, value in fields.items():
        if name not in RESOURCE_FIELDS:
            raise TypeError(name)
        setattr(resource, name, value)
    resource.full_clean()
    resource.save()
    audit_record(
        actor=actor,
        action=RESOURCE_ADDED if added else RESOURCE_CHANGED,
        target=resource.name,
        resource=resource.pk,
        is_active=resource.is_active,
    )
    return resource


def _active(resource: Resource) -> Resource:
    if not resource.is_active:
        raise ValidationError(
            _("%(resource)s is retired: it cannot be booked.") % {"resource": resource.name}
        )
    return resource


@transaction.atomic
def book_session(*, actor, resource: Resource, session: ProgrammeSession) -> ResourceBooking:
    """The resource held for the session's time; a channel's link fills the session's if it has none."""
    session = ProgrammeSession.objects.select_for_update().get(pk=session.pk)
    _active(resource)
    if not session.is_placed:
        raise ValidationError(_("Place the session in time before you book a room or a channel for it."))
    if ResourceBooking.objects.filter(resource=resource, session=session).exists():
        raise ValidationError(
            _("%(resource)s is booked for this session already.") % {"resource": resource.name}
        )
    _no_overlap(resource, session.starts_at, session.ends_at)
    booking = ResourceBooking(
        resource=resource,
        session=session,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        created_by=actor,
    )
    booking.full_clean(validate_constraints=False)
    _save_booking(booking)
    if not session.join_url and resource.join_url:
        session.join_url = resource.join_url
        session.save(update_fields=["join_url"])
    audit_record(
        actor=actor, action=RESOURCE_BOOKED, target=resource.name, session=session.pk, booking=booking.pk
    )
    return booking


@transaction.atomic
def book_meeting(*, actor, resource: Resource, meeting) -> ResourceBooking:
    """The resource held for a group's meeting, from its start to its end."""
    _active(resource)
    if ResourceBooking.objects.filter(resource=resource, meeting=meeting).exists():
        raise ValidationError(
            _("%(resource)s is booked for this meeting already.") % {"resource": resource.name}
        )
    _no_overlap(resource, meeting.start, meeting.end)
    booking = ResourceBooking(
        resource=resource, meeting=meeting, starts_at=meeting.start, ends_at=meeting.end, created_by=actor
    )
    booking.full_clean(validate_constraints=False)
    _save_booking(booking)
    audit_record(
        actor=actor, action=RESOURCE_BOOKED, target=resource.name, meeting=meeting.pk, booking=booking.pk
    )
    return booking


@transaction.atomic
def booking_release(*, actor, booking: ResourceBooking) -> None:
    """A booking given up: the resource is free at that time."""
    audit_record(
        actor=actor,
        action=RESOURCE_RELEASED,
        target=booking.resource.name,
        session=booking.session_id,
        meeting=booking.meeting_id,
        starts_at=booking.starts_at.isoformat(),
    )
    booking.delete()


def bookings_follow(*, actor, session: ProgrammeSession) -> None:
    """A session's bookings moved to its new time (called inside the session's transaction), or the
    move refused, naming the booking in the way; taken out of time, it holds nothing."""
    bookings = list(session.bookings.select_related("resource"))
    if not session.is_placed:
        for booking in bookings:
            booking_release(actor=actor, booking=booking)
        return
    ends_at = session.starts_at + timedelta(minutes=session.minutes)
    for booking in bookings:
        if (booking.starts_at, booking.ends_at) == (session.starts_at, ends_at):
            continue
        _no_overlap(booking.resource, session.starts_at, ends_at, exclude=booking)
        booking.starts_at, booking.ends_at = session.starts_at, ends_at
        _save_booking(booking)
