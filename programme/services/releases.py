"""Releasing the programme: the secretariat's "Release version N" and the MAG's approval.

A release copies the placed and cancelled sessions as plain values (`snapshot`) and lists what
changed since the release before it (`changelog`): each change a dict
{kind: added|moved|cancelled|restored|renamed|changed, session, title, before, after[, field]}.
After a release that is not the first, only the people a change touches hear of it, once each
(per release): the convening group's facilitators, the speakers who confirmed, and those who put
the session in their own schedule, each with the changes to their sessions alone, in their
language and zone, and the sessions' updated .ics. Everything in one transaction, with its audit
row; the ledger key per (release, address) makes a retried or duplicated release send nothing
twice, and the cycle's row, locked, makes two releases at once take turns.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from notifications import ledger_keys
from notifications.emails import Attachment
from notifications.enums import MailKind
from notifications.services.notices import Notice, notice_for, notices_record
from proposals.enums import InvitationState
from proposals.models import Panelist
from schedule.models import Decision, Meeting
from teams.enums import FacilitatorStatus
from teams.models import Cycle, FacilitatorRole

from ..enums import SessionStatus
from ..ical import programme_calendar
from ..models import (
    RELEASE_NOTE_MAX,
    ProgrammeRelease,
    ProgrammeSelection,
    ProgrammeSession,
    ReleasedSession,
)

# The audit log's actions (accounts.AuditEvent.action) of this module.
AUDIT_RELEASED = AuditAction.PROGRAMME_RELEASED
AUDIT_APPROVED = AuditAction.PROGRAMME_APPROVED

# What a "changed" change may be about, besides time (moved), title (renamed) and status.
CHANGED_FIELDS = ("minutes", "modality", "venue", "join_url", "kind", "speakers")
# Bounds: a release's number (PositiveSmallIntegerField) and how long a programme may be.
RELEASE_NUMBER_MAX = 999


# --- The snapshot -------------------------------------------------------------------------------


def _speakers(session) -> list[dict]:
    entry = session.entry
    proposal = entry.proposal if entry is not None else None
    if proposal is None:
        return []
    return [
        {"name": p.name, "role": p.role}
        for p in proposal.panelists.all()
        if p.invitation == InvitationState.CONFIRMED
    ]


def released_sessions(cycle):
    """The sessions a release copies: placed and cancelled ones with a time; five queries whatever
    their number (sessions, issue areas, the confirmed speakers)."""
    return (
        ProgrammeSession.objects.filter(
            cycle=cycle, status__in=(SessionStatus.PLACED, SessionStatus.CANCELLED), starts_at__isnull=False
        )
        .select_related("kind", "entry__proposal")
        .prefetch_related(
            "issue_areas",
            Prefetch(
                "entry__proposal__panelists",
                queryset=Panelist.objects.filter(invitation=InvitationState.CONFIRMED).order_by(
                    "position", "id"
                ),
            ),
        )
        .order_by("starts_at", "title", "id")
    )


def session_snapshot(session) -> dict:
    """A session as plain values: what a version page shows and what the next release compares.
    No addresses."""
    return {
        "id": session.pk,
        "uid": str(session.uid),
        "title": session.title,
        "description": session.description,
        "convener": session.convener,
        "kind": session.kind.name if session.kind_id else "",
        "issue_areas": sorted(area.name for area in session.issue_areas.all()),
        "starts_at": session.starts_at.astimezone(UTC).isoformat(),
        "minutes": session.minutes,
        "modality": session.modality,
        "venue": session.venue,
        "join_url": session.join_url,
        "status": session.status,
        "sequence": session.sequence,
        "speakers": _speakers(session),
    }


def programme_snapshot(cycle) -> list[dict]:
    return [session_snapshot(session) for session in released_sessions(cycle)]


def _publish(release: ProgrammeRelease) -> None:
    """Make `release` what the public sees: the year's released copies written anew from the draft
    (a fixed number of queries, whatever the number of sessions)."""
    sessions = list(released_sessions(release.cycle).prefetch_related("policy_questions"))
    ReleasedSession.objects.filter(cycle=release.cycle).delete()
    ReleasedSession.objects.bulk_create(
        ReleasedSession(
            session_id=session.pk,
            release=release,
            **{field: getattr(session, field) for field in ReleasedSession.COPIED},
        )
        for session in sessions
    )
    areas = ReleasedSession.issue_areas.through
    areas.objects.bulk_create(
        areas(releasedsession_id=session.pk, issuearea_id=area.pk)
        for session in sessions
        for area in session.issue_areas.all()
    )
    questions = ReleasedSession.policy_questions.through
    questions.objects.bulk_create(
        questions(releasedsession_id=session.pk, policyquestion_id=question.pk)
        for session in sessions
        for question in session.policy_questions.all()
    )


# --- The changelog ------------------------------------------------------------------------------


def _change(kind, row, before, after, field="") -> dict:
    change = {"kind": kind, "session": row["id"], "title": row["title"], "before": before, "after": after}
    if field:
        change["field"] = field
    return change


def changelog_between(previous: list[dict], current: list[dict]) -> list[dict]:
    """What changed from the `previous` snapshot to `current`, session by session, in the order of
    the current programme (then the sessions it no longer holds)."""
    before = {row["id"]: row for row in previous}
    changes = []
    seen = set()
    for row in current:
        seen.add(row["id"])
        old = before.get(row["id"])
        cancelled = row["status"] == SessionStatus.CANCELLED
        if old is None:
            if not cancelled:  # a session cancelled before anyone saw it is no news
                changes.append(_change("added", row, None, row["starts_at"]))
            continue
        was_cancelled = old["status"] == SessionStatus.CANCELLED
        if cancelled and not was_cancelled:
            changes.append(_change("cancelled", row, old["starts_at"], None))
            continue
        if was_cancelled and not cancelled:
            changes.append(_change("restored", row, old["starts_at"], row["starts_at"]))
            continue
        if cancelled:
            continue
        if old["starts_at"] != row["starts_at"]:
            changes.append(_change("moved", row, old["starts_at"], row["starts_at"]))
        if old["title"] != row["title"]:
            changes.append(_change("renamed", row, old["title"], row["title"]))
        for field in CHANGED_FIELDS:
            if old.get(field) != row.get(field):
                changes.append(_change("changed", row, old.get(field), row.get(field), field))
    for old in previous:
        # Taken off the programme (back to the draft, or deleted): cancelled, for its readers.
        if old["id"] not in seen and old["status"] != SessionStatus.CANCELLED:
            changes.append(_change("cancelled", old, old["starts_at"], None))
    return changes


def previous_release(cycle) -> ProgrammeRelease | None:
    return ProgrammeRelease.objects.filter(cycle=cycle).order_by("-number").first()


def changelog_preview(cycle) -> tuple[int, list[dict]]:
    """The next release's number and its changelog as it would be now."""
    previous = previous_release(cycle)
    number = previous.number + 1 if previous else 1
    return number, changelog_between(previous.snapshot if previous else [], programme_snapshot(cycle))


# --- Releasing ----------------------------------------------------------------------------------


@transaction.atomic
def programme_release(*, actor: User, cycle: Cycle, number: int, note: str = "") -> ProgrammeRelease:
    """Release version `number` of the year's programme (the one the page offered: a second click,
    or two people at once, finds it taken and releases nothing). Records the notices of the
    changes."""
    list(Cycle.objects.select_for_update().filter(pk=cycle.pk))
    note = (note or "").strip()
    if len(note) > RELEASE_NOTE_MAX:
        raise ValidationError(_("Keep the note under %(max)s characters.") % {"max": RELEASE_NOTE_MAX})
    previous = previous_release(cycle)
    expected = previous.number + 1 if previous else 1
    if number != expected:
        raise ValidationError(
            _("Version %(number)s was released already; read the changes again before releasing.")
            % {"number": expected - 1}
        )
    if expected > RELEASE_NUMBER_MAX:
        raise ValidationError(_("This year's programme has had too many versions."))
    snapshot = programme_snapshot(cycle)
    if not snapshot and previous is None:
        raise ValidationError(_("Place at least one session before releasing the programme."))
    changelog = changelog_between(previous.snapshot if previous else [], snapshot)
    if previous is not None and not changelog:
        raise ValidationError(_("Nothing changed since version %(number)s.") % {"number": previous.number})
    release = ProgrammeRelease.objects.create(
        cycle=cycle,
        number=expected,
        released_by=actor,
        note=note,
        snapshot=snapshot,
        changelog=changelog,
    )
    _publish(release)
    audit_record(
        actor=actor,
        action=AUDIT_RELEASED,
        target=str(release),
        number=release.number,
        changes=len(changelog),
    )
    if previous is not None:
        release_notices_send(release)
    return release


def _touched(session_ids) -> dict:
    """{address: recipient} of everyone a change to these sessions touches: {"user": User or None,
    "guest": Panelist or None, "sessions": set of ids}. One address, one notice."""
    recipients: dict[str, dict] = {}

    def add(address, session_id, *, user=None, guest=None):
        address = (address or "").strip().lower()
        if not address:
            return
        found = recipients.setdefault(address, {"user": None, "guest": None, "sessions": set()})
        if user is not None:
            found["user"] = user
        elif guest is not None and found["guest"] is None:
            found["guest"] = guest
        found["sessions"].add(session_id)

    sessions = list(
        ProgrammeSession.objects.filter(pk__in=session_ids).values_list("pk", "team_id", "entry__proposal_id")
    )
    by_team, by_proposal = defaultdict(list), defaultdict(list)
    for pk, team_id, proposal_id in sessions:
        if team_id:
            by_team[team_id].append(pk)
        if proposal_id:
            by_proposal[proposal_id].append(pk)
    for role in FacilitatorRole.objects.filter(
        team_id__in=by_team, status=FacilitatorStatus.CONFIRMED
    ).select_related("user"):
        for pk in by_team[role.team_id]:
            add(role.user.email, pk, user=role.user)
    for panelist in Panelist.objects.filter(
        proposal_id__in=by_proposal, invitation=InvitationState.CONFIRMED
    ).exclude(email=""):
        for pk in by_proposal[panelist.proposal_id]:
            add(panelist.email, pk, guest=panelist)
    for selection in ProgrammeSelection.objects.filter(session_id__in=session_ids).select_related("user"):
        add(selection.user.email, selection.session_id, user=selection.user)
    # A speaker who has an account at the same address reads it as that member.
    return recipients


def _attachments(sessions) -> tuple:
    published = [s for s in sessions if s.status != SessionStatus.CANCELLED]
    cancelled = [s for s in sessions if s.status == SessionStatus.CANCELLED]
    files = []
    if published:
        body = programme_calendar(published, name=_("IGF programme"), method="PUBLISH").decode()
        files.append(Attachment("programme.ics", body, "text/calendar; method=PUBLISH"))
    if cancelled:
        body = programme_calendar(cancelled, name=_("IGF programme"), method="CANCEL").decode()
        files.append(Attachment("programme-cancelled.ics", body, "text/calendar; method=CANCEL"))
    return tuple(files)


def release_notices_send(release: ProgrammeRelease) -> list[int]:
    """One notice per person the release's changes touch, with only their sessions' changes and
    .ics; nothing twice for one release (the ledger)."""
    by_session = defaultdict(list)
    for change in release.changelog:
        by_session[change["session"]].append(change)
    if not by_session:
        return []
    order = {pk: position for position, pk in enumerate(by_session)}
    recipients = _touched(list(by_session))
    # Sessions taken off the programme (deleted) have no calendar entry to send.
    sessions = {s.pk: s for s in ProgrammeSession.objects.filter(pk__in=by_session)}
    notices: list[Notice] = []
    for address, found in sorted(recipients.items()):
        ids = sorted(found["sessions"], key=order.__getitem__)
        changes = [change for pk in ids for change in by_session[pk]]
        attachments = _attachments([sessions[pk] for pk in ids if pk in sessions and sessions[pk].starts_at])
        context = {"release": release, "changes": changes, "cycle": release.cycle}
        key = ledger_keys.programme_release(release.pk, address)
        summary = f"{release} ({len(changes)})"
        if found["user"] is not None:
            notices.append(
                notice_for(
                    key=key,
                    kind=MailKind.PROGRAMME_CHANGE,
                    template="programme_change",
                    context=context,
                    user=found["user"],
                    subject=release,
                    summary=summary,
                    attachments=attachments,
                )
            )
        else:
            guest = found["guest"]
            notices.append(
                notice_for(
                    key=key,
                    kind=MailKind.PROGRAMME_CHANGE,
                    template="programme_change",
                    context=context,
                    guest=guest,
                    guest_email=guest.email,
                    guest_zone=guest.time_zone or "UTC",
                    guest_language=guest.language,
                    subject=release,
                    summary=summary,
                    attachments=attachments,
                )
            )
    return notices_record(notices)


# --- Approval -----------------------------------------------------------------------------------


def approval_meetings(cycle):
    """The meetings a release may say it was approved at: the year's most recent, bounded."""
    return Meeting.objects.filter(team__cycle=cycle).select_related("team").order_by("-start", "-id")[:30]


def approval_decisions(cycle):
    """The decisions recorded at the year's meetings, most recent first, bounded."""
    return (
        Decision.objects.filter(meeting__team__cycle=cycle)
        .select_related("meeting")
        .order_by("-meeting__start", "-created_at", "-id")[:50]
    )


@transaction.atomic
def release_approve(
    *,
    actor: User,
    release: ProgrammeRelease,
    approved_on: date,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
    today: date | None = None,
) -> ProgrammeRelease:
    """Mark the release approved by the MAG on `approved_on` (not before it was released, not after
    today), at `meeting` with `decision` where the meeting records hold them. "Today" and the day
    of the release are as wide as the world's calendars: from the earliest zone's to the latest's."""
    release = ProgrammeRelease.objects.select_for_update().get(pk=release.pk)
    today = today or (timezone.now() + timedelta(hours=14)).astimezone(UTC).date()
    released_on = (release.released_at - timedelta(hours=12)).astimezone(UTC).date()
    if approved_on is None or not released_on <= approved_on <= today:
        raise ValidationError(
            _("The MAG approves a version between the day it was released (%(released)s) and today.")
            % {"released": release.released_at.astimezone(UTC).date().isoformat()}
        )
    if decision is not None:
        if meeting is None:
            meeting = decision.meeting
        elif decision.meeting_id != meeting.pk:
            raise ValidationError(_("That decision was not taken at that meeting."))
    if meeting is not None and meeting.team.cycle_id != release.cycle_id:
        raise ValidationError(_("Choose a meeting of this year."))
    release.approved_on = approved_on
    release.approved_meeting = meeting
    release.approved_decision = decision
    release.approved_recorded_by = actor
    release.save()
    audit_record(
        actor=actor,
        action=AUDIT_APPROVED,
        target=str(release),
        approved_on=approved_on.isoformat(),
        meeting=meeting.pk if meeting else None,
        decision=decision.pk if decision else None,
    )
    return release


def parse_when(value: str | None) -> datetime | None:
    """A snapshot's ISO time back as an aware datetime."""
    return datetime.fromisoformat(value) if value else None
