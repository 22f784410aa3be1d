"""The preparatory-phase programme: the sessions the secretariat places in time (accepted session
proposals and items that are not proposals, such as the MAG chair's dialogue or a training), the
rooms and online channels they are held in, the releases the MAG reads and approves, and each
person's own choice of sessions.

The programme is a draft until released: `ProgrammeSession` rows are the draft; a
`ProgrammeRelease` keeps a copy of the whole programme as it was released (`snapshot`) and what
changed since the release before it, in words (`changelog`), so that earlier versions stay
readable whatever changes later.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rules.contrib.models import RulesModel

from accounts.rules import is_secretariat
from common.forms import DESCRIPTION_MAX, MaxCharsValidator, validate_date_window
from proposals.enums import Modality
from proposals.models import SESSION_MINUTES_MAX, SESSION_MINUTES_MIN

from .enums import CONVENER_STYLE, Convener, ResourceKind, SessionStatus

SESSION_TITLE_MAX = 200
RESOURCE_NAME_MAX = 120
# A room larger than a stadium is a typing error.
RESOURCE_CAPACITY_MAX = 10_000
RELEASE_NOTE_MAX = 2_000


class SessionTimes:
    """What the draft's sessions and their released copies compute alike from their fields."""

    @property
    def ends_at(self):
        if self.starts_at is None:
            return None
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def is_placed(self) -> bool:
        return self.status == SessionStatus.PLACED

    @property
    def convener_colour(self) -> str:
        return CONVENER_STYLE[Convener(self.convener)]["colour"]

    @property
    def convener_short(self) -> str:
        return CONVENER_STYLE[Convener(self.convener)]["short"]


class ProgrammeSession(SessionTimes, RulesModel):
    """One item of a year's programme. From an accepted entry of the review (`entry`, which may point
    at a group's proposal) or entered by the secretariat (`entry` empty). Its time is in UTC; it lasts
    `minutes`. `sequence` goes up by one each time a change touches what a calendar shows (time,
    length, title, cancellation), the SEQUENCE of its .ics; `uid` never changes.

    Changing `issue_areas` or `policy_questions` alone saves no row: services save the session after
    setting them, so that the "programme" version moves."""

    cycle = models.ForeignKey(
        "teams.Cycle", on_delete=models.CASCADE, related_name="programme_sessions", verbose_name=_("year")
    )
    entry = models.OneToOneField(
        "review.Entry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_session",
        verbose_name=_("accepted proposal"),
    )
    team = models.ForeignKey(
        "teams.IssueTeam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_sessions",
        verbose_name=_("convening group"),
    )
    convener = models.CharField(
        _("convened by"), max_length=12, choices=Convener.choices, default=Convener.MAG
    )
    kind = models.ForeignKey(
        "proposals.SessionKind",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_sessions",
        verbose_name=_("kind of session"),
    )
    title = models.CharField(_("title"), max_length=SESSION_TITLE_MAX)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxCharsValidator(DESCRIPTION_MAX)]
    )
    issue_areas = models.ManyToManyField(
        "teams.IssueArea", blank=True, related_name="programme_sessions", verbose_name=_("issue areas")
    )
    policy_questions = models.ManyToManyField(
        "teams.PolicyQuestion",
        blank=True,
        related_name="programme_sessions",
        verbose_name=_("policy questions"),
    )
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.UNPLACED)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, validators=[validate_date_window])
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=90,
        validators=[MinValueValidator(SESSION_MINUTES_MIN), MaxValueValidator(SESSION_MINUTES_MAX)],
    )
    modality = models.CharField(_("held"), max_length=10, choices=Modality.choices, default=Modality.ONLINE)
    # Where to join: filled from the online channel booked for it, or written by the secretariat.
    join_url = models.URLField(_("link to join"), blank=True, max_length=500)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "title", "id"]
        indexes = [models.Index(fields=["cycle", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=SESSION_MINUTES_MIN)
                & models.Q(minutes__lte=SESSION_MINUTES_MAX),
                name="programme_session_minutes_in_bounds",
            ),
            # A placed session has a time; an unplaced one may keep a time it had (cancelled ones do).
            models.CheckConstraint(
                condition=~models.Q(status=SessionStatus.PLACED) | models.Q(starts_at__isnull=False),
                name="programme_session_placed_has_time",
            ),
        ]
        rules_permissions = {
            "build": is_secretariat,
            "release": is_secretariat,
            "export": is_secretariat,
        }

    def __str__(self):
        return self.title


class Resource(models.Model):
    """A room or an online channel (one of the secretariat's video-conference accounts: "we will
    provide the Zoom channel"), booked for programme sessions and group meetings, never twice at once."""

    name = models.CharField(_("name"), max_length=RESOURCE_NAME_MAX, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ResourceKind.choices, default=ResourceKind.CHANNEL
    )
    capacity = models.PositiveIntegerField(
        pgettext_lazy("how many people a room holds", "capacity"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(RESOURCE_CAPACITY_MAX)],
    )
    # A channel's link to join, shown to those who may join (a session's page, a meeting's invitation).
    join_url = models.URLField(_("link to join"), blank=True, max_length=500)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class ResourceBooking(models.Model):
    """A resource held from `starts_at` to `ends_at` (UTC) for a programme session or a group's
    meeting (exactly one of them). Two bookings of one resource never overlap: the service checks it
    and says which booking is in the way; on PostgreSQL an exclusion constraint (migration 0001)
    guarantees it under concurrent requests too."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="bookings")
    session = models.ForeignKey(
        ProgrammeSession, on_delete=models.CASCADE, null=True, blank=True, related_name="bookings"
    )
    meeting = models.ForeignKey(
        "schedule.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="resource_bookings"
    )
    starts_at = models.DateTimeField(validators=[validate_date_window])
    ends_at = models.DateTimeField(validators=[validate_date_window])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["resource", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(session__isnull=False) & models.Q(meeting__isnull=True))
                | (models.Q(session__isnull=True) & models.Q(meeting__isnull=False)),
                name="resource_booking_one_holder",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="resource_booking_ends_after_start",
            ),
            models.UniqueConstraint(fields=["resource", "session"], name="resource_booking_once_per_session"),
            models.UniqueConstraint(fields=["resource", "meeting"], name="resource_booking_once_per_meeting"),
        ]

    def __str__(self):
        return f"{self.resource} {self.starts_at:%Y-%m-%d %H:%M}"


class ProgrammeRelease(RulesModel):
    """A released version of a year's programme: its number (1, 2, ...), when, by whom, a note, the
    programme as released (`snapshot`: a list of sessions as plain values) and what changed since the
    previous release (`changelog`: a list of changes, each with its kind and before and after).
    Once the MAG approves it, `approved_on` and, where the meeting records hold it, the meeting and
    the decision."""

    cycle = models.ForeignKey("teams.Cycle", on_delete=models.CASCADE, related_name="programme_releases")
    number = models.PositiveSmallIntegerField(_("version"))
    released_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, validators=[MaxCharsValidator(RELEASE_NOTE_MAX)])
    snapshot = models.JSONField(default=list)
    changelog = models.JSONField(default=list)
    approved_on = models.DateField(_("approved by the MAG on"), null=True, blank=True)
    approved_meeting = models.ForeignKey(
        "schedule.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    approved_decision = models.ForeignKey(
        "schedule.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
    )
    approved_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["cycle", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "number"], name="programme_release_number_once_per_year"
            ),
        ]
        rules_permissions = {"release": is_secretariat, "approve": is_secretariat}

    def __str__(self):
        return f"{self.cycle} v{self.number}"


class ProgrammeSelection(models.Model):
    """A session a person added to their own schedule ("Add to my schedule"): their personal feed
    holds it, and a released change to it reaches them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_selections"
    )
    session = models.ForeignKey(ProgrammeSession, on_delete=models.CASCADE, related_name="selections")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="programme_selection_once")]

    def __str__(self):
        return f"{self.user_id} → {self.session_id}"


class ReleasedSession(SessionTimes, models.Model):
    """A session as the latest release published it: what the public programme, a session's public
    page, the exports and the personal feeds show. Written anew for the whole year by each release
    (`programme.services.releases`), so that a change to the draft stays the secretariat's until the
    next release. It shares its session's primary key (a session's public address, and the choices
    people made, name the session)."""

    session = models.OneToOneField(
        ProgrammeSession, on_delete=models.CASCADE, primary_key=True, related_name="released"
    )
    cycle = models.ForeignKey("teams.Cycle", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(
        "review.Entry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "teams.IssueTeam", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    convener = models.CharField(_("convened by"), max_length=12, choices=Convener.choices)
    kind = models.ForeignKey(
        "proposals.SessionKind", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=SESSION_TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    issue_areas = models.ManyToManyField("teams.IssueArea", blank=True, related_name="+")
    policy_questions = models.ManyToManyField("teams.PolicyQuestion", blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=SessionStatus.choices)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    modality = models.CharField(_("held"), max_length=10, choices=Modality.choices)
    join_url = models.URLField(_("link to join"), blank=True, max_length=500)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    uid = models.UUIDField(editable=False)
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()
    release = models.ForeignKey(ProgrammeRelease, on_delete=models.CASCADE, related_name="sessions")

    class Meta:
        ordering = ["starts_at", "title", "session_id"]
        indexes = [models.Index(fields=["cycle", "starts_at"])]

    def __str__(self):
        return self.title

    # The fields a release copies from the draft's session as they are.
    COPIED = (
        "cycle_id", "entry_id", "team_id", "convener", "kind_id", "title", "description", "status",
        "starts_at", "minutes", "modality", "join_url", "venue", "uid", "sequence", "updated_at",
    )  # fmt: skip
