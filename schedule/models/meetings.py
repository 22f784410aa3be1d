import re
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from common.forms import MARKDOWN_MAX, MaxCharsValidator, validate_date_window
from common.timezones import TimeZoneField
from teams.rules import is_secretariat

from ..enums import MeetingResponse, MeetingStatus
from ..rules import is_in_team_of, is_invited_to, leads_team_of, sees_all_attendees
from .polls import new_guest_token

# An agenda item offered as a choice for written input: a top-level Markdown list item, its text
# cut at this length; at most AGENDA_ITEMS_MAX of them.
AGENDA_ITEM_MAX = 200
AGENDA_ITEMS_MAX = 50
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+(?P<text>\S.*)$")
# Inline Markdown an item is shown without: a link's address (its text kept), emphasis and code marks.
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"\*\*|__|`|(?<!\w)[*_]|[*_](?!\w)")

# How long an invitee's note with their answer may be ("apologies: travelling").
RESPONSE_NOTE_MAX = 300


class Meeting(RulesModel):
    """A team's call at a fixed time, often the chosen slot of a poll. Its calendar invitations
    keep one UID; SEQUENCE grows with every change, and a cancellation is sent as METHOD:CANCEL."""

    team = models.ForeignKey("teams.IssueTeam", on_delete=models.CASCADE, related_name="meetings")
    poll = models.OneToOneField(
        "schedule.AvailabilityPoll", null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting"
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"), validators=[validate_date_window])
    end = models.DateTimeField(_("end"), validators=[validate_date_window])
    video_link = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(
        _("agenda (Markdown)"), blank=True, validators=[MaxCharsValidator(MARKDOWN_MAX)]
    )
    notes = models.TextField(_("notes (Markdown)"), blank=True, validators=[MaxCharsValidator(MARKDOWN_MAX)])
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    # The group publishes it: its title, time, agenda and video link on the public meetings page and
    # in the public calendar feed (never who is invited or who came).
    is_public = models.BooleanField(_("public"), default=False)
    sequence = models.PositiveIntegerField(default=0)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # One call of a series (MeetingSeries), its place in it (0 for the first).
    series = models.ForeignKey(
        "schedule.MeetingSeries", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    position = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="meeting_ends_after_start"
            )
        ]
        rules_permissions = {
            "view": is_secretariat | is_in_team_of | is_invited_to,
            "manage": is_secretariat | leads_team_of,
            "see_attendees": sees_all_attendees,  # every address in the calendar copy
            "answer": is_invited_to,  # attending, not attending, apologies: the invitee's own
            # The record (minutes, decisions, action items): the team and the secretariat; not
            # someone invited from outside the team.
            "view_record": is_secretariat | is_in_team_of | leads_team_of,
            # Every group's attendance of a cycle as one CSV file.
            "export": is_secretariat,
        }

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED

    def agenda_items(self) -> list[str]:
        """The agenda's top-level items: each line that starts a Markdown list item (`- `, `* `,
        `+ `) or a numbered one (`1. `, `2) `) without indentation, its text without inline
        Markdown (links, emphasis, code marks), trimmed and cut at AGENDA_ITEM_MAX; each once, in
        order, at most AGENDA_ITEMS_MAX."""
        items = []
        for line in self.agenda.splitlines():
            found = _LIST_ITEM.match(line.rstrip())
            text = _MARKS.sub("", _LINK.sub(r"\1", found["text"])) if found else ""
            text = " ".join(text.split())[:AGENDA_ITEM_MAX]
            if text and text not in items:
                items.append(text)
        return items[:AGENDA_ITEMS_MAX]


class MeetingAttendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
    )
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=120, blank=True)
    time_zone = TimeZoneField(blank=True)
    # A guest's language, from their poll invitation (a user's comes from the profile).
    language = models.CharField(max_length=10, blank=True, choices=settings.LANGUAGES)
    # The invitee's answer, given in the app: on the meeting page or by the private one-click links
    # of their invitation, which carry `rsvp_token` (made like a poll guest's; it dies with the
    # attendance, and a guest's with their poll link).
    response = models.CharField(
        _("answer"), max_length=15, choices=MeetingResponse.choices, default=MeetingResponse.NONE
    )
    response_note = models.CharField(
        _("note"), max_length=RESPONSE_NOTE_MAX, blank=True, validators=[MaxCharsValidator(RESPONSE_NOTE_MAX)]
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    rsvp_token = models.CharField(max_length=64, unique=True, default=new_guest_token, editable=False)
    # Whether they came, as the facilitators marked it after the start (None: not marked).
    present = models.BooleanField(_("present"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="one_attendance_per_user",
            ),
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=models.Q(user__isnull=True),
                name="one_attendance_per_guest_email",
            ),
        ]

    def __str__(self):
        return f"{self.name or self.email or self.user_id} at meeting {self.meeting_id}"

    @property
    def address(self):
        return self.user.email if self.user_id else self.email

    @property
    def display_name(self):
        # Never a guest's address, not even its first half.
        return self.user.name if self.user_id else (self.name or _("Guest"))

    @property
    def zone_name(self):
        return self.user.time_zone if self.user_id else (self.time_zone or "UTC")


class MeetingSeries(RulesModel):
    """A poll's result as a series of calls: `count` calls, one every `every_weeks` weeks, each at
    one of up to three of the poll's slots (`slots`, their ids; `pattern[k]` is the index in `slots`
    of the k-th call's slot, as schedule/rotation.py proposes it). Each call is an ordinary Meeting
    (`Meeting.series`, `Meeting.position`): its own .ics, UID and SEQUENCE, feeds and attendance.
    The series keeps its wall-clock time in `time_zone` (the zone the poll's slots were entered in)."""

    team = models.ForeignKey("teams.IssueTeam", on_delete=models.CASCADE, related_name="series")
    # One poll makes one series (a second submit is refused by the constraint and the lock).
    poll = models.OneToOneField(
        "schedule.AvailabilityPoll", null=True, blank=True, on_delete=models.SET_NULL, related_name="series"
    )
    title = models.CharField(_("title"), max_length=200)
    every_weeks = models.PositiveSmallIntegerField(_("every (weeks)"), default=1)
    count = models.PositiveSmallIntegerField(_("number of calls"), default=6)
    until = models.DateField(_("until"), null=True, blank=True)
    slots = models.JSONField(default=list)
    pattern = models.JSONField(default=list)
    time_zone = TimeZoneField(default="UTC")
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(every_weeks__gte=1, every_weeks__lte=8), name="series_every_1_to_8_weeks"
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=2, count__lte=26), name="series_2_to_26_calls"
            ),
        ]
        rules_permissions = {
            "view": is_secretariat | is_in_team_of,
            "manage": is_secretariat | leads_team_of,
        }

    def __str__(self):
        return self.title
