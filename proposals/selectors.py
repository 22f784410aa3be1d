"""Reads of session proposals, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.localized import language_name
from common.paging import KeysetPage, keyset_page
from common.timezones import plain_when
from schedule.enums import MilestoneKind, MilestoneStatus
from schedule.models import Milestone
from teams.models import IssueTeam, PolicyQuestion

from .enums import InvitationState, Modality, PanelRole, ProposalEventKind, ProposalStatus, SessionFormat
from .models import Panelist, Proposal, ProposalComment, ProposalEvent, SessionKind
from .services import PROPOSALS_PER_GROUP


def proposal_get(*, pk: int) -> Proposal:
    """A proposal with its group, kind, milestone, policy questions and editors' ids (which the
    rules read: proposals.rules), in three queries."""
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "team__cycle", "team__area", "kind", "due", "created_by"
        ).prefetch_related(
            Prefetch("policy_questions", queryset=PolicyQuestion.objects.select_related("area"))
        ),
        pk=pk,
    )
    proposal.editor_ids = set(proposal.editors.values_list("pk", flat=True))
    return proposal


def panel_proposal_get(*, pk: int) -> Proposal:
    """A proposal for its panel planner: its group (the rules read its id), its kind and its
    editors' ids, in two queries; none of the proposal page's milestone or policy questions."""
    proposal = get_object_or_404(Proposal.objects.select_related("team", "kind"), pk=pk)
    proposal.editor_ids = set(proposal.editors.values_list("pk", flat=True))
    return proposal


def session_kinds(*, offered_only: bool = False) -> QuerySet[SessionKind]:
    kinds = SessionKind.objects.all()
    return kinds.filter(is_active=True) if offered_only else kinds


def session_kinds_with_use() -> QuerySet[SessionKind]:
    """Every kind (the list is bounded: services.SESSION_KINDS_MAX), each with `proposal_count`,
    the proposals of that kind whatever their state, in one query."""
    used = (
        Proposal.objects.filter(kind=OuterRef("pk"))
        .order_by()
        .values("kind")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return SessionKind.objects.annotate(
        proposal_count=Coalesce(Subquery(used, output_field=IntegerField()), 0)
    )


def session_kind_get(*, pk: int) -> SessionKind:
    return get_object_or_404(SessionKind, pk=pk)


# The pages of a group's proposals and of one proposal (proposals.views.proposals).

# Withdrawn proposals of a group, a page at a time (newest first): they are kept, not bounded.
WITHDRAWN_PER_PAGE = 20
# The steps of a proposal's history a page shows, newest first (two per submission and revision).
HISTORY_SHOWN = 30
# A page of comments at their longest (2,000 characters each) stays a reasonable page.
COMMENTS_PER_PAGE = 10
# The policy questions a form offers at most: an issue area has a handful, a year a few dozen.
QUESTIONS_OFFERED = 120
# The deadlines of a year a proposal may be due by.
DEADLINES_OFFERED = 50


def group_proposals(*, team: IssueTeam, user, sees_drafts: bool) -> list[Proposal]:
    """The group's proposals under way (not withdrawn; at most services.PROPOSALS_PER_GROUP) that
    `user` may read: every one for its facilitators and the secretariat (`sees_drafts`), for the
    others those submitted, the drafts shared with the group and those they edit (as
    proposals.rules.reads_proposal says; `user` None: a member who edits none), in one query."""
    rows = (
        Proposal.objects.filter(team=team)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("kind", "due")
    )
    if not sees_drafts:
        shown = ~Q(status=ProposalStatus.DRAFT) | Q(shared=True)
        if user is not None:
            edits = Proposal.editors.through.objects.filter(proposal_id=OuterRef("pk"), user_id=user.pk)
            shown |= Exists(edits)
        rows = rows.filter(shown)
    return list(rows[:PROPOSALS_PER_GROUP])


def unshared_draft_editors(*, team: IssueTeam) -> list[int]:
    """Who edits a draft of the group not shared with it: those who read a draft its other members
    don't (proposals.views.proposals.group builds their list for them alone)."""
    return sorted(
        set(
            Proposal.editors.through.objects.filter(
                proposal__team=team, proposal__status=ProposalStatus.DRAFT, proposal__shared=False
            ).values_list("user_id", flat=True)
        )
    )


def next_late(proposals) -> datetime | None:
    """The first moment one of `proposals`, a draft not late yet, falls late (Proposal.is_late):
    a list that shows them is stale from then on."""
    now = timezone.now()
    coming = [
        proposal.due.due_at
        for proposal in proposals
        if proposal.status == ProposalStatus.DRAFT and proposal.due_id and proposal.due.due_at >= now
    ]
    return min(coming, default=None)


def withdrawn_proposals(*, team: IssueTeam, query) -> KeysetPage:
    """A page of the group's withdrawn proposals, newest first (`?older=` / `?newer=`)."""
    rows = Proposal.objects.filter(team=team, status=ProposalStatus.WITHDRAWN).select_related("kind", "due")
    return keyset_page(rows, query, per_page=WITHDRAWN_PER_PAGE, by="updated_at")


@dataclass
class HistoryStep:
    event: ProposalEvent
    changes: list[str]  # what a revision changed, in words


@dataclass
class History:
    steps: list[HistoryStep]  # newest first
    earlier_not_shown: bool


def _time_change(old: str | None, new: str | None) -> str:
    """The proposed time's move in words, in the reader's zone with UTC beside."""
    old_at, new_at = (datetime.fromisoformat(value) if value else None for value in (old, new))
    if old_at is None:
        return _("The proposed time is now %(new)s.") % {"new": plain_when(new_at)}
    if new_at is None:
        return _("The proposed time (%(old)s) was taken off: the time is not fixed.") % {
            "old": plain_when(old_at)
        }
    return _("The proposed time moved from %(old)s to %(new)s.") % {
        "old": plain_when(old_at),
        "new": plain_when(new_at),
    }


def revision_changes(before: dict, after: dict, *, kind_names: dict[int, str]) -> list[str]:
    """What changed between two copies of a proposal (ProposalEvent.snapshot), a sentence each."""
    if not before:
        return []
    changes = []
    if before.get("title") != after.get("title"):
        changes.append(
            _("The title changed from “%(old)s” to “%(new)s”.")
            % {"old": before.get("title", ""), "new": after.get("title", "")}
        )
    if before.get("description") != after.get("description"):
        changes.append(_("The description changed."))
    if before.get("kind") != after.get("kind"):
        changes.append(
            _("The kind of session changed from %(old)s to %(new)s.")
            % {"old": kind_names.get(before.get("kind"), "?"), "new": kind_names.get(after.get("kind"), "?")}
        )
    if before.get("minutes") != after.get("minutes"):
        changes.append(
            _("The length changed from %(old)s to %(new)s minutes.")
            % {"old": before.get("minutes"), "new": after.get("minutes")}
        )
    for field, choices, sentence in (
        ("format", SessionFormat.choices, _("The format changed from %(old)s to %(new)s.")),
        ("modality", Modality.choices, _("The session is now %(new)s rather than %(old)s.")),
    ):
        if before.get(field) != after.get(field):
            labels = dict(choices)
            changes.append(
                sentence
                % {
                    "old": str(labels.get(before.get(field), before.get(field))).lower(),
                    "new": str(labels.get(after.get(field), after.get(field))).lower(),
                }
            )
    # Copies made before the time was kept have no "starts_at": nothing to compare with.
    if "starts_at" in before and before["starts_at"] != after.get("starts_at"):
        changes.append(_time_change(before["starts_at"], after.get("starts_at")))
    if before.get("languages") != after.get("languages"):
        names = ", ".join(language_name(code) for code in after.get("languages", [])) or _("none given")
        changes.append(_("The languages are now: %(names)s.") % {"names": names})
    old_questions = set(before.get("policy_questions", []))
    new_questions = set(after.get("policy_questions", []))
    if old_questions != new_questions:
        changes.append(
            _("Policy questions: %(added)d added, %(removed)d taken off.")
            % {"added": len(new_questions - old_questions), "removed": len(old_questions - new_questions)}
        )
    return changes


def proposal_history(*, proposal: Proposal) -> History:
    """The latest steps of the proposal's history, each revision with what it changed from the
    copy submitted before it, in three queries whatever the history's length."""
    found = list(
        ProposalEvent.objects.filter(proposal=proposal)
        .select_related("by")
        .order_by("-at", "-id")[: HISTORY_SHOWN + 1]
    )
    shown = found[:HISTORY_SHOWN]
    # The copy submitted before the oldest step shown: what that step's revision changed it from.
    previous = {}
    if shown:
        oldest = shown[-1]
        before = (
            ProposalEvent.objects.filter(proposal=proposal)
            .exclude(snapshot={})
            .filter(Q(at__lt=oldest.at) | Q(at=oldest.at, id__lt=oldest.id))
            .order_by("-at", "-id")
            .values_list("snapshot", flat=True)
            .first()
        )
        previous = before or {}
    kind_names = {kind.pk: kind.localized("name").text for kind in SessionKind.objects.all()}
    steps = []
    for event in reversed(shown):
        changes = []
        if event.snapshot:
            if event.kind == ProposalEventKind.REVISED:
                changes = revision_changes(previous, event.snapshot, kind_names=kind_names)
            previous = event.snapshot
        steps.append(HistoryStep(event=event, changes=changes))
    return History(steps=steps[::-1], earlier_not_shown=len(found) > HISTORY_SHOWN)


def proposal_comments(*, proposal: Proposal, query) -> KeysetPage:
    """A page of the proposal's comments, newest first."""
    rows = ProposalComment.objects.filter(proposal=proposal).select_related("author")
    return keyset_page(rows, query, per_page=COMMENTS_PER_PAGE)


def proposal_editors(*, proposal: Proposal) -> list:
    """The proposal's editors, by name (at most services.EDITORS_PER_PROPOSAL)."""
    return list(proposal.editors.order_by("display_name", "pk"))


@dataclass
class PanelSummary:
    people: int
    speakers: int
    # Invitations to speak: sent and waiting for an answer, confirmed, declined.
    invited: int = 0
    confirmed: int = 0
    declined: int = 0
    withdrawn: int = 0


def panel_summary(*, proposal: Proposal) -> PanelSummary:
    counts = Panelist.objects.filter(proposal=proposal).aggregate(
        people=Count("pk"),
        speakers=Count("pk", filter=Q(role=PanelRole.SPEAKER)),
        **{state.value: Count("pk", filter=Q(invitation=state)) for state in InvitationState if state.value},
    )
    return PanelSummary(**counts)


def policy_question_choices(*, team: IssueTeam, chosen_ids=()) -> list[tuple[str, list[tuple[int, str]]]]:
    """The policy questions a group's proposal may take up, grouped by issue area: an issue team's
    (or a group with an area) those of its own area, the page short and the choice the one the
    group works on; any other group those of the areas of its year's groups. Questions a proposal
    already takes up stay offered, whatever their area, so that saving it keeps them. One query."""
    if team.area_id is not None:
        offered = Q(area_id=team.area_id)
    else:
        year_areas = IssueTeam.objects.filter(cycle_id=team.cycle_id, area__isnull=False).values("area_id")
        offered = Q(area_id__in=year_areas)
    questions = PolicyQuestion.objects.filter(offered | Q(pk__in=list(chosen_ids))).select_related("area")
    groups: dict[int, tuple[str, list]] = {}
    for question in questions.order_by("area__name", "position", "id")[:QUESTIONS_OFFERED]:
        area = groups.setdefault(question.area_id, (question.area.localized("name").text, []))
        area[1].append((question.pk, question.localized("text").text))
    return list(groups.values())


def proposal_deadlines(*, team: IssueTeam) -> QuerySet[Milestone]:
    """The published deadlines of the group's year, the first due first (the first
    DEADLINES_OFFERED: a form's choices, which it filters again to check the one sent back, so a
    subquery rather than a slice)."""
    deadlines = Milestone.objects.filter(
        cycle_id=team.cycle_id, kind=MilestoneKind.DEADLINE, status=MilestoneStatus.PUBLISHED
    ).order_by("due_at", "id")
    first = deadlines.values("pk")[:DEADLINES_OFFERED]
    return deadlines.filter(pk__in=first)


def member_get(*, team: IssueTeam, user_id: int):
    """A member of the group (as teams.member_choice.MemberField named them)."""
    return get_object_or_404(User, pk=user_id, memberships__team=team)


def panelists_of(*, proposal: Proposal) -> list[Panelist]:
    """The proposal's panel in its order, in one query (a panel has at most PANEL_SIZE_MAX people)."""
    return list(Panelist.objects.filter(proposal=proposal).order_by("position", "id"))


def panelist_get(*, proposal: Proposal, pk: int) -> Panelist:
    """One person of the proposal's panel (404 for another proposal's), with the proposal already read."""
    panelist = get_object_or_404(Panelist, pk=pk, proposal=proposal)
    panelist.proposal = proposal
    return panelist
