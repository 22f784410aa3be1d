"""Session proposals: what a group proposes to the MAG (an introductory session, a main session,
...), its panel, and its history.

A proposal belongs to the group that drafts it (`team`), is of a `SessionKind` (a list the
secretariat keeps, each with its default length and the share of the time the floor should keep),
takes up policy questions of the issue areas, and is due by a milestone. Its facilitators (and the
members they name as its editors) draft it, may share the draft with the group for comments, then
submit, revise or withdraw it; each of these steps is a `ProposalEvent`, with a copy of what was
submitted, so that the history stays readable whatever changes later.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from accounts.enums import Gender, StakeholderGroup, UNRegion
from accounts.rules import is_secretariat
from common.forms import COMMENT_MAX, DESCRIPTION_MAX, MaxCharsValidator, validate_date_window
from common.localized import Localized
from common.timezones import TimeZoneField

from .enums import (
    InvitationState,
    Modality,
    PanelRole,
    Presence,
    ProposalEventKind,
    ProposalStatus,
    SessionFormat,
)
from .rules import (
    edits_proposal,
    leads_proposal_group,
    may_comment_on_proposal,
    may_draft_for_team,
    may_nominate,
    reads_group_proposals,
    reads_proposal,
    withdraws_nomination,
)

# A session lasts at least a quarter of an hour and at most a day's programme.
SESSION_MINUTES_MIN = 15
SESSION_MINUTES_MAX = 480
# The floor's share the secretariat may ask of a kind of session, in percent.
FLOOR_SHARE_MAX = 90
# What one person on a panel may be given, in minutes, for an opening or a follow-up.
TURN_MINUTES_MAX = 60
# A panel larger than this is no panel: the form says so rather than plan it.
PANEL_SIZE_MAX = 30
PROPOSAL_TITLE_MAX = 200
# Comments on one proposal: a discussion, not a mailing list.
COMMENTS_PER_PROPOSAL = 300
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def validate_languages(value) -> None:
    """A list of distinct codes of the site's six languages."""
    if not isinstance(value, list) or any(code not in LANGUAGE_CODES for code in value):
        raise ValidationError(_("Choose languages among the six of the United Nations."))
    if len(set(value)) != len(value):
        raise ValidationError(_("Each language once."))


class SessionKind(Localized):
    """A kind of session the MAG takes proposals for (an introductory session of the preparatory
    phase, a main session, ...). The secretariat keeps the list (proposals.services.session_kind_*)
    and each kind's default length and the share of it the floor should keep."""

    localized_fields = ("name",)

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    default_minutes = models.PositiveSmallIntegerField(
        _("default length (minutes)"),
        default=90,
        validators=[MinValueValidator(SESSION_MINUTES_MIN), MaxValueValidator(SESSION_MINUTES_MAX)],
    )
    floor_share = models.PositiveSmallIntegerField(
        _("the floor's share at least (percent)"),
        default=30,
        validators=[MaxValueValidator(FLOOR_SHARE_MAX)],
        help_text=_("The panel planner warns when the time left for the floor is less."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    # A kind no longer offered for new proposals; the proposals of that kind keep it.
    is_active = models.BooleanField(_("offered for new proposals"), default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_minutes__gte=SESSION_MINUTES_MIN)
                & models.Q(default_minutes__lte=SESSION_MINUTES_MAX),
                name="session_kind_minutes_in_bounds",
            ),
            models.CheckConstraint(
                condition=models.Q(floor_share__lte=FLOOR_SHARE_MAX),
                name="session_kind_floor_share_in_bounds",
            ),
        ]

    def __str__(self):
        return self.name


class Proposal(RulesModel):
    """A session a group proposes to the MAG."""

    team = models.ForeignKey(
        "teams.IssueTeam", on_delete=models.CASCADE, related_name="proposals", verbose_name=_("group")
    )
    kind = models.ForeignKey(
        SessionKind, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("kind of session")
    )
    title = models.CharField(_("title"), max_length=PROPOSAL_TITLE_MAX)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxCharsValidator(DESCRIPTION_MAX)]
    )
    policy_questions = models.ManyToManyField(
        "teams.PolicyQuestion", blank=True, related_name="proposals", verbose_name=_("policy questions")
    )
    format = models.CharField(
        _("format"), max_length=20, choices=SessionFormat.choices, default=SessionFormat.PANEL
    )
    modality = models.CharField(_("held"), max_length=10, choices=Modality.choices, default=Modality.HYBRID)
    languages = models.JSONField(_("languages"), default=list, blank=True, validators=[validate_languages])
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        validators=[MinValueValidator(SESSION_MINUTES_MIN), MaxValueValidator(SESSION_MINUTES_MAX)],
    )
    # The milestone it is due by (a deadline of the group's year), if the secretariat set one.
    due = models.ForeignKey(
        "schedule.Milestone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("due by"),
    )
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    # A draft the group's members may read and comment on before it is submitted.
    shared = models.BooleanField(_("shared with the group"), default=False)
    # Members the facilitators let edit it, besides themselves.
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="proposals_edited", verbose_name=_("editors")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The number of the version the MAG reads: 1 at the first submission, one more at each revision.
    version = models.PositiveSmallIntegerField(default=0)
    # When the group proposes to hold it (UTC); it lasts `minutes`. What invited speakers see, and
    # the .ics a confirmed speaker gets; unset, they read that the time is not fixed yet.
    starts_at = models.DateTimeField(
        _("proposed time"), null=True, blank=True, validators=[validate_date_window]
    )
    # One more each time the proposed time or length changes: the SEQUENCE of the .ics confirmed
    # speakers get (proposals.invitations), so that their calendars take the newer one.
    time_sequence = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["team", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=SESSION_MINUTES_MIN)
                & models.Q(minutes__lte=SESSION_MINUTES_MAX),
                name="proposal_minutes_in_bounds",
            ),
        ]
        # Permissions named "proposals.<key>_proposal"; "draft" is asked with the group.
        rules_permissions = {
            "draft": may_draft_for_team,
            # Asked with the group, as "draft" is: its list of proposals.
            "list": reads_group_proposals,
            "choose_editors": leads_proposal_group,
            "read": reads_proposal,
            "edit": edits_proposal,
            "comment": may_comment_on_proposal,
            "nominate": may_nominate,
            "manage_kinds": is_secretariat,
            "view_all": is_secretariat,
        }

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == ProposalStatus.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == ProposalStatus.SUBMITTED

    def is_late(self, now=None) -> bool:
        """Submitted after the milestone it was due by (or still a draft past it)."""
        if self.due_id is None:
            return False
        due_at = self.due.due_at
        if self.submitted_at is not None and self.version == 1:
            return self.submitted_at > due_at
        return self.status == ProposalStatus.DRAFT and (now or timezone.now()) > due_at

    def snapshot(self) -> dict:
        """What was proposed, as the history keeps it (ids and codes, read back by
        proposals.selectors.revision_changes)."""
        return {
            "title": self.title,
            "description": self.description,
            "kind": self.kind_id,
            "format": self.format,
            "modality": self.modality,
            "languages": list(self.languages),
            "minutes": self.minutes,
            "policy_questions": sorted(q.pk for q in self.policy_questions.all()),
            # In UTC, as ISO text: moving the proposed time is a revision too.
            "starts_at": self.starts_at.isoformat() if self.starts_at else None,
        }


class ProposalEvent(models.Model):
    """One step of a proposal's history: drafted, shared, submitted, revised, withdrawn; a
    submission or a revision keeps a copy of what was submitted."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=ProposalEventKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    version = models.PositiveSmallIntegerField(default=0)
    snapshot = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True, validators=[MaxCharsValidator(COMMENT_MAX)])

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["proposal", "at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"


class ProposalComment(models.Model):
    """A group member's comment on a shared draft or a submitted proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), validators=[MaxCharsValidator(COMMENT_MAX)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "created_at"])]

    def __str__(self):
        return self.body[:80]


class Panelist(models.Model):
    """Someone on the proposal's panel: a speaker, or its chair, moderator or rapporteur, with the
    minutes the planner gives them and what the MAG weighs for balance (stakeholder group, UN
    regional group, gender if given) and whether they will be in the room or online."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="panelists")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    role = models.CharField(_("role"), max_length=12, choices=PanelRole.choices, default=PanelRole.SPEAKER)
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=20, choices=StakeholderGroup.choices, blank=True
    )
    region = models.CharField(_("UN regional group"), max_length=20, choices=UNRegion.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    presence = models.CharField(
        _("takes part"), max_length=10, choices=Presence.choices, default=Presence.IN_ROOM
    )
    # A speaker's opening and follow-up; the chair's and the moderator's time in all (opening).
    opening_minutes = models.PositiveSmallIntegerField(
        _("opening (minutes)"), default=3, validators=[MaxValueValidator(TURN_MINUTES_MAX)]
    )
    followup_minutes = models.PositiveSmallIntegerField(
        _("follow-up (minutes)"), default=2, validators=[MaxValueValidator(TURN_MINUTES_MAX)]
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The invitation to speak (proposals.services.invitations): sent to `email`, answered through a
    # private link whose token the outbox never keeps readable. `invitation_round` counts the
    # invitations sent, so that inviting again after a decline sends a new email (ledger key).
    invitation = models.CharField(
        _("invitation"), max_length=10, choices=InvitationState.choices, default="", blank=True
    )
    token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invitation_round = models.PositiveSmallIntegerField(default=0)
    invited_at = models.DateTimeField(null=True, blank=True)
    reply_by = models.DateField(_("reply by"), null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    # The invitation's emails are written in it (the inviter's language by default).
    language = models.CharField(
        _("language of the emails"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    # The zone the speaker chose on their page; the emails show times in it (and in UTC).
    time_zone = TimeZoneField(_("time zone"), blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(invitation="") | models.Q(token__isnull=False),
                name="panelist_invitation_has_token",
            ),
            models.CheckConstraint(
                condition=models.Q(opening_minutes__lte=TURN_MINUTES_MAX)
                & models.Q(followup_minutes__lte=TURN_MINUTES_MAX),
                name="panelist_minutes_in_bounds",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.name

    @property
    def is_awaiting_reply(self) -> bool:
        return self.invitation == InvitationState.INVITED


class WithdrawnInvitation(models.Model):
    """The private link of someone removed from the panel after being invited: their row is gone,
    so that the link may still say the invitation was withdrawn (and nothing else about the
    session) rather than that it is not valid."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    withdrawn_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"withdrawn invitation ({self.withdrawn_at:%Y-%m-%d})"


# The roles the group nominates someone to (the MAG's way: "That's my nomination to be the chair").
NOMINATED_ROLES = (PanelRole.CHAIR, PanelRole.MODERATOR)
# Nominations on one proposal: a short list to choose from, not a ballot of the whole group.
NOMINATIONS_PER_PROPOSAL = 20


class Nomination(RulesModel):
    """A member of the group put forward by another (or by themselves) to chair or moderate the
    session; the others' support is counted (`NominationSupport`, the nominator's among them). The
    facilitators and editors appoint one (proposals.nominations.nomination_appoint): the nominee
    joins the panel in that role."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="nominations")
    role = models.CharField(
        _("role"), max_length=12, choices=[(role.value, role.label) for role in NOMINATED_ROLES]
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("nominee")
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    appointed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "role", "nominee"], name="nomination_once_per_role"),
            models.CheckConstraint(
                condition=models.Q(role__in=[role.value for role in NOMINATED_ROLES]),
                name="nomination_role_chair_or_moderator",
            ),
        ]
        # "proposals.withdraw_nomination", asked with the nomination (its proposal read with it).
        rules_permissions = {"withdraw": withdraws_nomination}

    def __str__(self):
        return f"{self.nominee} ({self.role})"


class NominationSupport(models.Model):
    """One member's support of a nomination (withdrawn by deleting the row)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "user"], name="nomination_support_once"),
        ]

    def __str__(self):
        return f"{self.user} supports {self.nomination}"
