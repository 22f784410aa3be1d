"""What the secretariat changes while building a year's programme: one function per POST, each in
one transaction, with an audit row, saying in words what it refuses.

A change a calendar shows (time, length, title, cancelling or restoring) raises the session's
`sequence` and `updated_at`, so that the .ics it is sent as replaces the one people hold."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.services import audit_record
from review.models import Entry
from teams.enums import GroupKind

from ..enums import Convener, SessionStatus
from ..models import ProgrammeSession
from .resources import bookings_follow

# The MAG's review outcomes whose entries belong in the programme.
ACCEPTED_STATUSES = ("accepted", "conditional", "format_changed", "condition_met", "preparatory")

# Who convenes a session, from the kind of the group that proposed it.
CONVENER_OF_GROUP = {
    GroupKind.ISSUE_TEAM: Convener.MAG,
    GroupKind.MAG_WORKING_GROUP: Convener.MAG,
    GroupKind.DC_COORDINATION: Convener.DC,
    GroupKind.BPF: Convener.BPF,
    GroupKind.PN: Convener.PN,
    GroupKind.NRI: Convener.NRI,
}

# Audit actions (written as text: the audit log shows the value when it has no label for it).
SESSION_ADDED = AuditAction.PROGRAMME_SESSION_ADDED
SESSION_CHANGED = AuditAction.PROGRAMME_SESSION_CHANGED
SESSION_CANCELLED = AuditAction.PROGRAMME_SESSION_CANCELLED
SESSION_RESTORED = AuditAction.PROGRAMME_SESSION_RESTORED

# What a calendar shows of a session: a change to one of these is a new SEQUENCE.
CALENDAR_FIELDS = ("starts_at", "minutes", "title", "status")
EDITABLE_FIELDS = ("title", "description", "convener", "kind", "minutes", "modality", "venue", "join_url")


def convener_for(team) -> str:
    if team is None:
        return Convener.MAG
    return CONVENER_OF_GROUP.get(team.kind, Convener.MAG)


@transaction.atomic
def session_from_entry(*, actor, entry: Entry) -> ProgrammeSession:
    """ "Add to the programme": a session made from an accepted entry of the review, unplaced."""
    entry = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("round", "proposal", "team")
        .get(pk=entry.pk)
    )
    if entry.status not in ACCEPTED_STATUSES:
        raise ValidationError(
            _("“%(title)s” is not accepted: only accepted proposals go in the programme.")
            % {"title": entry.title}
        )
    if ProgrammeSession.objects.filter(entry=entry).exists():
        raise ValidationError(_("“%(title)s” is in the programme already.") % {"title": entry.title})
    proposal = entry.proposal
    team = entry.team or (proposal.team if proposal else None)
    session = ProgrammeSession(
        cycle_id=entry.round.cycle_id,
        entry=entry,
        team=team,
        convener=convener_for(team),
        kind_id=entry.kind_id or (proposal.kind_id if proposal else None),
        title=entry.title[: ProgrammeSession._meta.get_field("title").max_length],
        description=entry.description,
    )
    if proposal is not None:
        session.minutes, session.modality = proposal.minutes, proposal.modality
    session.full_clean(exclude=["entry"])
    session.save()
    areas = {entry.issue_area_id} - {None}
    questions = []
    if proposal is not None:
        questions = list(proposal.policy_questions.all())
        areas |= {question.area_id for question in questions}
    session.issue_areas.set(areas)
    session.policy_questions.set(questions)
    session.save(update_fields=["updated_at"])  # the M2M alone moves no version
    audit_record(actor=actor, action=SESSION_ADDED, target=session.title, session=session.pk, entry=entry.pk)
    return session


@transaction.atomic
def session_add(
    *,
    actor,
    cycle,
    title: str,
    convener: str,
    kind=None,
    areas=(),
    description: str = "",
    starts_at: datetime | None = None,
    minutes: int = 90,
) -> ProgrammeSession:
    """An item that is not a proposal (the MAG chair's dialogue, a training), placed if a time is given."""
    session = ProgrammeSession(
        cycle=cycle,
        title=title,
        convener=convener,
        kind=kind,
        description=description,
        starts_at=starts_at,
        minutes=minutes,
        status=SessionStatus.PLACED if starts_at else SessionStatus.UNPLACED,
    )
    session.full_clean()
    session.save()
    session.issue_areas.set(areas)
    session.save(update_fields=["updated_at"])
    audit_record(actor=actor, action=SESSION_ADDED, target=session.title, session=session.pk)
    return session


@transaction.atomic
def session_edit(
    *, actor, session: ProgrammeSession, starts_at=None, areas=None, **fields
) -> ProgrammeSession:
    """A session's time, length, place and words changed. Its bookings move with it, or the change is
    refused, naming the booking in the way. `starts_at` None leaves it unplaced (or takes it out)."""
    session = ProgrammeSession.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED and starts_at != session.starts_at:
        raise ValidationError(_("Restore the session before you move it."))
    before = {name: getattr(session, name) for name in CALENDAR_FIELDS}
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(name)
        setattr(session, name, value)
    session.starts_at = starts_at
    if session.status != SessionStatus.CANCELLED:
        session.status = SessionStatus.PLACED if starts_at else SessionStatus.UNPLACED
    session.full_clean()
    changed = [name for name in CALENDAR_FIELDS if getattr(session, name) != before[name]]
    if changed:
        session.sequence += 1
    session.updated_at = timezone.now()
    bookings_follow(actor=actor, session=session)
    if not session.join_url:
        channel = session.bookings.exclude(resource__join_url="").select_related("resource").first()
        if channel is not None:
            session.join_url = channel.resource.join_url
    session.save()
    if areas is not None:
        session.issue_areas.set(areas)
    audit_record(
        actor=actor,
        action=SESSION_CHANGED,
        target=session.title,
        session=session.pk,
        changed=changed,
        starts_at=session.starts_at.isoformat() if session.starts_at else None,
    )
    return session


@transaction.atomic
def session_cancel(*, actor, session: ProgrammeSession, cancelled: bool = True) -> ProgrammeSession:
    """Cancelled (kept with its time, shown as cancelled), or restored to where it was."""
    session = ProgrammeSession.objects.select_for_update().get(pk=session.pk)
    if cancelled == (session.status == SessionStatus.CANCELLED):
        return session
    if cancelled:
        session.status = SessionStatus.CANCELLED
        session.bookings.all().delete()  # the room or channel is free for others
    else:
        session.status = SessionStatus.PLACED if session.starts_at else SessionStatus.UNPLACED
    session.sequence += 1
    session.updated_at = timezone.now()
    session.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(
        actor=actor,
        action=SESSION_CANCELLED if cancelled else SESSION_RESTORED,
        target=session.title,
        session=session.pk,
    )
    return session
