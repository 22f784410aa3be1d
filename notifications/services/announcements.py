"""Announcements (the mailing-list stand-in) and the double opt-in subscriptions of people
without an account who follow a team's announcements."""

from __future__ import annotations

from celery import signature
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from common.languages import site_language
from common.lists import joined
from common.versions import version_bump
from teams.models import IssueTeam

from .. import ledger_keys
from ..chores import chore_run
from ..emails import absolute_url
from ..enums import Chore, MailKind
from ..models import Announcement, Subscription
from ..selectors.announcements import teams_user_may_announce_to
from .notices import notice_for, notices_record
from .preferences import preferences_for

# The task that sends an announcement, named rather than imported: notifications/tasks.py wraps
# these services and imports this module, so importing it back would make a cycle.
SEND_TASK = "notifications.tasks.send_announcement"


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
    transaction.on_commit(lambda: signature(SEND_TASK, args=(announcement.pk,)).delay())
    return announcement


def announcement_send(announcement_id: int) -> int:
    """Queue one email per recipient, in a number of queries that does not grow with them; the
    ledger key (announcement, address) makes a retried or duplicated run send nobody a second
    copy. Returns how many were queued by this run. A recipient whose email fails to render is
    recorded for the secretariat; the others still get theirs."""
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
            else joined(
                # Each group's original name: its own, else (an issue team) its area's.
                team.title or team.area.name
                for team in IssueTeam.objects.filter(pk__in=team_ids).select_related("area")
            )
        )
        context = {"announcement": announcement, "audience": audience}
        notices = [
            notice_for(
                key=ledger_keys.announcement(announcement.pk, user.email),
                kind=MailKind.ANNOUNCEMENT,
                template="announcement",
                context=context,
                user=user,
                subject=announcement,
            )
            for user in users
            if prefs[user.pk].announcements
        ]
        seen = {user.email for user in users}
        for subscription in subscribers:
            if subscription.email in seen:
                continue
            seen.add(subscription.email)
            notices.append(
                notice_for(
                    key=ledger_keys.announcement(announcement.pk, subscription.email),
                    kind=MailKind.ANNOUNCEMENT,
                    template="announcement",
                    context=context,
                    guest_email=subscription.email,
                    guest_language=subscription.language,
                    # The one-click unsubscribe ends this subscription; the visible link stops all.
                    guest_unsubscribe_url=absolute_url(
                        reverse("subscription_unsubscribe", args=[subscription.token])
                    ),
                    subject=announcement,
                )
            )
        queued = notices_record(notices, run=run)
        Announcement.objects.filter(pk=announcement.pk).update(recipient_count=len(seen))
        version_bump("announcements")  # update() sends no signal: the list shows the count
        return len(queued)


@transaction.atomic
def subscription_request(*, team: IssueTeam, name: str, email: str, language: str = "") -> Subscription:
    """Ask to follow a team's announcements; nothing is sent to the address until it confirms.
    `language`: the page's, in which the confirmation and later announcements are written."""
    email = email.strip().lower()
    language = site_language(language) if language else ""
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        team=team, email=email, defaults={"name": name.strip(), "language": language}
    )
    if subscription.is_active:
        return subscription
    if not created:
        subscription.name = name.strip() or subscription.name
        subscription.language = language or subscription.language
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
        subscription.save(update_fields=["name", "language", "unsubscribed_at", "confirmed_at"])
    confirm_url = absolute_url(reverse("subscription_confirm", args=[subscription.token]))
    notices_record(
        [
            notice_for(
                # One confirmation email per address and team a day, however often the form is sent.
                key=ledger_keys.subscription_confirmation(subscription.pk, timezone.now().date()),
                kind=MailKind.SUBSCRIPTION,
                template="subscription",
                context={"subscription": subscription, "confirm_url": confirm_url},
                guest_email=email,
                guest_language=subscription.language,
                subject=subscription,
                secrets=(subscription.token,),
            )
        ]
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
