"""What notifications holds about a person, for their own download (accounts/personal_data.py):
their email preferences, the emails sent to them, the teams they follow by address, whether they
stopped all email to an address, and the announcements they wrote. Connected in
NotificationsConfig.ready().

An email's copy is the outbox's readable one: the codes and links that act for the person were
hidden when it was queued (sealing.py), the one-click unsubscribe link too (`readable_text`). An
account email (sign-in code, confirmation, password reset) is given without its text at all:
nothing in it is worth keeping, and nothing of its secret should travel in a file."""

from django.db.models import Q
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.personal_data import Section, iso
from accounts.signals import personal_data_requested

from .enums import MailKind
from .models import (
    PREFERENCE_FIELDS,
    Announcement,
    GuestAddress,
    NotificationPreferences,
    OutboxMessage,
    Subscription,
)


@receiver(personal_data_requested, dispatch_uid="notifications.personal_data")
def personal_data(sender, user, own_addresses, **kwargs) -> list[Section]:
    """Five queries, whatever the number of emails."""
    return [
        Section("email_preferences", _("Your email preferences"), _preferences(user)),
        Section(
            "emails_sent_to_you",
            _("Emails the site sent you"),
            _emails(user, own_addresses),
            note=_(
                "Codes and links that act for you are shown as dots; sign-in and account emails "
                "without their text."
            ),
        ),
        Section(
            "followed_groups", _("Groups whose announcements you follow by email"), _follows(own_addresses)
        ),
        Section(
            "stopped_addresses", _("Your addresses to which all email was stopped"), _stopped(own_addresses)
        ),
        Section("announcements_written", _("Announcements you wrote"), _announcements(user)),
    ]


def _preferences(user) -> dict | None:
    # Not the unsubscribe link's secret.
    row = NotificationPreferences.objects.filter(user=user).values(*PREFERENCE_FIELDS).first()
    return row


def _emails(user, own_addresses) -> list[dict]:
    messages = (
        OutboxMessage.objects.alias(address=Lower("to_email"))
        .filter(Q(to_user=user) | Q(address__in=own_addresses))
        .only(
            "kind",
            "to_email",
            "subject",
            "body_text",
            "headers",
            "status",
            "created_at",
            "sent_at",
            "attachments",
            "purged_at",
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "kind": message.kind,
            "kind_label": message.get_kind_display(),
            "to": message.to_email,
            "subject": message.subject,
            "text": "" if message.kind == MailKind.ACCOUNT else message.readable_text,
            "attachments": [attachment.get("filename", "") for attachment in message.attachments or []],
            "status": message.status,
            "created_at": iso(message.created_at),
            "sent_at": iso(message.sent_at),
            # After IGFMAG_OUTBOX_RETENTION_DAYS the outbox keeps no text: say so, not an empty one.
            "text_removed_at": iso(message.purged_at),
        }
        for message in messages
    ]


def _follows(own_addresses) -> list[dict]:
    subscriptions = (
        Subscription.objects.alias(address=Lower("email"))
        .filter(address__in=own_addresses)
        .select_related("team__cycle", "team__area")
        .order_by("created_at", "id")
    )
    return [
        {
            "group": str(subscription.team.name),
            "year": subscription.team.cycle.year,
            "email": subscription.email,
            "name": subscription.name,
            "created_at": iso(subscription.created_at),
            "confirmed_at": iso(subscription.confirmed_at),
            "unsubscribed_at": iso(subscription.unsubscribed_at),
        }
        for subscription in subscriptions
    ]


def _stopped(own_addresses) -> list[dict]:
    return [
        {"email": row["email"], "stopped_at": iso(row["stopped_at"])}
        for row in GuestAddress.objects.alias(address=Lower("email"))
        .filter(address__in=own_addresses, stopped_at__isnull=False)
        .values("email", "stopped_at")
        .order_by("id")
    ]


def _announcements(user) -> list[dict]:
    return [
        {
            "subject": row["subject"],
            "text": row["body"],
            "created_at": iso(row["created_at"]),
            "recipients": row["recipient_count"],
        }
        for row in Announcement.objects.filter(author=user)
        .values("subject", "body", "created_at", "recipient_count")
        .order_by("created_at", "id")
    ]
