import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules import is_authenticated
from rules.contrib.models import RulesModel

from common.forms import MARKDOWN_MAX, MaxCharsValidator
from teams.rules import is_secretariat

from .enums import DEFAULT_REMINDER_OFFSETS, Chore, Delivery, LedgerStatus, MailKind, OutboxStatus
from .rules import facilitates_any_team
from .sealing import redact
from .validators import validate_reminder_offsets


def new_token():
    return secrets.token_urlsafe(24)


class OutboxMessage(RulesModel):
    """One outgoing email, from queued to sent or failed. The secretariat reads and retries them."""

    kind = models.CharField(max_length=20, choices=MailKind.choices)
    to_email = models.EmailField()
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
    )
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # [{"filename", "content", "mimetype"}]: calendar invitations (.ics) travel with the message.
    attachments = models.JSONField(default=list, blank=True)
    # Mail that carries a secret (a sign-in code, a confirmation, password-reset or guest link):
    # the fields above hold a copy with the secrets hidden, this the real message, encrypted,
    # until it is sent (notifications/sealing.py).
    sealed = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When a worker claimed it (status sending): a claim older than the timeout is taken back.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # When the heal next hands a queued message to the workers: the backoff after a transient
    # failure, or a fresh chance for a message whose broker task was lost. Null: as soon as created.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The last attempt could not reach the mail relay: tried again as soon as the relay answers.
    relay_unreachable = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When its text, HTML, headers, attachments and sealed copy were removed, once old
    # (IGFMAG_OUTBOX_RETENTION_DAYS; services/outbox.py outbox_purge). The row stays: the address,
    # subject and dates are the record that it went, and its ledger entries still point at it.
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbox_status_created_idx"),
            # The outbox page, newest first, a page at a time (common/paging.py) among every message.
            models.Index(fields=["-created_at", "-id"], name="outbox_created_idx"),
            # The daily purge looks only among the messages it has not purged yet: the rows of the
            # last IGFMAG_OUTBOX_RETENTION_DAYS, not the whole history.
            models.Index(
                fields=["created_at"], condition=models.Q(purged_at__isnull=True), name="outbox_unpurged_idx"
            ),
        ]
        # view: the outbox pages; change: sending failed messages again.
        rules_permissions = {"view": is_secretariat, "change": is_secretariat}

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to_email}: {self.subject}"

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None

    @property
    def readable_text(self):
        """The text as the secretariat reads it: besides the secrets hidden when it was queued,
        the recipient's one-click unsubscribe link (which stops all their email) hidden too."""
        links = [self.headers.get("List-Unsubscribe", "").strip("<>")]
        return redact(self.body_text, [link for link in links if link])


class NotificationLedger(models.Model):
    """One row per thing that must reach someone at most once. Its unique key is what makes a
    second send impossible: the row and its outbox message are written in one transaction, so a
    conflict on the key means another sweep already did it.

    The keys are built in ledger_keys.py. `subject` is what the entry is about (a milestone, a
    poll, a meeting, an announcement), when something reads that back: a generic relation, so that
    this app points at no app above it. Schedule's Milestone declares the reverse relation, which
    deletes a milestone's entries with it.
    """

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=MailKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ledger_entries",
    )
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    status = models.CharField(max_length=12, choices=LedgerStatus.choices)
    reason = models.CharField(max_length=200, blank=True)
    outbox = models.ForeignKey(
        OutboxMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="ledger_entries"
    )
    # Groups the rows one sweep inserted, so that it can tell them from rows another sweep owns.
    batch = models.UUIDField(null=True, blank=True, db_index=True)
    # For digest items: the text line the digest shows.
    summary = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["user", "status"], name="ledger_user_status_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="ledger_subject_idx"),
        ]

    def __str__(self):
        return f"{self.key} ({self.get_status_display()})"


# What a person chooses on the notification preferences page.
PREFERENCE_FIELDS = (
    "reminder_offsets",
    "overdue_notices",
    "change_notices",
    "meeting_reminders",
    "announcements",
    "delivery",
)


class NotificationPreferences(RulesModel):
    """What a person wants to receive, and how. Created with the defaults on first use."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    reminder_offsets = models.JSONField(
        _("reminders before a milestone (days)"),
        default=list,
        blank=True,
        validators=[validate_reminder_offsets],
    )
    overdue_notices = models.BooleanField(_("overdue notices for teams I facilitate"), default=True)
    change_notices = models.BooleanField(_("notices when a date I was reminded of moves"), default=True)
    meeting_reminders = models.BooleanField(_("a reminder the day before each of my meetings"), default=True)
    announcements = models.BooleanField(_("announcements"), default=True)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    # Secret of the one-click unsubscribe link in every email.
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        # Everyone signed in edits their own (the view only ever loads the reader's).
        rules_permissions = {"change": is_authenticated}

    def __str__(self):
        return f"Preferences of {self.user}"

    @classmethod
    def defaults(cls):
        return {"reminder_offsets": list(DEFAULT_REMINDER_OFFSETS)}


class Announcement(RulesModel):
    """The mailing-list stand-in.

    The secretariat writes to everyone or to teams, facilitators to their own team.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="announcements"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), validators=[MaxCharsValidator(MARKDOWN_MAX)])
    to_everyone = models.BooleanField(_("everyone"), default=False)
    teams = models.ManyToManyField("teams.IssueTeam", blank=True, related_name="announcements")
    created_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        # add: write one (to whom is the service's rule); view: the list of those sent to the reader.
        rules_permissions = {"add": is_secretariat | facilitates_any_team, "view": is_authenticated}

    def __str__(self):
        return self.subject


class Subscription(models.Model):
    """Someone without an account who follows a team's announcements (double opt-in)."""

    team = models.ForeignKey("teams.IssueTeam", on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=120)
    # The language of the page the follower signed up on: their emails are written in it.
    language = models.CharField(max_length=10, blank=True, choices=settings.LANGUAGES)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "email"], name="one_subscription_per_team_email")
        ]

    def __str__(self):
        return f"{self.email} → {self.team}"

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class GuestAddress(models.Model):
    """An address the site writes to without an account behind it (poll and meeting guests, team
    followers): the secret of its "stop all email to this address" link, and whether its owner
    used it. Mail to a stopped address is not sent, except what the person asks for themselves."""

    email = models.EmailField(unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "guest addresses"

    def __str__(self):
        return self.email

    @property
    def is_stopped(self):
        return self.stopped_at is not None


class ChoreRun(models.Model):
    """How each background chore last went: the outbox page's health panel reads these rows."""

    chore = models.CharField(max_length=30, choices=Chore.choices, unique=True)
    # The last run that reached its end; failed items (see ChoreError) did not stop it.
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_failed_items = models.PositiveIntegerField(default=0)
    # The last run that reached its end with no failed item.
    last_success_at = models.DateTimeField(null=True, blank=True)
    # The last run that stopped on an error before its end (the database away, a bug).
    last_crashed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["chore"]

    def __str__(self):
        return self.get_chore_display()


class ChoreError(models.Model):
    """One failure of a chore on one item (a milestone, a poll, a message, a task), kept with the
    number of times it recurred, so that a milestone failing every minute is one row, not 1,440."""

    chore = models.CharField(max_length=30, choices=Chore.choices)
    item = models.CharField(max_length=200, blank=True)
    message = models.TextField()
    first_at = models.DateTimeField(default=timezone.now)
    last_at = models.DateTimeField(default=timezone.now)
    occurrences = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-last_at", "-id"]
        indexes = [models.Index(fields=["chore", "item"], name="chore_error_item_idx")]

    def __str__(self):
        return f"{self.get_chore_display()}: {self.item}: {self.message[:80]}"
