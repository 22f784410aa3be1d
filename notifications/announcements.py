"""Announcements (the mailing-list stand-in) and the double opt-in subscriptions of people
without an account."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from teams.enums import FacilitatorStatus
from teams.models import IssueTeam

from .chores import chore_run
from .emails import absolute_url, render_email, render_for_user
from .enums import Chore, MailKind
from .guests import guest_stop_url
from .models import Announcement, NotificationPreferences, Subscription
from .services import outbox_queue_one, preferences_for, unsubscribe_url_for


def teams_user_may_announce_to(user: User):
    if user.is_secretariat:
        return IssueTeam.objects.filter(cycle__is_current=True).select_related("area")
    return IssueTeam.objects.filter(
        facilitator_roles__user=user, facilitator_roles__status=FacilitatorStatus.CONFIRMED
    ).select_related("area")


@transaction.atomic
def announcement_create(
    *, author: User, subject: str, body: str, to_everyone: bool, teams: list[IssueTeam]
) -> Announcement:
    """Record an announcement and, once committed, send it in the background."""
    if to_everyone and not author.is_secretariat:
        raise ValidationError(_("Only the secretariat writes to everyone."))
    allowed = set(teams_user_may_announce_to(author).values_list("pk", flat=True))
    if any(team.pk not in allowed for team in teams):
        raise ValidationError(_("You can write only to the teams you facilitate."))
    if not to_everyone and not teams:
        raise ValidationError(_("Choose the teams to write to, or everyone."))
    announcement = Announcement(
        author=author, subject=subject.strip(), body=body.strip(), to_everyone=to_everyone
    )
    announcement.full_clean()
    announcement.save()
    announcement.teams.set(teams)
    audit_record(
        actor=author,
        action=AuditAction.ANNOUNCEMENT_SENT,
        target=announcement.subject,
        everyone=to_everyone,
        teams=[t.pk for t in teams],
    )
    from .tasks import send_announcement

    transaction.on_commit(lambda: send_announcement.delay(announcement.pk))
    return announcement


def announcement_send(announcement_id: int) -> int:
    """Queue one email per recipient; the ledger key (announcement, address) makes a retried or
    duplicated run send nobody a second copy. Returns how many were queued by this run. A
    recipient whose email fails to render or queue is recorded for the secretariat; the others
    still get theirs."""
    with chore_run(Chore.ANNOUNCEMENTS) as run:
        announcement = Announcement.objects.select_related("author").get(pk=announcement_id)
        team_ids = list(announcement.teams.values_list("pk", flat=True))
        users = User.objects.filter(is_active=True)
        subscribers = Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        if not announcement.to_everyone:
            users = users.filter(memberships__team__in=team_ids)
            subscribers = subscribers.filter(team__in=team_ids)
        users = list(users.distinct())
        prefs = preferences_for(users)
        audience = (
            _("everyone")
            if announcement.to_everyone
            else ", ".join(IssueTeam.objects.filter(pk__in=team_ids).values_list("area__name", flat=True))
        )
        context = {"announcement": announcement, "audience": audience}
        seen = {user.email for user in users}

        def to_user(user):
            email = render_for_user(
                "announcement", context, user=user, unsubscribe_url=unsubscribe_url_for(prefs[user.pk])
            )
            return (
                [1]
                if outbox_queue_one(
                    kind=MailKind.ANNOUNCEMENT,
                    to_email=user.email,
                    to_user=user,
                    email=email,
                    ledger_key=f"announcement:{announcement.pk}:{user.email}",
                )
                else []
            )

        def to_subscriber(subscription):
            url = absolute_url(reverse("subscription_unsubscribe", args=[subscription.token]))
            email = render_email(
                "announcement", context, unsubscribe_url=url, stop_url=guest_stop_url(subscription.email)
            )
            return (
                [1]
                if outbox_queue_one(
                    kind=MailKind.ANNOUNCEMENT,
                    to_email=subscription.email,
                    email=email,
                    ledger_key=f"announcement:{announcement.pk}:{subscription.email}",
                )
                else []
            )

        readers = []
        for subscription in subscribers.select_related("team"):
            if subscription.email not in seen:
                seen.add(subscription.email)
                readers.append(subscription)
        queued = run.each(
            [u for u in users if prefs[u.pk].announcements],
            to_user,
            describe=lambda user: f"announcement {announcement.pk}, user {user.pk}",
        )
        queued += run.each(
            readers,
            to_subscriber,
            describe=lambda sub: f"announcement {announcement.pk}, subscription {sub.pk}",
        )
        Announcement.objects.filter(pk=announcement.pk).update(recipient_count=len(seen))
        return len(queued)


@transaction.atomic
def subscription_request(*, team: IssueTeam, name: str, email: str) -> Subscription:
    """Ask to follow a team's announcements; nothing is sent to the address until it confirms."""
    email = email.strip().lower()
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        team=team, email=email, defaults={"name": name.strip()}
    )
    if subscription.is_active:
        return subscription
    if not created:
        subscription.name = name.strip() or subscription.name
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
        subscription.save(update_fields=["name", "unsubscribed_at", "confirmed_at"])
    confirm_url = absolute_url(reverse("subscription_confirm", args=[subscription.token]))
    stop_url = guest_stop_url(email)
    rendered = render_email(
        "subscription",
        {"subscription": subscription, "confirm_url": confirm_url},
        unsubscribe_url=stop_url,
        stop_url=stop_url,
    )
    # One confirmation email per address and team a day, however often the form is sent.
    outbox_queue_one(
        kind=MailKind.SUBSCRIPTION,
        to_email=email,
        email=rendered,
        secrets=[subscription.token],
        ledger_key=f"subscription:{subscription.pk}:{timezone.now().date().isoformat()}",
    )
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    if subscription.confirmed_at is None or subscription.unsubscribed_at is not None:
        Subscription.objects.filter(pk=subscription.pk).update(
            confirmed_at=timezone.now(), unsubscribed_at=None
        )
        subscription.refresh_from_db()
    return subscription


@transaction.atomic
def subscription_cancel(*, subscription: Subscription) -> Subscription:
    Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
    subscription.refresh_from_db()
    return subscription


@transaction.atomic
def unsubscribe_all(*, prefs: NotificationPreferences) -> NotificationPreferences:
    """The one-click unsubscribe of every email but account mail: reminders, notices, announcements."""
    prefs.reminder_offsets = []
    prefs.overdue_notices = prefs.change_notices = prefs.announcements = prefs.meeting_reminders = False
    prefs.save()
    return prefs
