"""The MAG's review of a year's workshop proposals.

One `ReviewRound` per IGF year (cycle): its published `Criterion` rows, and whether the phase is
anonymised (no proposer's name, organisation or email reaches a reviewer or an export). An `Entry`
is what is reviewed: a copy of a submitted session proposal (kept linked, with its group, so that
a facilitator is never its reviewer) or a row of the secretariat's CSV import. Entries are copies,
not the proposals themselves, because imported workshops have no group, proposal nor account here,
and because a review must read what was reviewed even if the proposal is later revised. Each
`Assignment` is one MAG member reviewing one entry, with a comment; each `Score` one criterion's
mark. An entry's `status` is where the MAG's decisions will go.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from accounts.enums import StakeholderGroup, UNRegion
from accounts.rules import is_secretariat
from common.forms import COMMENT_MAX, DESCRIPTION_MAX, MaxCharsValidator
from proposals.enums import SessionFormat

from . import anonymity
from .enums import EntrySource, EntryStatus
from .rules import is_assigned_reviewer, reviews_or_runs

# A rubric, not a questionnaire.
CRITERIA_MAX = 10
SCORE_MAX = 10
# 83 workshops were approved in 2021 out of a few hundred proposals; a year's round stays bounded.
ENTRIES_MAX = 600
# Reviewers per entry: the MAG reviews each proposal a few times, not all of it.
REVIEWERS_PER_ENTRY_MAX = 7
TITLE_MAX = 200
NAMES_MAX = 500


class ReviewRound(RulesModel):
    cycle = models.OneToOneField("teams.Cycle", on_delete=models.CASCADE, related_name="review_round")
    anonymised = models.BooleanField(
        _("anonymised phase"),
        default=False,
        help_text=_("Reviewers see no proposer's name, organisation or email, on any page or export."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        rules_permissions = {"manage": is_secretariat, "review": reviews_or_runs, "export": reviews_or_runs}

    def __str__(self):
        return str(self.cycle.year)


class Criterion(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxCharsValidator(DESCRIPTION_MAX)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(SCORE_MAX)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_score__gte=1) & models.Q(max_score__lte=SCORE_MAX),
                name="criterion_max_score_in_bounds",
            ),
            models.UniqueConstraint(fields=["round", "name"], name="one_criterion_name_per_round"),
        ]

    def __str__(self):
        return self.name


class Entry(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="entries")
    source = models.CharField(max_length=10, choices=EntrySource.choices)
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="review_entries"
    )
    # The group that proposed it (a proposal's); its facilitators never review it.
    team = models.ForeignKey(
        "teams.IssueTeam", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxCharsValidator(DESCRIPTION_MAX)]
    )
    proposers = models.CharField(_("proposers"), max_length=NAMES_MAX, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    issue_area = models.ForeignKey(
        "teams.IssueArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issue area"),
    )
    kind = models.ForeignKey(
        "proposals.SessionKind",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of session"),
    )
    format = models.CharField(_("format"), max_length=20, choices=SessionFormat.choices, blank=True)
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=20, choices=StakeholderGroup.choices, blank=True
    )
    region = models.CharField(_("UN regional group"), max_length=20, choices=UNRegion.choices, blank=True)
    status = models.CharField(max_length=20, choices=EntryStatus.choices, default=EntryStatus.IN_REVIEW)
    # The latest decision (its history is the entry's `decisions`); `status` mirrors its outcome.
    decision = models.ForeignKey(
        "review.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An imported proposer's language for the decision and announcements ("" = the site's); the
    # facilitators of a proposal's group are written to in their own.
    language = models.CharField(
        _("proposer's language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["round", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "proposal"],
                condition=models.Q(proposal__isnull=False),
                name="one_entry_per_proposal_and_round",
            ),
        ]

    def __str__(self):
        return self.title

    def masked(self, text: str) -> str:
        """`text` with this entry's proposers' names, organisation and email withheld: what the
        anonymised phase shows of its free text."""
        return anonymity.mask(
            text,
            anonymity.identifying(
                proposers=self.proposers, organisation=self.organisation, contact_email=self.contact_email
            ),
        )

    @property
    def shown_title(self) -> str:
        """The title as the round's phase shows it (reads the round: load it with the entry)."""
        return self.masked(self.title) if self.round.anonymised else self.title


REASONS_MAX = 2_000
CONDITION_MAX = 1_000


class Decision(models.Model):
    """One decision of the MAG on an entry; a change is a new row, so the history stays. The
    chore's lapse ("condition not met") and the secretariat's "condition fulfilled" are rows too."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=20, choices=EntryStatus.choices)
    recommended_format = models.CharField(
        _("recommended format"), max_length=20, choices=SessionFormat.choices, blank=True
    )
    reasons = models.TextField(_("reasons"), blank=True, validators=[MaxCharsValidator(REASONS_MAX)])
    condition = models.TextField(_("condition"), blank=True, validators=[MaxCharsValidator(CONDITION_MAX)])
    deadline = models.DateTimeField(_("condition's deadline"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome=EntryStatus.CONDITIONAL)
                | (models.Q(deadline__isnull=False) & ~models.Q(condition="")),
                name="conditional_decision_has_condition_and_deadline",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome=EntryStatus.FORMAT_CHANGED) | ~models.Q(recommended_format=""),
                name="format_change_names_a_format",
            ),
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.outcome}"


class Assignment(RulesModel):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    comment = models.TextField(_("comment"), blank=True, validators=[MaxCharsValidator(COMMENT_MAX)])
    assigned_at = models.DateTimeField(default=timezone.now)
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "reviewer"], name="one_assignment_per_reviewer")
        ]
        rules_permissions = {"score": is_assigned_reviewer}

    def __str__(self):
        return f"{self.reviewer} — {self.entry}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(SCORE_MAX)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__lte=SCORE_MAX), name="score_in_bounds"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


ANNOUNCEMENT_SUBJECT_MAX = 200
ANNOUNCEMENT_BODY_MAX = 10_000


class ProposerAnnouncement(models.Model):
    """A message of the secretariat to the proposers of a round's workshops in chosen issue areas and
    with chosen decisions ("reach out to everyone who proposed a session in the issue area, whether
    they were accepted or not"). Not a `notifications.Announcement`: those go to teams' members and
    followers and are listed to them, while proposers are mostly guests known only by the
    round's entries. Each proposer gets it once (the ledger key names the announcement and the
    address)."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=ANNOUNCEMENT_SUBJECT_MAX)
    body = models.TextField(_("message"), validators=[MaxCharsValidator(ANNOUNCEMENT_BODY_MAX)])
    areas = models.ManyToManyField("teams.IssueArea", related_name="+", verbose_name=_("issue areas"))
    outcomes = models.JSONField(_("decisions"), default=list)
    recipient_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject
