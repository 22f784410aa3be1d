import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules import is_authenticated
from rules.contrib.models import RulesModel

from common.forms import DESCRIPTION_MAX, NOTE_MAX, MaxCharsValidator, validate_date_window
from common.localized import Localized
from common.timezones import TimeZoneField
from notifications.validators import validate_reminder_offsets
from teams.rules import is_secretariat

from ..enums import DONE_STATUSES, DeliverableStatus, MilestoneKind, MilestoneStatus
from ..rules import facilitates_deliverable_team, reads_deliverables


class Milestone(Localized, RulesModel):
    """A date of the year that the secretariat publishes: a deadline, an event or a call. Its
    title and description may be written in each language (`localized`)."""

    localized_fields = ("title", "description")

    cycle = models.ForeignKey("teams.Cycle", on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxCharsValidator(DESCRIPTION_MAX)]
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=MilestoneKind.choices, default=MilestoneKind.DEADLINE
    )
    due_at = models.DateTimeField(_("due"), validators=[validate_date_window])
    # The zone the secretariat entered the time in, so that the form shows it back the same way.
    entered_time_zone = TimeZoneField(default="UTC")
    all_teams = models.BooleanField(_("all teams"), default=True)
    teams = models.ManyToManyField("teams.IssueTeam", blank=True, related_name="milestones")
    requires_deliverable = models.BooleanField(_("each team in scope delivers something"), default=False)
    is_public = models.BooleanField(_("show on the public timeline"), default=True)
    reminder_offsets = models.JSONField(
        _("reminders (days before)"), default=list, blank=True, validators=[validate_reminder_offsets]
    )
    status = models.CharField(max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.DRAFT)
    # Grows with every change a calendar should pick up (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The reminders and notices sent about it (notifications' ledger points here without a foreign
    # key): deleted with the milestone, and filtered on as `NotificationLedger.objects.filter(milestone=...)`.
    ledger_entries = GenericRelation(
        "notifications.NotificationLedger",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="milestone",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="milestone_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requires_deliverable=True) | models.Q(kind=MilestoneKind.DEADLINE),
                name="only_deadlines_ask_for_deliverables",
            ),
        ]
        rules_permissions = {
            "view": is_authenticated,  # the timeline, and the milestones not on the public one
            "manage": is_secretariat,  # create, change, publish
        }

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.status == MilestoneStatus.PUBLISHED

    @property
    def is_past(self):
        return self.due_at <= timezone.now()


class Deliverable(RulesModel):
    """What one team owes for one deadline."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="deliverables")
    team = models.ForeignKey("teams.IssueTeam", on_delete=models.CASCADE, related_name="deliverables")
    status = models.CharField(
        max_length=12, choices=DeliverableStatus.choices, default=DeliverableStatus.NOT_STARTED
    )
    link = models.URLField(_("link"), blank=True)
    note = models.TextField(_("note"), blank=True, validators=[MaxCharsValidator(NOTE_MAX)])
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["milestone__due_at", "team__area__name"]
        constraints = [models.UniqueConstraint(fields=["milestone", "team"], name="one_deliverable_per_team")]
        rules_permissions = {
            "list": is_secretariat,  # the matrix of every team's deliverables
            "view": reads_deliverables,
            "update": is_secretariat | facilitates_deliverable_team,
            "accept": is_secretariat,
        }

    def __str__(self):
        return f"{self.team} — {self.milestone}"

    @property
    def is_late(self):
        return self.status not in DONE_STATUSES and self.milestone.due_at <= timezone.now()


def new_feed_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(RulesModel):
    """A person's private calendar feed; whoever knows the token can read it, so it can be reset."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        rules_permissions = {"use": is_authenticated}

    def __str__(self):
        return f"Calendar feed of {self.user}"
