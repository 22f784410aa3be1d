"""A meeting's record: its minutes and links, the decisions taken, the action items given to a
member or to the secretariat, and the parking lot of items carried to the next meeting."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from common.forms import MARKDOWN_MAX, MaxCharsValidator, validate_date_window
from common.timezones import TimeZoneField
from teams.rules import is_secretariat

from ..enums import ActionItemStatus
from ..rules import answers_for_action_item, leads_team_of_meeting

# What one decision, action item or parking-lot item may say, and how many a meeting may hold:
# a record is read on one page, so it stays the size of a real meeting's.
ITEM_TEXT_MAX = 1_000
DECIDED_BY_MAX = 120
ITEMS_PER_MEETING = 100


class MeetingRecord(models.Model):
    """The minutes (Markdown, rendered sanitised) and the links to the recording, the transcript and
    the report of one meeting. Written by its facilitators once the call has taken place."""

    meeting = models.OneToOneField("schedule.Meeting", on_delete=models.CASCADE, related_name="record")
    minutes = models.TextField(
        _("minutes (Markdown)"), blank=True, validators=[MaxCharsValidator(MARKDOWN_MAX)]
    )
    recording_url = models.URLField(_("recording"), blank=True, max_length=500)
    transcript_url = models.URLField(_("transcript"), blank=True, max_length=500)
    report_url = models.URLField(_("report"), blank=True, max_length=500)
    # When minutes were first saved: the facilitators' "minutes are not in" reminder stops then.
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"record of meeting {self.meeting_id}"

    @property
    def has_links(self) -> bool:
        return bool(self.recording_url or self.transcript_url or self.report_url)


class Decision(models.Model):
    meeting = models.ForeignKey("schedule.Meeting", on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"), validators=[MaxCharsValidator(ITEM_TEXT_MAX)])
    decided_by = models.CharField(_("decided by"), max_length=DECIDED_BY_MAX)
    # Whether the meeting had its quorum when the decision was taken; None: not known.
    quorum_reached = models.BooleanField(_("quorum reached"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class ActionItem(RulesModel):
    """Something a meeting asked one member, or the secretariat, to do by a moment (stored in UTC,
    entered in a chosen zone). Its owner sees it on the dashboard and in their calendar feed, gets
    one reminder before it is due and one notice when it is overdue."""

    meeting = models.ForeignKey("schedule.Meeting", on_delete=models.CASCADE, related_name="action_items")
    text = models.TextField(_("action"), validators=[MaxCharsValidator(ITEM_TEXT_MAX)])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    owner_is_secretariat = models.BooleanField(default=False)
    due_at = models.DateTimeField(_("due"), validators=[validate_date_window])
    entered_time_zone = TimeZoneField(default="UTC")
    status = models.CharField(max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(owner__isnull=False, owner_is_secretariat=False))
                | (models.Q(owner__isnull=True, owner_is_secretariat=True)),
                name="action_item_one_owner",
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="action_item_status_due_idx")]
        rules_permissions = {
            # Marking it done or dropped: its owner (the secretariat for the secretariat's), the
            # meeting's facilitators, the secretariat.
            "close": is_secretariat | leads_team_of_meeting | answers_for_action_item,
            # Every group's action items of a cycle as one CSV file.
            "export": is_secretariat,
        }

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.status == ActionItemStatus.OPEN

    def owner_name(self) -> str:
        return str(_("The secretariat")) if self.owner_is_secretariat else self.owner.name


class ParkingLotItem(models.Model):
    """A subject left for later: carried to the agenda of the team's next meeting."""

    meeting = models.ForeignKey("schedule.Meeting", on_delete=models.CASCADE, related_name="parking_lot")
    text = models.TextField(_("item"), validators=[MaxCharsValidator(ITEM_TEXT_MAX)])
    carried_to = models.ForeignKey(
        "schedule.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_in"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]
