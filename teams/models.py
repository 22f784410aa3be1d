import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from accounts.rules import is_current_mag, is_secretariat
from common.forms import DESCRIPTION_MAX, MaxCharsValidator
from common.localized import Localized

from .enums import (
    CONVENED_KINDS,
    CONVENER_TITLES,
    GROUP_KIND_HEADINGS,
    Capacity,
    FacilitatorKind,
    FacilitatorStatus,
    GroupKind,
    QuorumKind,
)
from .rules import holds_role, is_team_member, leads_team, may_create_some_group, may_hand_over


class Cycle(RulesModel):
    """One IGF year, from the first MAG meeting to the annual meeting.

    A year is drafted from the one before it (schedule/services/years.py): while `is_draft`, only
    the secretariat sees it and nothing of the current year changes; switching makes it current in
    one confirmed step (`started_at`), and the year before it becomes the archive."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_current = models.BooleanField(_("current"), default=False)
    # Drafted from the year before, reviewed by the secretariat, not yet current.
    is_draft = models.BooleanField(_("draft"), default=False)
    drafted_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="drafts"
    )
    # The day of the year's annual meeting: the milestone plan is drafted relative to it.
    annual_meeting_on = models.DateField(_("annual meeting"), null=True, blank=True)
    # When the year became current (the switch); the MAG terms that ended then keep this date.
    started_at = models.DateTimeField(null=True, blank=True)
    # The MAG members whose term ends when this year begins: the secretariat chooses them on the
    # draft; the switch makes them past MAG members, and the rows stay as the record of when.
    mag_terms_ending = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mag_terms_ended_with"
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_cycle"
            ),
            models.CheckConstraint(
                condition=~models.Q(is_current=True, is_draft=True), name="a_draft_cycle_is_not_current"
            ),
        ]
        # "teams.roll_over_cycle": draft the next year from this one, review it, switch to it.
        rules_permissions = {"roll_over": is_secretariat}

    def __str__(self):
        return self.name


class IssueArea(Localized):
    """A theme the MAG organises a year around (six in 2021); its name and description may be
    written in each language (`localized`)."""

    localized_fields = ("name", "description")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxCharsValidator(DESCRIPTION_MAX)]
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PolicyQuestion(Localized):
    localized_fields = ("text",)

    area = models.ForeignKey(IssueArea, on_delete=models.CASCADE, related_name="policy_questions")
    text = models.TextField(_("policy question"), validators=[MaxCharsValidator(1_000)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["area", "position", "id"]

    def __str__(self):
        return self.text[:80]


# The largest quorum a group may set as a number of members; a share is 1 to 100 percent.
QUORUM_COUNT_MAX = 500


class IssueTeam(RulesModel, Localized):
    """A MAG group in one cycle: historically named for the issue teams (the people working on one
    issue area in one year), it is any group the MAG works in, of a `kind` (GroupKind): an issue
    team, a MAG working group (hybrid meetings, strategy, ...), the Dynamic Coalitions'
    coordination group, a Best Practice Forum, a Policy Network, the NRIs, or another group.

    An issue team has its issue area and is named by it; any other group has its own `title` and
    may work on an area too. Every group has its page at /teams/<year>/<slug>/, members in a
    capacity, facilitators (chair and co-chairs; a BPF's and a PN's are called conveners,
    `FacilitatorRole.title`), polls, meetings, announcements and deliverables."""

    localized_fields = ("title", "description")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="teams")
    kind = models.CharField(
        _("kind of group"), max_length=30, choices=GroupKind.choices, default=GroupKind.ISSUE_TEAM
    )
    area = models.ForeignKey(
        IssueArea,
        on_delete=models.PROTECT,
        related_name="teams",
        null=True,
        blank=True,
        verbose_name=_("issue area"),
    )
    # The group's own name; an issue team with an area may leave it empty (the area names it).
    title = models.CharField(_("name"), max_length=200, blank=True)
    slug = models.SlugField(_("short name in the address"), max_length=80)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxCharsValidator(DESCRIPTION_MAX)]
    )
    # The facilitators are reminded once when a meeting's minutes are not in this many days after it.
    minutes_due_days = models.PositiveSmallIntegerField(
        _("minutes due (days after a meeting)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The group's quorum: how many of its MAG members (a number, or a percent of them) must be
    # present for its meeting to decide (schedule.attendance counts them).
    quorum_kind = models.CharField(
        _("quorum rule"), max_length=10, choices=QuorumKind.choices, default=QuorumKind.NONE
    )
    quorum_value = models.PositiveSmallIntegerField(
        _("quorum"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(QUORUM_COUNT_MAX)],
    )
    # The group of the year before that this one carries on (the yearly rollover): its members are
    # asked, once each, whether to join this one (CarryOverAnswer).
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["area__name", "title"]
        constraints = [
            # An issue area has one issue team a year; other groups may work on the same area.
            models.UniqueConstraint(
                fields=["cycle", "area"],
                condition=models.Q(kind=GroupKind.ISSUE_TEAM),
                name="one_team_per_area_per_cycle",
            ),
            models.UniqueConstraint(fields=["cycle", "slug"], name="one_group_slug_per_cycle"),
            models.CheckConstraint(
                condition=models.Q(quorum_kind="none", quorum_value__isnull=True)
                | models.Q(quorum_kind="count", quorum_value__gte=1, quorum_value__lte=QUORUM_COUNT_MAX)
                | models.Q(quorum_kind="share", quorum_value__gte=1, quorum_value__lte=100),
                name="quorum_value_fits_its_kind",
            ),
        ]
        # Permissions on a group, named "teams.<key>_issueteam"; "create" is asked with the kind
        # (teams.rules.may_create_group_kind), without a group.
        rules_permissions = {
            "create": may_create_some_group,
            "view_roster": rules.is_authenticated,
            "join": rules.is_authenticated,
            "volunteer": is_current_mag,
            "view_member_emails": leads_team,
            "export_roster": leads_team,
            # Names of its members as one types, to choose one on a form only its leads fill in.
            "suggest_members": leads_team,
            "set_quorum": is_secretariat | leads_team,
            # The group's attendance as CSV (answers with their notes, who came, the quorum): those
            # who see it on the meeting pages. Its action items: its members too (they read the
            # record on the meeting pages).
            "export_attendance": leads_team,
            "export_action_items": leads_team | is_team_member,
        }

    def __str__(self):
        return f"{self.name.text} ({self.cycle.year})"

    def get_absolute_url(self):
        return reverse("teams:detail", kwargs={"year": self.cycle.year, "slug": self.slug})

    def clean(self):
        """An issue team has its area; a group without an area has a name of its own (the admin's
        form and group_create both ask)."""
        super().clean()
        if self.kind == GroupKind.ISSUE_TEAM and self.area_id is None:
            raise ValidationError({"area": _("An issue team needs its issue area.")})
        if not self.title.strip() and self.area_id is None:
            raise ValidationError({"title": _("Give the group a name.")})

    @property
    def name(self):
        """The group's name in the active language (the reader's: a page's, an email's
        recipient's), else the original, which a page marks with its language (common.localized):
        its own title, else (an issue team) its area's name. The one place pages read it from."""
        return self.localized("name")

    @property
    def summary(self):
        """What the group is about: its own description, else its area's."""
        return self.localized("summary")

    def localized(self, field: str, language: str | None = None):
        """As Localized.localized, and "name" and "summary" (the group's own title and
        description, else its area's), so that `{% localized team "name" as name %}` works too."""
        if field in ("name", "summary"):
            own, of_area = ("title", "name") if field == "name" else ("description", "description")
            if getattr(self, own) or self.area_id is None:
                return super().localized(own, language)
            return self.area.localized(of_area, language)
        return super().localized(field, language)

    @property
    def kind_heading(self) -> str:
        """The heading of the group list's part for this group's kind ("MAG working groups")."""
        return str(GROUP_KIND_HEADINGS[self.kind])

    @property
    def is_convened(self) -> bool:
        """A BPF's or a PN's facilitators are its conveners."""
        return self.kind in CONVENED_KINDS

    def facilitator_title(self, kind: str) -> str:
        """What this group calls a facilitator of `kind`: chair or co-chair, convener or co-convener."""
        titles = CONVENER_TITLES if self.is_convened else dict(FacilitatorKind.choices)
        return str(titles.get(kind, kind))

    def facilitator_choices(self) -> list[tuple[str, str]]:
        return [(kind, self.facilitator_title(kind)) for kind in FacilitatorKind.values]


class Membership(models.Model):
    team = models.ForeignKey(IssueTeam, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team")]

    def __str__(self):
        return f"{self.user} in {self.team} as {self.get_capacity_display()}"


class CarryOverAnswer(models.Model):
    """A member of last year's group answered whether to join the group that carries it on this
    year (`IssueTeam.carried_from`): they are asked once, on their dashboard."""

    team = models.ForeignKey(IssueTeam, on_delete=models.CASCADE, related_name="carry_over_answers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="carry_over_answers"
    )
    joined = models.BooleanField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="one_carry_over_answer")]

    def __str__(self):
        return f"{self.user} {'joined' if self.joined else 'did not join'} {self.team}"


class FacilitatorRole(RulesModel):
    """A MAG member who leads a team as chair or co-chair, from volunteering to the end of the role."""

    team = models.ForeignKey(IssueTeam, on_delete=models.CASCADE, related_name="facilitator_roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=FacilitatorKind.choices)
    status = models.CharField(
        max_length=20, choices=FacilitatorStatus.choices, default=FacilitatorStatus.VOLUNTEERED
    )
    volunteered_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "volunteered_at", "id"]
        constraints = [
            # The database itself keeps a team to one confirmed chair...
            models.UniqueConstraint(
                fields=["team"],
                condition=models.Q(kind=FacilitatorKind.CHAIR, status=FacilitatorStatus.CONFIRMED),
                name="one_confirmed_chair_per_team",
            ),
            # ...and a person to one open (volunteered or confirmed) role per team.
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=models.Q(status__in=[FacilitatorStatus.VOLUNTEERED, FacilitatorStatus.CONFIRMED]),
                name="one_open_facilitator_role_per_person_and_team",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="facilitator_status_idx")]
        # Permissions on a facilitator role, named "teams.<key>_facilitatorrole"; "decide" (confirm or
        # decline volunteers) is asked without a role.
        rules_permissions = {
            "decide": is_secretariat,
            "hand_over": may_hand_over,
            "withdraw": holds_role,
        }

    def __str__(self):
        return f"{self.user} — {self.title} of {self.team} ({self.get_status_display()})"

    @property
    def title(self) -> str:
        """The role's name as its group calls it: "Chair", or "Convener" in a BPF or a PN."""
        return self.team.facilitator_title(self.kind)

    @property
    def is_confirmed(self):
        return self.status == FacilitatorStatus.CONFIRMED
