"""Invitations to speak (issue 14: "I would not wait to invite the people that we want to have in
the session, because they will be very busy").

An editor of a proposal invites a panelist by email; no account is needed: the panelist answers
through a private link (its token is sealed in the outbox, as poll guests' are). They confirm or
decline once; a confirmed speaker gets the session's .ics when the proposal has a time. One
reminder goes `NUDGE_DAYS` before the reply-by date to those who have not answered. Each email
goes through notifications' one path (notice_for → notices_record) under a ledger key, so none
goes twice. Withdrawing the proposal, or taking an invited or confirmed speaker off the panel,
tells them once (a confirmed speaker gets the .ics's cancellation); their link then says only that.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts.models import User
from common.forms import date_window
from common.timezones import canonical_zone
from notifications import ledger_keys
from notifications.chores import chore_run
from notifications.emails import Attachment, absolute_url
from notifications.enums import Chore, MailKind
from notifications.services.notices import Notice, notice_for, notices_record

from .enums import InvitationState, ProposalStatus
from .models import LANGUAGE_CODES, Panelist, Proposal, WithdrawnInvitation

# The reminder goes this many days before the reply-by date.
NUDGE_DAYS = 3
PRODID = "-//IGF MAG//igfmag proposals//EN"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


def invitation_link(panelist: Panelist) -> str:
    return absolute_url(reverse("proposals:invitation", args=[panelist.token]))


def session_end(proposal: Proposal):
    return proposal.starts_at + timedelta(minutes=proposal.minutes) if proposal.starts_at else None


def invitation_is_closed(panelist: Panelist, *, now=None) -> bool:
    """No answer is taken once the proposal or the invitation is withdrawn or the session is over."""
    proposal = panelist.proposal
    if proposal.status == ProposalStatus.WITHDRAWN or panelist.invitation == InvitationState.WITHDRAWN:
        return True
    end = session_end(proposal)
    return end is not None and end <= (now or timezone.now())


def _notice(
    panelist: Panelist, *, key: str, kind: str, template: str, attachments=(), extra: dict | None = None
) -> Notice:
    proposal = panelist.proposal
    return notice_for(
        key=key,
        kind=kind,
        template=template,
        subject=proposal,
        guest=panelist,
        guest_email=panelist.email,
        guest_zone=panelist.time_zone or "UTC",
        guest_language=panelist.language,
        # Only what the speaker may see: the session and their own part, never others' addresses.
        context={
            "proposal": proposal,
            "team": proposal.team,
            "panelist": panelist,
            "link": invitation_link(panelist),
            "ends_at": session_end(proposal),
            **(extra or {}),
        },
        attachments=attachments,
        secrets=(panelist.token,),
    )


def _locked(panelist: Panelist) -> Panelist:
    return (
        Panelist.objects.select_for_update(of=("self",))
        .select_related("proposal__team", "proposal__kind")
        .get(pk=panelist.pk)
    )


def validate_reply_by(reply_by: date, *, today: date | None = None) -> None:
    today = today or timezone.now().date()
    last = date_window()[1].date()
    if reply_by is None or not today < reply_by <= last:
        raise ValidationError(
            _("Choose a reply-by date after today and before %(last)s.") % {"last": last.isoformat()}
        )


@transaction.atomic
def panelist_invite(*, actor: User, panelist: Panelist, reply_by: date, language: str = "") -> Panelist:
    """Invite the panelist (again, after a decline or to move the date): the state, a new private
    link and the email, in one transaction. A confirmed speaker is not invited again."""
    panelist = _locked(panelist)
    proposal = panelist.proposal
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn: take it back to draft to invite anyone."))
    if not panelist.email:
        raise ValidationError(_("Add %(name)s’s email address first.") % {"name": panelist.name})
    if panelist.invitation == InvitationState.CONFIRMED:
        raise ValidationError(_("%(name)s has already confirmed.") % {"name": panelist.name})
    validate_reply_by(reply_by)
    language = language or getattr(actor, "language", "") or translation.get_language() or ""
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    panelist.invitation = InvitationState.INVITED
    panelist.token = new_invitation_token()
    panelist.invitation_round += 1
    panelist.invited_at = timezone.now()
    panelist.replied_at = None
    panelist.reply_by = reply_by
    panelist.language = language
    panelist.save()
    notices_record(
        [
            _notice(
                panelist,
                key=ledger_keys.speaker_invitation(panelist.pk, panelist.invitation_round),
                kind=MailKind.SPEAKER_INVITATION,
                template="speaker_invitation",
            )
        ]
    )
    return panelist


def invitation_get(*, token: str) -> Panelist | None:
    if not token:
        return None
    return (
        Panelist.objects.select_related("proposal__team__cycle", "proposal__kind")
        .filter(token=token)
        .exclude(invitation="")
        .first()
    )


def invitation_withdrawn(*, token: str, panelist: Panelist | None) -> bool:
    """Whether the link is of an invitation the group withdrew: the proposal was withdrawn, or the
    speaker was taken off its panel (their row gone, their token kept)."""
    if panelist is not None:
        return panelist.invitation == InvitationState.WITHDRAWN
    return bool(token) and WithdrawnInvitation.objects.filter(token=token).exists()


def speaker_calendar(panelist: Panelist, *, cancel: bool = False, sequence: int | None = None) -> str:
    """The session as one event: the same UID for this speaker and proposal every time, SEQUENCE
    the version of the proposed time (a moved session replaces the entry), times in UTC. With
    `cancel`, the METHOD:CANCEL that takes the entry out of the speaker's calendar (`sequence`
    higher than any they got)."""
    proposal = panelist.proposal
    domain = urlparse(settings.IGFMAG_SITE_URL).hostname or "igfmag.localhost"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "PUBLISH")
    event = Event()
    event.add("uid", f"proposal-{proposal.pk}-panelist-{panelist.pk}@{domain}")
    event.add("sequence", proposal.time_sequence if sequence is None else sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", proposal.starts_at)
    event.add("dtend", session_end(proposal))
    event.add("summary", proposal.title)
    event.add("description", _("Group: %(group)s") % {"group": proposal.team.name})
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("url", invitation_link(panelist))
    calendar.add_component(event)
    return calendar.to_ical().decode()


@transaction.atomic
def invitation_answer(*, token: str, confirm: bool, zone: str = "") -> Panelist:
    """The speaker's answer through their link, once: a confirmation (with the .ics when the
    session has a time) or a decline. The zone they chose is kept for their emails."""
    found = invitation_get(token=token)
    if found is None:
        raise ValidationError(_("This invitation link is not valid."))
    panelist = _locked(found)
    if invitation_is_closed(panelist):
        raise ValidationError(_("This invitation is closed: the session is over or was withdrawn."))
    if panelist.invitation != InvitationState.INVITED:
        raise ValidationError(_("You have already answered this invitation."))
    zone = canonical_zone(zone) if zone else None
    if zone:
        panelist.time_zone = zone
    panelist.invitation = InvitationState.CONFIRMED if confirm else InvitationState.DECLINED
    panelist.replied_at = timezone.now()
    panelist.save()
    if confirm:
        attachments = ()
        if panelist.proposal.starts_at:
            attachments = (
                Attachment("session.ics", speaker_calendar(panelist), "text/calendar; method=PUBLISH"),
            )
        notices_record(
            [
                _notice(
                    panelist,
                    key=ledger_keys.speaker_confirmed(panelist.pk, panelist.invitation_round),
                    kind=MailKind.SPEAKER_CONFIRMED,
                    template="speaker_confirmed",
                    attachments=attachments,
                )
            ]
        )
    return panelist


def _calendar_attachment(panelist: Panelist) -> Attachment:
    return Attachment("session.ics", speaker_calendar(panelist), "text/calendar; method=PUBLISH")


def proposal_time_changed(proposal: Proposal) -> list[int]:
    """After the proposal's time was set or moved (proposals.services.proposal_update, in its
    transaction): each confirmed speaker gets the new time and .ics, once per version of the time.
    At most a panel's size of emails."""
    if proposal.starts_at is None:
        return []
    confirmed = (
        Panelist.objects.filter(proposal=proposal, invitation=InvitationState.CONFIRMED)
        .exclude(email="")
        .select_related("proposal__team", "proposal__kind")
    )
    return notices_record(
        [
            _notice(
                panelist,
                key=ledger_keys.speaker_time(panelist.pk, panelist.invitation_round, proposal.time_sequence),
                kind=MailKind.SPEAKER_TIME,
                template="speaker_time",
                attachments=(_calendar_attachment(panelist),),
            )
            for panelist in confirmed
        ]
    )


# Whose invitation still stands, so that withdrawing it is news to them: not those who declined.
STANDING = (InvitationState.INVITED, InvitationState.CONFIRMED)


def invitations_withdrawn(panelists, *, removed: bool, sequence: int) -> list[int]:
    """Tell each of `panelists` whose invitation stood (invited or confirmed, with an address) that
    it is withdrawn: the proposal was withdrawn, or (`removed`) they were taken off its panel. One
    email per invitation (ledger), in their language; a confirmed speaker of a session with a time
    gets the METHOD:CANCEL of their .ics at SEQUENCE `sequence`. Called inside the change's
    transaction, with the panelists read before it changed them; at most a panel's size of emails."""
    notices = []
    for panelist in panelists:
        if panelist.invitation not in STANDING or not panelist.email:
            continue
        attachments = ()
        if panelist.invitation == InvitationState.CONFIRMED and panelist.proposal.starts_at:
            attachments = (
                Attachment(
                    "session.ics",
                    speaker_calendar(panelist, cancel=True, sequence=sequence),
                    "text/calendar; method=CANCEL",
                ),
            )
        notices.append(
            _notice(
                panelist,
                key=ledger_keys.speaker_withdrawn(panelist.pk, panelist.invitation_round),
                # A kind of its own would need the outbox's migration: this is the invitation's news.
                kind=MailKind.SPEAKER_INVITATION,
                template="speaker_withdrawn",
                attachments=attachments,
                extra={"removed": removed, "cancelled": bool(attachments)},
            )
        )
    return notices_record(notices)


def _nudge(panelist: Panelist) -> list[int]:
    return notices_record(
        [
            _notice(
                panelist,
                key=ledger_keys.speaker_nudge(panelist.pk, panelist.invitation_round, panelist.reply_by),
                kind=MailKind.SPEAKER_NUDGE,
                template="speaker_nudge",
            )
        ]
    )


def speaker_nudges(*, now=None) -> list[int]:
    """Beat, every minute: one reminder per invitation, `NUDGE_DAYS` before its reply-by date (or
    later, until that date, when the invitation came later), to those who have not answered. The
    ledger makes a second run send nothing; a panelist whose email fails is recorded and the
    others go on."""
    today = (now or timezone.now()).date()
    with chore_run(Chore.SPEAKER_NUDGES) as run:
        due = (
            Panelist.objects.filter(
                invitation=InvitationState.INVITED,
                reply_by__gte=today,
                reply_by__lte=today + timedelta(days=NUDGE_DAYS),
                invited_at__date__lt=today,
            )
            .exclude(proposal__status=ProposalStatus.WITHDRAWN)
            .select_related("proposal__team", "proposal__kind")
            .order_by("pk")
        )
        return run.each(due, _nudge, describe=lambda p: f"panelist {p.pk}")
