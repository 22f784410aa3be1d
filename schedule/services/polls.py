"""Availability polls: creation (one team or many at once), votes, comments, guests, and who is
invited when people join or leave a team. The mail a poll sends is in poll_mail.py."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from common.forms import FIRST, SECOND, aware_from_local, local_wall_clock, validate_date_window
from common.languages import site_language
from common.timezones import canonical_zone
from common.versions import version_bump
from notifications import ledger_keys
from notifications.enums import MailKind
from notifications.services.notices import notices_record
from teams.models import IssueTeam, Membership

from ..enums import MAX_SHIFT_DAYS, MAX_SLOTS, Answer, GuestLinkState, PollStatus
from ..models import AvailabilityPoll, Invitee, PollComment, Slot, Vote
from ..tasks import send_poll_invitations
from .poll_mail import invitee_notice, poll_answered_notices

# A guest's link shows the closed poll read-only for this long, then stops working: guests have no
# account, and a link forwarded or leaked should not open the poll for ever.
GUEST_LINK_LIFETIME = timedelta(days=30)


def _validate(*, slots: list[datetime], deadline: datetime, duration_minutes: int) -> list[datetime]:
    now = timezone.now()
    errors = []
    if not slots:
        errors.append(_("Add at least one slot."))
    if len(slots) > MAX_SLOTS:
        errors.append(
            _("A poll has at most %(max)d slots; this one has %(n)d.") % {"max": MAX_SLOTS, "n": len(slots)}
        )
    if len(set(slots)) != len(slots):
        errors.append(_("Some slots are listed twice."))
    for moment in [deadline, *slots]:
        try:
            validate_date_window(moment)
        except ValidationError as error:
            errors.extend(error.messages)
            break
    past = [s for s in slots if s <= now]
    if past:
        errors.append(
            ngettext("%(n)d slot is in the past.", "%(n)d slots are in the past.", len(past))
            % {"n": len(past)}
        )
    if deadline <= now:
        errors.append(_("The deadline for answers is in the past."))
    elif slots and deadline > min(slots):
        errors.append(_("The deadline for answers must come before the first slot."))
    if not 15 <= duration_minutes <= 8 * 60:
        errors.append(_("A call lasts between 15 minutes and 8 hours."))
    if errors:
        raise ValidationError(errors)
    return sorted(slots)


def _create_one(
    *,
    actor,
    team,
    title,
    description,
    duration_minutes,
    deadline,
    slots,
    entered_time_zone,
    guests,
    guest_profiles=None,
    copied_from=None,
) -> AvailabilityPoll:
    """`guest_profiles`: by guest address, what is already known of them (name, zone, language: a
    copy of a poll keeps them). `copied_from`: the poll this one runs again, named in the audit."""
    poll = AvailabilityPoll(
        team=team,
        title=title.strip(),
        description=description.strip(),
        duration_minutes=duration_minutes,
        deadline=deadline,
        entered_time_zone=entered_time_zone,
        created_by=actor,
    )
    poll.full_clean()
    poll.save()
    Slot.objects.bulk_create(Slot(poll=poll, start=start) for start in slots)
    member_ids = list(team.memberships.values_list("user_id", flat=True))
    Invitee.objects.bulk_create(Invitee(poll=poll, user_id=uid) for uid in member_ids)
    member_emails = set(User.objects.filter(pk__in=member_ids).values_list("email", flat=True))
    # Until a guest answers (on a page in their language), their emails are in the inviter's.
    language = site_language()
    profiles = guest_profiles or {}
    Invitee.objects.bulk_create(
        Invitee(poll=poll, email=email, **{"guest_language": language, **profiles.get(email, {})})
        for email in guests
        if email not in member_emails
    )
    audit_record(
        actor=actor,
        action=AuditAction.POLL_CREATED,
        target=f"{poll.title} ({team.name.text})",
        slots=len(slots),
        **({"copied_from": copied_from} if copied_from else {}),
    )
    transaction.on_commit(lambda: send_poll_invitations.delay(poll.pk))
    return poll


def _clean_guests(guests: Iterable[str]) -> list[str]:
    cleaned = []
    for email in guests:
        email = email.strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
            valid = len(email) <= Invitee._meta.get_field("email").max_length
        except ValidationError:
            valid = False
        if not valid:
            raise ValidationError(_("“%(email)s” is not an email address.") % {"email": email})
        if email not in cleaned:
            cleaned.append(email)
    return cleaned


@transaction.atomic
def poll_create(
    *,
    actor: User,
    team: IssueTeam,
    title: str,
    slots: list[datetime],
    deadline: datetime,
    duration_minutes: int = 60,
    description: str = "",
    entered_time_zone: str = "UTC",
    guests: Iterable[str] = (),
) -> AvailabilityPoll:
    """A poll for one team: its members are invited, plus guests by email."""
    slots = _validate(slots=slots, deadline=deadline, duration_minutes=duration_minutes)
    return _create_one(
        actor=actor,
        team=team,
        title=title,
        description=description,
        duration_minutes=duration_minutes,
        deadline=deadline,
        slots=slots,
        entered_time_zone=entered_time_zone,
        guests=_clean_guests(guests),
    )


@transaction.atomic
def polls_launch(*, actor: User, teams: list[IssueTeam], **poll) -> list[AvailabilityPoll]:
    """The secretariat starts the same first-call poll for several teams at once: all or none.
    Each poll belongs to its team (its facilitators manage it). `poll`: what `poll_create` takes
    besides the team (title, slots, deadline, ...)."""
    if not teams:
        raise ValidationError(_("Choose at least one team."))
    return [poll_create(actor=actor, team=team, **poll) for team in teams]


def _shifted(moment: datetime, days: int, zone_name: str) -> datetime:
    """`moment` `days` later on the wall clock of `zone_name`, the zone the poll's slots were entered
    in. Slots are typed as wall-clock times in that zone, so the copy keeps what the organiser typed:
    a weekly call entered at 14:00 UTC stays at 14:00 UTC, and one entered at 15:00 in Europe/Paris
    stays at 15:00 in Paris across the spring change (one hour earlier in UTC). A time the clocks go
    back over keeps the same (first or second) occurrence; one the clocks skip is refused."""
    wall = local_wall_clock(moment, zone_name)
    occurrence = SECOND if wall.fold else FIRST
    target = wall.replace(fold=0) + timedelta(days=days)
    try:
        return aware_from_local(target, zone_name, occurrence)
    except ValidationError as error:
        if error.code != "nonexistent_time":
            raise
        raise ValidationError(
            _(
                "Moved by %(days)d days, a slot would start at %(time)s in %(zone)s, a time the clocks "
                "skip: choose another number of days, or change the new poll afterwards."
            )
            % {"days": days, "time": f"{target:%Y-%m-%d %H:%M}", "zone": zone_name}
        ) from None


def _shift_days(shift: timedelta) -> int:
    if shift != timedelta(days=shift.days) or not 1 <= shift.days <= MAX_SHIFT_DAYS:
        raise ValidationError(
            _("Move the slots by a whole number of days, from 1 to %(max)d.") % {"max": MAX_SHIFT_DAYS}
        )
    return shift.days


def poll_shifted_slots(*, poll: AvailabilityPoll, shift: timedelta) -> list[datetime]:
    """The starts of a poll's slots moved by `shift` (see _shifted), checked as a new poll's slots
    are (none in the past, none outside the date window): what running it again would ask about."""
    days, zone = _shift_days(shift), poll.entered_time_zone or "UTC"
    slots = sorted(_shifted(start, days, zone) for start in poll.slots.values_list("start", flat=True))
    past = [s for s in slots if s <= timezone.now()]
    if past:
        raise ValidationError(
            ngettext(
                "Moved by %(days)d days, %(n)d slot would still be in the past: move them further.",
                "Moved by %(days)d days, %(n)d slots would still be in the past: move them further.",
                len(past),
            )
            % {"days": days, "n": len(past)}
        )
    return slots


def _same_copy(*, source: AvailabilityPoll, title: str, slots: list[datetime]) -> AvailabilityPoll | None:
    """A poll of the same team with the same title and the very same slots: the copy a form posted
    twice (a double click, a reload) already made."""
    candidates = AvailabilityPoll.objects.filter(team_id=source.team_id, title=title, slots__start=slots[0])
    for candidate in candidates.exclude(pk=source.pk).distinct():
        if list(candidate.slots.order_by("start").values_list("start", flat=True)) == slots:
            return candidate
    return None


@transaction.atomic
def poll_duplicate(
    *,
    actor: User,
    poll: AvailabilityPoll,
    shift: timedelta,
    title: str,
    deadline: datetime | None = None,
) -> tuple[AvailabilityPoll, bool]:
    """Run a poll again for the next round of calls: a new poll of the same team with the same
    description, duration and zone, its slots moved by `shift` (whole days, see _shifted), the
    deadline given or moved alike; the team's members of today invited, and the guests still
    invited (not those withdrawn), with new links. No answer or comment is copied. Invitations go as
    for a new poll (poll_create's path, through the ledger). Returns the new poll and True; or, when
    the same copy exists already (the form posted twice), that one and False: nothing is made twice.
    The source poll's row is locked, so that two copies of it at once take turns."""
    source = AvailabilityPoll.objects.select_for_update(of=("self",)).select_related("team").get(pk=poll.pk)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the new poll a title.")})
    slots = poll_shifted_slots(poll=source, shift=shift)
    zone = source.entered_time_zone or "UTC"
    if deadline is None:
        deadline = _shifted(source.deadline, shift.days, zone)
    slots = _validate(slots=slots, deadline=deadline, duration_minutes=source.duration_minutes)
    existing = _same_copy(source=source, title=title, slots=slots)
    if existing is not None:
        return existing, False
    guests = list(source.invitees.filter(user__isnull=True, revoked_at__isnull=True))
    profiles = {
        guest.email: {
            "name": guest.name,
            "guest_time_zone": guest.guest_time_zone,
            **({"guest_language": guest.guest_language} if guest.guest_language else {}),
        }
        for guest in guests
    }
    copy = _create_one(
        actor=actor,
        team=source.team,
        title=title,
        description=source.description,
        duration_minutes=source.duration_minutes,
        deadline=deadline,
        slots=slots,
        entered_time_zone=zone,
        guests=[guest.email for guest in guests],
        guest_profiles=profiles,
        copied_from=source.pk,
    )
    return copy, True


def invitee_require_answering(invitee: Invitee) -> None:
    """Raise, in words for the person, why they can no longer answer or comment, if they cannot."""
    if invitee.revoked_at:
        raise ValidationError(_("This invitation was withdrawn."))
    if not invitee.poll.is_open:
        raise ValidationError(_("This poll is closed: answers and comments can no longer change."))


def guest_link_state(invitee: Invitee) -> str:
    """A guest's link answers while the poll is open, shows it read-only once it closed or became a
    meeting, and stops working GUEST_LINK_LIFETIME after that, or at once when withdrawn."""
    poll = invitee.poll
    if invitee.revoked_at:
        return GuestLinkState.REVOKED
    if poll.is_open:
        return GuestLinkState.ANSWERING
    closed = min(poll.closed_at or poll.deadline, poll.deadline)
    if timezone.now() > closed + GUEST_LINK_LIFETIME:
        return GuestLinkState.EXPIRED
    return GuestLinkState.READ_ONLY


@transaction.atomic
def invitee_revoke(*, actor: User, invitee: Invitee) -> Invitee:
    """A facilitator withdraws a guest's link: from now on it opens nothing (the guest is told it
    was withdrawn), the guest's answers are deleted and no longer count, and no reminder goes to
    them. Their comments stay. A meeting already scheduled is not changed. Withdrawing twice
    changes nothing."""
    # The invitee alone is locked: the group's area may be missing (an outer join PostgreSQL will not lock).
    invitee = (
        Invitee.objects.select_for_update(of=("self",)).select_related("poll__team__area").get(pk=invitee.pk)
    )
    if not invitee.is_guest:
        raise ValidationError(
            _("Only a guest’s link can be withdrawn; a team member stops taking part by leaving the team.")
        )
    if invitee.revoked_at:
        return invitee
    invitee.revoked_at = timezone.now()
    invitee.save(update_fields=["revoked_at"])
    Vote.objects.filter(invitee=invitee).delete()
    poll = invitee.poll
    audit_record(
        actor=actor,
        action=AuditAction.POLL_GUEST_REVOKED,
        target=f"{poll.title} ({poll.team.name.text})",
        guest=invitee.email,
    )
    return invitee


@transaction.atomic
def vote_submit(
    *,
    invitee: Invitee,
    answers: dict[int, str],
    guest_name: str = "",
    guest_time_zone: str = "",
    guest_language: str = "",
) -> Invitee:
    """Record (or replace) one person's answers. Locks that person's invitation row, so that two
    submissions of the same person cannot interleave; different voters never wait for each other."""
    invitee = Invitee.objects.select_for_update().select_related("poll").get(pk=invitee.pk)
    poll = invitee.poll
    invitee_require_answering(invitee)
    slot_ids = set(poll.slots.values_list("pk", flat=True))
    if set(answers) - slot_ids:
        raise ValidationError(_("Some answers are for slots of another poll."))
    if any(answer not in Answer.values for answer in answers.values()):
        raise ValidationError(_("Answer yes, if need be or no."))
    if invitee.is_guest:
        if guest_name.strip():
            invitee.name = guest_name.strip()[:120]
        zone = canonical_zone(guest_time_zone)
        if guest_time_zone and not zone:
            raise ValidationError(_("Choose your time zone from the list."))
        invitee.guest_time_zone = zone or invitee.guest_time_zone
        # The language of the page they answered on: their later emails are written in it.
        invitee.guest_language = site_language(guest_language) or invitee.guest_language
    Vote.objects.filter(invitee=invitee).delete()
    now = timezone.now()
    Vote.objects.bulk_create(
        Vote(invitee=invitee, slot_id=slot_id, answer=answer, updated_at=now)
        for slot_id, answer in answers.items()
    )
    invitee.answered_at = now
    invitee.save(update_fields=["name", "guest_time_zone", "guest_language", "answered_at"])
    notices_record(poll_answered_notices(poll))
    return invitee


@transaction.atomic
def comment_add(*, invitee: Invitee, text: str) -> PollComment:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write something first."))
    invitee = Invitee.objects.select_for_update().select_related("poll").get(pk=invitee.pk)
    invitee_require_answering(invitee)
    return PollComment.objects.create(poll_id=invitee.poll_id, invitee=invitee, text=text[:2000])


@transaction.atomic
def poll_invitations_withdraw(*, user: User, team: IssueTeam) -> int:
    """Someone left the team: their invitations to its polls that have not become a meeting yet
    (open or closed) are withdrawn and their answers deleted, so that they no longer see, answer,
    comment or count, and are not invited when a slot is chosen. Their comments stay, as said.
    Polls that became meetings stay readable to them, as history. Returns how many were withdrawn."""
    invitations = Invitee.objects.filter(
        poll__team=team,
        user=user,
        revoked_at__isnull=True,
        poll__status__in=[PollStatus.OPEN, PollStatus.CLOSED],
    )
    Vote.objects.filter(invitee__in=invitations).delete()
    version_bump("polls")  # update() sends no signal: the dashboard and the poll pages count those invited
    return invitations.update(revoked_at=timezone.now())


@transaction.atomic
def poll_invitations_join(*, user: User, team: IssueTeam, membership: Membership) -> int:
    """Someone joined the team: they are invited to its open polls, one invitation each, sent through
    the ledger in this transaction. An invitation withdrawn when they left is taken up again (its
    answers went then); its email's key names this membership, so that rejoining after leaving invites
    once more, while joining twice (the same membership) or a retried call sends nothing. A poll the
    person is already invited to changes nothing. Returns how many they were invited to."""
    now = timezone.now()
    open_polls = list(
        AvailabilityPoll.objects.filter(team=team, status=PollStatus.OPEN, deadline__gt=now).select_related(
            "team__area"
        )
    )
    existing = {
        i.poll_id: i for i in Invitee.objects.filter(poll__in=open_polls, user=user).select_related("user")
    }
    notices = []
    for poll in open_polls:
        invitee = existing.get(poll.pk)
        if invitee is None:
            invitee = Invitee.objects.create(poll=poll, user=user)
            # The key the invitation task uses: if it has not run yet, only one of the two sends.
            key = ledger_keys.poll_invitation(poll.pk, invitee.pk)
        elif invitee.revoked_at is not None:
            invitee.revoked_at, invitee.answered_at = None, None
            invitee.save(update_fields=["revoked_at", "answered_at"])
            key = ledger_keys.poll_invitation_on_rejoining(poll.pk, invitee.pk, membership.pk)
        else:
            continue
        notices.append(
            invitee_notice(
                invitee,
                key=key,
                kind=MailKind.POLL_INVITATION,
                template="poll_invitation",
                context={"poll": poll, "slots": list(poll.slots.all())},
            )
        )
    notices_record(notices)
    return len(notices)
