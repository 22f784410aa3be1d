"""Reads of the review pages, each with its related rows in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404

from accounts.enums import Role, StakeholderGroup, UNRegion
from accounts.models import User
from common.paging import keyset_page
from teams import selectors as team_selectors

from .enums import EntryStatus
from .models import Assignment, Criterion, Entry, ProposerAnnouncement, ReviewRound, Score

ENTRIES_PER_PAGE = 50
ASSIGNMENTS_PER_PAGE = 50


def round_of(*, cycle) -> ReviewRound:
    """The year's round with its criteria; an unsaved, empty one before the secretariat opens it."""
    found = (
        ReviewRound.objects.filter(cycle=cycle)
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")))
        .first()
    )
    if found is None:
        found = ReviewRound(cycle=cycle)
        found.criteria_list = []
    else:
        found.criteria_list = list(found.criteria.all())
    return found


def round_of_year(*, year: int, criteria: bool = True) -> ReviewRound:
    """The round of the IGF year `year` (404 if no such year), with its cycle, in one query once the
    round exists; its criteria too unless `criteria` is False (a page cached whole reads them only
    when it is built: `with_criteria`)."""
    found = ReviewRound.objects.select_related("cycle").filter(cycle__year=year).first()
    if found is None:
        return round_of(cycle=team_selectors.cycle_get(year=year))
    return with_criteria(found) if criteria else found


def with_criteria(review_round) -> ReviewRound:
    """The round with its `criteria_list`, read now if it was not."""
    if not hasattr(review_round, "criteria_list"):
        review_round.criteria_list = (
            list(Criterion.objects.filter(round_id=review_round.pk).order_by("position", "id"))
            if review_round.pk
            else []
        )
    return review_round


# The MAG has about 40 members; the reviewer boxes offer the first this many, should a roster grow.
REVIEWER_CHOICES_MAX = 80


def reviewer_choices():
    """The current MAG members, for the reviewer boxes (bounded)."""
    ordering = ("display_name", "email")
    first = User.objects.filter(role=Role.MAG, is_active=True).order_by(*ordering).values("pk")
    return User.objects.filter(pk__in=first[:REVIEWER_CHOICES_MAX]).order_by(*ordering)


def _scored_entries(review_round):
    return (
        Entry.objects.filter(round_id=review_round.pk)
        .select_related("kind", "issue_area")
        .annotate(
            reviews=Count("assignments", filter=Q(assignments__scored_at__isnull=False), distinct=True),
            reviewers=Count("assignments", distinct=True),
            points=Sum("assignments__scores__value"),
        )
    )


def with_means(rows):
    for entry in rows:
        entry.mean = (
            round(entry.points / entry.reviews, 1) if entry.reviews and entry.points is not None else None
        )
    return rows


def round_entries(*, review_round, query):
    """A page of the round's entries, with each one's reviewers' names."""
    if review_round.pk is None:
        return keyset_page(Entry.objects.none(), query, per_page=ENTRIES_PER_PAGE, oldest_first=True)
    rows = (
        Entry.objects.filter(round_id=review_round.pk)
        .select_related("kind", "issue_area", "team")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer").order_by("id"))
        )
    )
    return keyset_page(rows, query, per_page=ENTRIES_PER_PAGE, oldest_first=True)


def overview(*, review_round, query):
    """Counts by kind, issue area, status, proposers' stakeholder group and region, and a page of
    entries with each one's mean score and number of reviews."""
    if review_round.pk is None:
        entries = Entry.objects.none()
    else:
        entries = Entry.objects.filter(round_id=review_round.pk)

    def counted(field, labels=None):
        """(label, count) pairs, the largest first; "" for entries that do not say."""
        rows = entries.values_list(field).annotate(count=Count("id")).order_by("-count", field)
        return [(labels.get(value, value) if labels else value or "", count) for value, count in rows]

    page = keyset_page(_scored_entries(review_round), query, per_page=ENTRIES_PER_PAGE, oldest_first=True)
    with_means(page.rows)
    return {
        "total": entries.count(),
        "by_kind": counted("kind__name"),
        "by_area": counted("issue_area__name"),
        "by_status": counted("status", dict(EntryStatus.choices)),
        "by_group": counted("stakeholder_group", dict(StakeholderGroup.choices)),
        "by_region": counted("region", dict(UNRegion.choices)),
        "page": page,
    }


EXPORT_FIELDS = (
    "pk",
    "title",
    "kind__name",
    "issue_area__name",
    "format",
    "stakeholder_group",
    "region",
    "status",
    "decision__recommended_format",
    "decision__deadline",
    "proposers",
    "organisation",
    "contact_email",
    "team_id",
    "reviews",
    "reviewers",
    "points",
)


def export_rows(*, review_round) -> list[dict]:
    """Every entry as a dict of EXPORT_FIELDS and its `mean`, for the CSV (bounded by the round's
    ENTRIES_MAX): one query of plain values, no model per row, so that the first export after a
    change stays cheap."""
    if review_round.pk is None:
        return []
    rows = list(_scored_entries(review_round).order_by("created_at", "id").values(*EXPORT_FIELDS))
    for row in rows:
        reviews, points = row["reviews"], row["points"]
        row["mean"] = round(points / reviews, 1) if reviews and points is not None else None
    return rows


def my_assignments(*, user, review_round, query):
    rows = Assignment.objects.filter(reviewer=user, entry__round_id=review_round.pk or 0).select_related(
        "entry__kind", "entry__issue_area"
    )
    return keyset_page(rows, query, per_page=ASSIGNMENTS_PER_PAGE, by="assigned_at", oldest_first=True)


def assignment_get(*, pk):
    return get_object_or_404(
        Assignment.objects.select_related(
            "entry__round__cycle", "entry__kind", "entry__issue_area", "reviewer"
        ),
        pk=pk,
    )


def assignment_key(*, pk):
    """Only who the assignment is for (404 if none): enough to let its reviewer in to a page cached
    whole, which reads the rest (`assignment_get`) only when it is built."""
    return get_object_or_404(Assignment.objects.only("id", "entry_id", "reviewer_id"), pk=pk)


def entry_key(*, pk):
    """Only that the entry exists (404 if not), for a page cached whole: `entry_get` when built."""
    return get_object_or_404(Entry.objects.only("id", "round_id"), pk=pk)


def entry_get(*, pk):
    return get_object_or_404(
        Entry.objects.select_related("round__cycle", "kind", "issue_area", "team", "decision"), pk=pk
    )


# A decision changes a few times at most; the page shows the latest this many.
HISTORY_MAX = 20


def entry_decisions(*, entry):
    """The entry's decisions, the latest first (bounded), with who made each."""
    return list(entry.decisions.select_related("decided_by").order_by("-decided_at", "-id")[:HISTORY_MAX])


ANNOUNCEMENTS_SHOWN = 20


def proposer_announcements(*, review_round):
    """The latest announcements to the round's proposers (bounded), with their issue areas."""
    if review_round.pk is None:
        return []
    return list(
        ProposerAnnouncement.objects.filter(round_id=review_round.pk)
        .select_related("author")
        .prefetch_related("areas")[:ANNOUNCEMENTS_SHOWN]
    )


def assignment_scores(assignment) -> dict[int, int]:
    return dict(assignment.scores.values_list("criterion_id", "value"))


def assignment_score_rows(assignment) -> list:
    """The assignment's scores with their criteria, in the criteria's order (one query)."""
    return list(assignment.scores.select_related("criterion").order_by("criterion__position", "criterion_id"))


def entry_reviews(*, entry) -> dict:
    """The round's criteria and each reviewer's assignment of `entry` with its scores in the
    criteria's order (None where not scored) and their total: three queries, bounded by the
    round's CRITERIA_MAX and REVIEWERS_PER_ENTRY_MAX."""
    criteria = list(Criterion.objects.filter(round_id=entry.round_id).order_by("position", "id"))
    assignments = list(
        entry.assignments.select_related("reviewer")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.only("assignment_id", "criterion_id", "value"))
        )
        .order_by("assigned_at", "id")
    )
    for assignment in assignments:
        given = {score.criterion_id: score.value for score in assignment.scores.all()}
        assignment.cells = [given.get(criterion.pk) for criterion in criteria]
        assignment.total = sum(given.values()) if assignment.scored_at else None
    return {
        "criteria": criteria,
        "reviews": assignments,
        "most": sum(criterion.max_score for criterion in criteria),
    }
