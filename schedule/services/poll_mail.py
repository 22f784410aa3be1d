"""The mail a poll sends: invitations, a nudge 24 hours before the deadline, "everyone answered",
and the summary when it closes; and the chore Celery runs every minute to send them. Each notice
goes through the ledger, so a retried chore sends nothing twice."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.versions import version_bump
from notifications import ledger_keys
from notifications.chores import chore_run
from notifications.emails import absolute_url
from notifications.enums import Chore, MailKind
from notifications.models import NotificationLedger
from notifications.services.notices import Notice, notice_for, notices_record
from teams.enums import FacilitatorStatus
from teams.models import FacilitatorRole

from ..enums import PollStatus
from ..models import AvailabilityPoll, Invitee
from ..selectors.poll_results import poll_results

NUDGE_BEFORE = timedelta(hours=24)


def invitee_link(invitee: Invitee) -> str:
    if invitee.is_guest:
        return absolute_url(reverse("schedule:poll_guest", args=[invitee.token]))
    return absolute_url(reverse("schedule:poll", args=[invitee.poll_id]))


def invitee_notice(invitee: Invitee, *, key: str, kind: str, template: str, context: dict) -> Notice:
    return notice_for(
        key=key,
        kind=kind,
        template=template,
        user=invitee.user,
        guest=invitee,
        guest_email=invitee.address,
        guest_zone=invitee.guest_time_zone,
        guest_language=invitee.guest_language,
        context={**context, "invitee": invitee, "link": invitee_link(invitee)},
        secrets=(invitee.token,) if invitee.is_guest else (),
    )


def poll_invitations_send(poll_id: int) -> list[int]:
    """Invite everyone not yet invited (a retried task invites nobody twice)."""
    with chore_run(Chore.POLL_INVITATIONS) as run:
        poll = AvailabilityPoll.objects.select_related("team__area").get(pk=poll_id)
        slots = list(poll.slots.all())
        invitees = poll.invitees.filter(revoked_at__isnull=True).select_related("user")
        return run.each(
            invitees,
            lambda i: notices_record(
                [
                    invitee_notice(
                        i,
                        key=ledger_keys.poll_invitation(poll.pk, i.pk),
                        kind=MailKind.POLL_INVITATION,
                        template="poll_invitation",
                        context={"poll": poll, "slots": slots},
                    )
                ]
            ),
            describe=lambda i: f"poll {poll.pk}, invitee {i.pk}",
        )


def poll_leads(poll: AvailabilityPoll) -> list[User]:
    """Who is told about the poll's progress: the team's confirmed facilitators, else its creator."""
    leads = [
        r.user
        for r in FacilitatorRole.objects.filter(
            team=poll.team, status=FacilitatorStatus.CONFIRMED
        ).select_related("user")
    ]
    if not leads and poll.created_by_id:
        leads = [poll.created_by]
    return leads


def poll_answered_notices(poll: AvailabilityPoll) -> list[Notice]:
    """Once everyone invited to an open poll has answered, its facilitators are told, once per poll:
    not again when someone changes an answer, nor when someone invited later answers too."""
    if not poll.is_open or poll.invitees.filter(revoked_at__isnull=True, answered_at__isnull=True).exists():
        return []
    if NotificationLedger.objects.filter(kind=MailKind.POLL_ANSWERED, subject_id=poll.pk).exists():
        return []
    poll = AvailabilityPoll.objects.select_related("team__area", "created_by").get(pk=poll.pk)
    results = poll_results(poll=poll, show_names=True)
    if not results.participants:
        return []
    link = absolute_url(reverse("schedule:poll", args=[poll.pk]))
    return [
        notice_for(
            key=ledger_keys.poll_answered(poll.pk, lead.pk),
            kind=MailKind.POLL_ANSWERED,
            subject=poll,
            user=lead,
            template="poll_answered",
            context={"poll": poll, "results": results, "link": link},
        )
        for lead in poll_leads(poll)
    ]


def poll_chores(*, now=None) -> list[int]:
    """Every minute: nudge those who have not answered 24 hours before the deadline; tell the
    facilitators of a poll everyone has answered (when the last two answered at the same moment,
    neither saw the other's answer); close polls whose deadline passed and send their facilitators
    the best slots. Each at most once. Each poll is one item of the chore: a poll that fails is
    recorded and the others go on."""
    now = now or timezone.now()
    with chore_run(Chore.POLL_CHORES) as run:
        nudge = AvailabilityPoll.objects.filter(
            status=PollStatus.OPEN, deadline__gt=now, deadline__lte=now + NUDGE_BEFORE
        ).select_related("team__area")
        ids = run.each(nudge, _poll_nudges_record, describe=_describe_poll)
        complete = (
            AvailabilityPoll.objects.filter(status=PollStatus.OPEN, deadline__gt=now)
            .annotate(
                invited=Count("invitees", filter=Q(invitees__revoked_at__isnull=True)),
                waiting=Count(
                    "invitees",
                    filter=Q(invitees__revoked_at__isnull=True, invitees__answered_at__isnull=True),
                ),
            )
            .filter(invited__gt=0, waiting=0)
        )
        ids += run.each(
            complete, lambda poll: _unrecorded(poll_answered_notices(poll)), describe=_describe_poll
        )
        if AvailabilityPoll.objects.filter(status=PollStatus.OPEN, deadline__lte=now).update(
            status=PollStatus.CLOSED, closed_at=now
        ):
            # update() sends no signal: the dashboard, the team pages and the poll pages show the status.
            version_bump("polls")
        # Summaries for every poll closed in the last day: the ledger keeps each to one send, and a
        # sweep that died between closing and recording is made good by the next one.
        summarised = NotificationLedger.objects.filter(
            kind=MailKind.POLL_SUMMARY, created_at__gt=now - timedelta(days=2)
        ).values_list("subject_id", flat=True)
        closed = (
            AvailabilityPoll.objects.filter(status=PollStatus.CLOSED, closed_at__gt=now - timedelta(days=1))
            .exclude(pk__in=summarised)
            .select_related("team__area", "created_by")
        )
        ids += run.each(closed, _poll_summary_record, describe=_describe_poll)
        return ids


def _describe_poll(poll: AvailabilityPoll) -> str:
    return f"poll {poll.pk} “{poll.title}”"


def _unrecorded(notices: list[Notice]) -> list[int]:
    recorded = set(
        NotificationLedger.objects.filter(key__in=[n.key for n in notices]).values_list("key", flat=True)
    )
    return notices_record([n for n in notices if n.key not in recorded])


def _poll_nudges_record(poll: AvailabilityPoll) -> list[int]:
    return _unrecorded(
        [
            invitee_notice(
                invitee,
                key=ledger_keys.poll_nudge(poll.pk, invitee.pk, poll.deadline),
                kind=MailKind.POLL_REMINDER,
                template="poll_reminder",
                context={"poll": poll},
            )
            for invitee in poll.invitees.filter(
                answered_at__isnull=True, revoked_at__isnull=True
            ).select_related("user")
        ]
    )


def _poll_summary_record(poll: AvailabilityPoll) -> list[int]:
    results = poll_results(poll=poll, show_names=True)
    link = absolute_url(reverse("schedule:poll", args=[poll.pk]))
    return _unrecorded(
        [
            notice_for(
                key=ledger_keys.poll_summary(poll.pk, lead.pk),
                kind=MailKind.POLL_SUMMARY,
                subject=poll,
                user=lead,
                template="poll_summary",
                context={"poll": poll, "results": results, "link": link},
            )
            for lead in poll_leads(poll)
        ]
    )
