"""What the secretariat and the reviewers change in a review round: one function per POST, each in
one transaction, each checking its bounds and saying in words what it refuses."""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common.versions import version_bump
from proposals.enums import ProposalStatus
from proposals.models import Proposal
from teams.enums import FacilitatorStatus
from teams.models import FacilitatorRole

from .csv_import import ImportRow, fingerprint, parse_entries
from .enums import EntrySource
from .models import (
    CRITERIA_MAX,
    ENTRIES_MAX,
    REVIEWERS_PER_ENTRY_MAX,
    Assignment,
    Criterion,
    Entry,
    ReviewRound,
    Score,
)


def round_for(*, cycle) -> ReviewRound:
    """The year's round, opened by the first change the secretariat makes to it."""
    review_round, _created = ReviewRound.objects.get_or_create(cycle=cycle)
    return review_round


@transaction.atomic
def round_anonymise(*, actor, cycle, anonymised: bool) -> ReviewRound:
    review_round = round_for(cycle=cycle)
    review_round.anonymised = anonymised
    review_round.save(update_fields=["anonymised"])
    return review_round


@transaction.atomic
def criterion_add(*, actor, cycle, name: str, description: str = "", max_score: int = 5) -> Criterion:
    review_round = round_for(cycle=cycle)
    count = Criterion.objects.select_for_update().filter(round=review_round).count()
    if count >= CRITERIA_MAX:
        raise ValidationError(_("A round has at most %(max)d criteria.") % {"max": CRITERIA_MAX})
    if Criterion.objects.filter(round=review_round, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a criterion of that name.")})
    criterion = Criterion(
        round=review_round, name=name, description=description, max_score=max_score, position=count
    )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_edit(
    *, actor, criterion: Criterion, name: str, description: str = "", max_score: int
) -> Criterion:
    """A criterion's name, description and highest score, changed. Its scores stay as reviewers
    gave them: the highest score may not go below one of them (a reviewer's 4 out of 5 is not
    silently made 3 out of 3); the reviewers change theirs first, or the criterion stays."""
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    if (
        Criterion.objects.filter(round_id=criterion.round_id, name__iexact=name)
        .exclude(pk=criterion.pk)
        .exists()
    ):
        raise ValidationError({"name": _("There is already a criterion of that name.")})
    highest_given = criterion.scores.aggregate(highest=Max("value"))["highest"]
    if highest_given is not None and max_score < highest_given:
        raise ValidationError(
            {
                "max_score": _(
                    "Reviewers already gave scores up to %(given)d against “%(name)s”: its highest "
                    "score can be %(given)d or more, or they change their scores first."
                )
                % {"given": highest_given, "name": criterion.name}
            }
        )
    criterion.name, criterion.description, criterion.max_score = name, description, max_score
    criterion.full_clean()
    criterion.save(update_fields=["name", "description", "max_score"])
    return criterion


@transaction.atomic
def criterion_remove(*, actor, criterion: Criterion) -> None:
    if criterion.scores.exists():
        raise ValidationError(
            _("“%(name)s” has scores already: reviewers marked proposals against it.")
            % {"name": criterion.name}
        )
    criterion.delete()


def _room_for(review_round, more: int) -> None:
    count = Entry.objects.filter(round=review_round).count()
    if count + more > ENTRIES_MAX:
        raise ValidationError(
            _("A round has at most %(max)d proposals; it has %(count)d, and this adds %(more)d.")
            % {"max": ENTRIES_MAX, "count": count, "more": more}
        )


@transaction.atomic
def entries_import(*, actor, cycle, text: str, expected_fingerprint: str) -> list[Entry]:
    """All the file's rows, or none: the file is read again and must be the one previewed."""
    if fingerprint(text) != expected_fingerprint:
        raise ValidationError(_("The file changed since its preview; please upload it again."))
    rows: list[ImportRow] = parse_entries(text)
    review_round = round_for(cycle=cycle)
    ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    _room_for(review_round, len(rows))
    entries = [
        Entry(
            round=review_round,
            source=EntrySource.IMPORTED,
            title=row.title,
            description=row.description,
            proposers=row.proposers,
            organisation=row.organisation,
            contact_email=row.contact_email,
            issue_area=row.issue_area,
            kind=row.kind,
            format=row.format,
            stakeholder_group=row.stakeholder_group,
            region=row.region,
            language=row.language,
        )
        for row in rows
    ]
    created = Entry.objects.bulk_create(entries)
    version_bump("review")
    return created


@transaction.atomic
def entries_add_proposals(*, actor, cycle) -> int:
    """The year's submitted session proposals not yet in the round, as entries (their group's
    facilitators named as proposers)."""
    review_round = round_for(cycle=cycle)
    ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    known = Entry.objects.filter(round=review_round, proposal__isnull=False).values("proposal_id")
    proposals = list(
        Proposal.objects.filter(team__cycle=cycle, status=ProposalStatus.SUBMITTED)
        .exclude(pk__in=known)
        .select_related("team__area", "created_by")
        .order_by("submitted_at", "id")
    )
    _room_for(review_round, len(proposals))
    Entry.objects.bulk_create(
        Entry(
            round=review_round,
            source=EntrySource.PROPOSAL,
            proposal=proposal,
            team=proposal.team,
            title=proposal.title,
            description=proposal.description,
            proposers=proposal.created_by.name if proposal.created_by else "",
            organisation=proposal.created_by.organisation if proposal.created_by else "",
            contact_email=proposal.created_by.email if proposal.created_by else "",
            issue_area=proposal.team.area,
            kind_id=proposal.kind_id,
            format=proposal.format,
            stakeholder_group=proposal.created_by.stakeholder_group if proposal.created_by else "",
            region=proposal.created_by.un_region if proposal.created_by else "",
        )
        for proposal in proposals
    )
    if proposals:
        version_bump("review")
    return len(proposals)


def facilitated_team_ids(user) -> set[int]:
    return set(
        FacilitatorRole.objects.filter(user=user, status=FacilitatorStatus.CONFIRMED).values_list(
            "team_id", flat=True
        )
    )


def _refusal(entry, reviewer, facilitated, existing) -> str:
    """Why `reviewer` may not review `entry`, or ""."""
    if not reviewer.is_current_mag:
        return _("%(name)s is not a current MAG member.") % {"name": reviewer.name}
    if entry.team_id is not None and entry.team_id in facilitated:
        return _("%(name)s facilitates the group that proposed “%(title)s”.") % {
            "name": reviewer.name,
            "title": entry.shown_title,
        }
    if (entry.pk, reviewer.pk) in existing:
        return _("%(name)s already reviews “%(title)s”.") % {
            "name": reviewer.name,
            "title": entry.shown_title,
        }
    return ""


@transaction.atomic
def assignment_add(*, actor, entry: Entry, reviewer) -> Assignment:
    Entry.objects.select_for_update().get(pk=entry.pk)
    existing = set(Assignment.objects.filter(entry=entry).values_list("entry_id", "reviewer_id"))
    refusal = _refusal(entry, reviewer, facilitated_team_ids(reviewer), existing)
    if refusal:
        raise ValidationError(refusal)
    if len(existing) >= REVIEWERS_PER_ENTRY_MAX:
        raise ValidationError(
            _("“%(title)s” has %(max)d reviewers already.")
            % {"title": entry.shown_title, "max": REVIEWERS_PER_ENTRY_MAX}
        )
    return Assignment.objects.create(entry=entry, reviewer=reviewer)


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment, confirmed: bool = False) -> None:
    """The reviewer no longer reviews the entry: the assignment goes, with its scores and comment.
    A scored one goes only once the secretariat confirmed it (its marks are lost). Removing one
    already gone changes nothing."""
    found = Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if found is None:
        return
    if found.scored_at is not None and not confirmed:
        raise ValidationError(
            _("%(name)s has already scored “%(title)s”: confirm that their scores and comment go too.")
            % {"name": assignment.reviewer.name, "title": assignment.entry.shown_title}
        )
    found.delete()


@dataclass(frozen=True)
class Spread:
    created: int
    short: int  # entries left with fewer reviewers than asked (every chosen reviewer conflicted)


@transaction.atomic
def assignments_spread(*, actor, cycle, reviewers, per_entry: int) -> Spread:
    """Give each entry of the round up to `per_entry` reviewers among `reviewers`, the least loaded
    first, so that the work is spread evenly; a reviewer who facilitates an entry's group, or who
    already reviews it, is skipped for it."""
    review_round = round_for(cycle=cycle)
    ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    reviewers = [r for r in reviewers if r.is_current_mag]
    # With their round: a refusal names an entry as the phase shows it.
    entries = list(
        Entry.objects.filter(round=review_round).select_related("round").order_by("created_at", "id")
    )
    existing = set(
        Assignment.objects.filter(entry__round=review_round).values_list("entry_id", "reviewer_id")
    )
    per_entry_count = Counter(entry_id for entry_id, _reviewer in existing)
    load = Counter(reviewer_id for _entry, reviewer_id in existing)
    facilitated = {reviewer.pk: facilitated_team_ids(reviewer) for reviewer in reviewers}
    new, short = [], 0
    for entry in entries:
        wanted = min(per_entry, REVIEWERS_PER_ENTRY_MAX) - per_entry_count[entry.pk]
        for reviewer in sorted(reviewers, key=lambda r: (load[r.pk], r.pk)):
            if wanted <= 0:
                break
            if _refusal(entry, reviewer, facilitated[reviewer.pk], existing):
                continue
            new.append(Assignment(entry=entry, reviewer=reviewer))
            existing.add((entry.pk, reviewer.pk))
            load[reviewer.pk] += 1
            wanted -= 1
        short += wanted > 0
    Assignment.objects.bulk_create(new)
    if new:
        version_bump("review")
    return Spread(created=len(new), short=short)


@transaction.atomic
def review_save(*, actor, assignment: Assignment, scores: dict[int, int], comment: str) -> Assignment:
    """The reviewer's marks (criterion id → score, each 0..its maximum) and comment, replacing any
    earlier ones."""
    # Locked: a criterion's maximum lowered at the same moment cannot pass a score above it.
    criteria = {
        c.pk: c for c in Criterion.objects.select_for_update().filter(round_id=assignment.entry.round_id)
    }
    errors = {}
    for criterion_id, value in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("That criterion is not one of this round's."))
        if value is None or not 0 <= value <= criterion.max_score:
            errors[f"criterion_{criterion_id}"] = _("Give a score from 0 to %(max)d.") % {
                "max": criterion.max_score
            }
    if errors:
        raise ValidationError(errors)
    assignment.comment = comment
    assignment.scored_at = timezone.now()
    assignment.full_clean()
    assignment.save(update_fields=["comment", "scored_at"])
    Score.objects.filter(assignment=assignment).delete()
    Score.objects.bulk_create(
        Score(assignment=assignment, criterion_id=criterion_id, value=value)
        for criterion_id, value in scores.items()
    )
    version_bump("review")
    return assignment
