"""Forgetting people (issue 17): a member who closed their account, a guest who asked by their
private poll link. What they answered and whether they came stays, counted, without a name or an
address; what only served them (busy calendars, their feed, their links) goes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.closing import audit_forget_address, forgotten_address
from accounts.enums import AuditAction
from accounts.models import CLOSED_DOMAIN, User
from accounts.services import audit_record
from notifications.services.forgetting import mail_forget

from ..enums import MeetingResponse, PollStatus
from ..models import BusyCalendar, BusyTime, CalendarFeed, Invitee, MeetingAttendee
from ..models.polls import new_guest_token


@transaction.atomic
def schedule_forget_closed_account(*, user: User) -> dict:
    """The person closed their account (accounts.closing.account_close, through `account_closing`):
    their busy calendars and private feed go; their poll answers and meeting attendance stay,
    pointing at the anonymous row. What waits for an answer they can no longer give goes, so that
    nobody waits for them: an invitation to an open poll they neither answered nor commented on,
    their place at a meeting that has not started, unanswered. Rows where they were a guest before
    they had an account are forgotten as a guest's."""
    BusyTime.objects.filter(user=user).delete()
    calendars, _counts = BusyCalendar.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    waiting_polls, _counts = Invitee.objects.filter(
        user=user, poll__status=PollStatus.OPEN, votes__isnull=True, comments__isnull=True
    ).delete()
    waiting_meetings, _counts = MeetingAttendee.objects.filter(
        user=user, meeting__start__gt=timezone.now(), response=MeetingResponse.NONE, present__isnull=True
    ).delete()
    guest_rows = _guest_rows_forget(user.email, forgotten_address())
    return {
        "busy_calendars_deleted": calendars,
        "poll_invitations_withdrawn": waiting_polls,
        "meeting_places_withdrawn": waiting_meetings,
        **guest_rows,
    }


def _guest_rows_forget(address: str, replacement: str) -> dict:
    """Every poll invitation and meeting attendance of the guest at `address`: the address becomes
    `replacement`, the name they typed goes, their private links (poll and answer links) change to
    new secrets nobody knows, so the old ones open nothing. Their answers and attendance stay."""
    invitations = list(Invitee.objects.select_for_update().filter(user__isnull=True, email__iexact=address))
    for invitee in invitations:
        invitee.email, invitee.name, invitee.token = replacement, "", new_guest_token()
        invitee.save(update_fields=["email", "name", "token"])
    attendances = list(
        MeetingAttendee.objects.select_for_update().filter(user__isnull=True, email__iexact=address)
    )
    for attendee in attendances:
        attendee.email, attendee.name, attendee.rsvp_token = replacement, "", new_guest_token()
        attendee.save(update_fields=["email", "name", "rsvp_token"])
    return {"guest_invitations_forgotten": len(invitations), "guest_attendances_forgotten": len(attendances)}


@transaction.atomic
def guest_forget(*, invitee: Invitee) -> Invitee:
    """A poll guest asks, by their private link, to be forgotten: their name and address leave
    every poll and meeting they were invited to, their answers stay counted as a guest's (the
    results never name guests), their links stop working (a 404, as for a link never made), no
    mail waits for them, and the audit log keeps that it happened, without them. Asking twice
    changes nothing (the second time the link is already unknown)."""
    invitee = Invitee.objects.select_for_update().select_related("poll").get(pk=invitee.pk)
    if not invitee.is_guest:
        raise ValidationError(
            _("Only a guest’s details can be forgotten this way; members close their account.")
        )
    if invitee.email.endswith("@" + CLOSED_DOMAIN):
        return invitee
    address, replacement = invitee.email, forgotten_address()
    done = _guest_rows_forget(address, replacement)
    mail_forget(email=address, replacement=replacement)
    audit_forget_address(address, replacement, name=invitee.name)
    audit_record(actor=None, action=AuditAction.GUEST_FORGOTTEN, target=invitee.poll, **done)
    invitee.refresh_from_db()
    return invitee
