import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from common.forms import COMMENT_MAX, DESCRIPTION_MAX, MaxCharsValidator, validate_date_window
from common.timezones import TimeZoneField, moment_after
from teams.rules import is_secretariat

from ..enums import Answer, PollStatus
from ..rules import is_in_team_of, is_invited_to, leads_team, leads_team_of


def new_guest_token():
    return secrets.token_urlsafe(24)


class AvailabilityPoll(RulesModel):
    """A Doodle-style poll that finds a time for a team's call; belongs to the team's facilitators."""

    team = models.ForeignKey("teams.IssueTeam", on_delete=models.CASCADE, related_name="polls")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxCharsValidator(DESCRIPTION_MAX)]
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    deadline = models.DateTimeField(_("answers by"), validators=[validate_date_window])
    # The zone the slots were entered in, to show them back the same way.
    entered_time_zone = TimeZoneField(default="UTC")
    status = models.CharField(max_length=10, choices=PollStatus.choices, default=PollStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Grows with every change after creation: each change is told to those invited once.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "deadline"], name="poll_status_deadline_idx")]
        rules_permissions = {
            "create": is_secretariat | leads_team,  # checked against the team
            "launch": is_secretariat,  # the same poll for several teams at once
            "manage": is_secretariat | leads_team_of,
            # Run it again for the next round of calls: who may create a poll for its team, the same
            # people as run it (the poll page's link shows under `manage`, already in its cache key).
            "duplicate": is_secretariat | leads_team_of,
            "view": is_secretariat | is_in_team_of | is_invited_to,
            "see_names": is_secretariat | is_in_team_of,  # who answered what
        }

    def __str__(self):
        return self.title

    @property
    def duration(self):
        return timedelta(minutes=self.duration_minutes)

    @property
    def is_open(self):
        return self.status == PollStatus.OPEN and self.deadline > timezone.now()


class Slot(models.Model):
    poll = models.ForeignKey(AvailabilityPoll, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(validators=[validate_date_window])

    class Meta:
        ordering = ["start", "id"]
        constraints = [models.UniqueConstraint(fields=["poll", "start"], name="one_slot_per_start")]

    def __str__(self):
        return f"{self.start:%Y-%m-%d %H:%M} UTC"

    @property
    def end(self):
        return moment_after(self.start, self.poll.duration)


class Invitee(models.Model):
    """Someone asked to answer: a user, or a guest who answers through a private link."""

    poll = models.ForeignKey(AvailabilityPoll, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="poll_invitations",
    )
    email = models.EmailField(blank=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    # A guest's zone, chosen when answering (a user's comes from the profile).
    guest_time_zone = TimeZoneField(blank=True)
    # A guest's language: the page's when they answered, before that the inviter's (a user's
    # comes from the profile). Their emails are written in it.
    guest_language = models.CharField(max_length=10, blank=True, choices=settings.LANGUAGES)
    token = models.CharField(max_length=64, unique=True, default=new_guest_token)
    revoked_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "user"],
                condition=models.Q(user__isnull=False),
                name="one_invitation_per_user",
            ),
            models.UniqueConstraint(
                fields=["poll", "email"],
                condition=models.Q(user__isnull=True),
                name="one_invitation_per_guest_email",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="invitee_is_user_or_has_email",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def is_guest(self):
        return self.user_id is None

    @property
    def display_name(self):
        if self.user_id:
            return self.user.name
        return self.name or _("Guest")

    @property
    def time_zone(self):
        return self.user.time_zone if self.user_id else (self.guest_time_zone or "")

    @property
    def address(self):
        return self.user.email if self.user_id else self.email


class Vote(models.Model):
    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="votes")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="votes")
    answer = models.CharField(max_length=5, choices=Answer.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["invitee", "slot"], name="one_vote_per_slot")]

    def __str__(self):
        # Ids, not names: a __str__ that queries makes lists in the shell and admin slow.
        return f"invitee {self.invitee_id} on slot {self.slot_id}: {self.answer}"


class PollComment(models.Model):
    poll = models.ForeignKey(AvailabilityPoll, on_delete=models.CASCADE, related_name="comments")
    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"), max_length=COMMENT_MAX, validators=[MaxCharsValidator(COMMENT_MAX)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"comment {self.pk} on poll {self.poll_id}"
