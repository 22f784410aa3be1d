"""State changes of session proposals. Each function is one transaction; a rule a person can break
raises ValidationError with a message meant for them, and nothing is written."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from common.versions import version_bump
from schedule.enums import MilestoneKind, MilestoneStatus
from schedule.models import Milestone
from teams.models import IssueTeam, Membership, PolicyQuestion

from . import invitations
from .enums import InvitationState, ProposalEventKind, ProposalStatus
from .models import (
    COMMENTS_PER_PROPOSAL,
    PANEL_SIZE_MAX,
    Panelist,
    Proposal,
    ProposalComment,
    ProposalEvent,
    SessionKind,
    WithdrawnInvitation,
)

# What a proposal's form may set (besides its policy questions).
PROPOSAL_FIELDS = (
    "kind",
    "title",
    "description",
    "format",
    "modality",
    "languages",
    "minutes",
    "due",
    "starts_at",
)
# What a panelist's form may set.
PANELIST_FIELDS = (
    "name",
    "email",
    "role",
    "stakeholder_group",
    "region",
    "gender",
    "presence",
    "opening_minutes",
    "followup_minutes",
)
# Proposals one group may have at once that are not withdrawn: a bound on what a page lists.
PROPOSALS_PER_GROUP = 50
# Editors of one proposal besides the facilitators: a few people writing, not the whole group.
EDITORS_PER_PROPOSAL = 20


def _lock(proposal: Proposal) -> Proposal:
    """The proposal's row, locked until the transaction ends: two people pressing "Submit" at once
    make one submission."""
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("team__cycle", "kind")
        .get(pk=proposal.pk)
    )


def _record(proposal: Proposal, kind: str, *, actor: User | None, snapshot: bool = False, note: str = ""):
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=kind,
        by=actor,
        at=proposal.updated_at,
        version=proposal.version,
        snapshot=proposal.snapshot() if snapshot else {},
        note=note,
    )


def _check_choices(
    team: IssueTeam, *, kind: SessionKind, due: Milestone | None, questions, new: bool
) -> None:
    errors = {}
    if new and not kind.is_active:
        errors["kind"] = _("This kind of session is no longer offered; choose another.")
    if due is not None and (
        due.cycle_id != team.cycle_id
        or due.kind != MilestoneKind.DEADLINE
        or due.status != MilestoneStatus.PUBLISHED
    ):
        errors["due"] = _("Choose a published deadline of the group's year.")
    if any(question.area_id is None for question in questions):
        errors["policy_questions"] = _("Choose policy questions of the issue areas.")
    if errors:
        raise ValidationError(errors)


def _fill(proposal: Proposal, fields: dict) -> None:
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"not a proposal field: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(proposal, name, value)
    if proposal.minutes is None:
        proposal.minutes = proposal.kind.default_minutes


@transaction.atomic
def proposal_create(
    *, actor: User, team: IssueTeam, policy_questions: Iterable[PolicyQuestion] = (), **fields
) -> Proposal:
    """A new draft of `team`'s, written by `actor`; its length defaults to its kind's."""
    questions = list(policy_questions)
    fields.setdefault("minutes", None)
    proposal = Proposal(team=team, created_by=actor)
    _fill(proposal, fields)
    proposal.time_sequence = 1 if proposal.starts_at else 0
    _check_choices(team, kind=proposal.kind, due=proposal.due, questions=questions, new=True)
    open_ones = Proposal.objects.filter(team=team).exclude(status=ProposalStatus.WITHDRAWN).count()
    if open_ones >= PROPOSALS_PER_GROUP:
        raise ValidationError(
            _("A group may have at most %(count)d proposals under way; withdraw one first.")
            % {"count": PROPOSALS_PER_GROUP}
        )
    proposal.full_clean(exclude=["team", "created_by"])
    proposal.save()
    proposal.policy_questions.set(questions)
    _record(proposal, ProposalEventKind.CREATED, actor=actor)
    return proposal


@transaction.atomic
def proposal_update(
    *, actor: User, proposal: Proposal, policy_questions: Iterable[PolicyQuestion] = (), **fields
) -> Proposal:
    """Changes to a draft; to a submitted proposal, a revision: its version grows and the history
    keeps what is now submitted. A withdrawn proposal is taken back to draft first."""
    proposal = _lock(proposal)
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn: take it back to draft to change it."))
    questions = list(policy_questions)
    before = proposal.snapshot()
    time_before = (proposal.starts_at, proposal.minutes)
    _fill(proposal, fields)
    time_changed = proposal.starts_at is not None and (proposal.starts_at, proposal.minutes) != time_before
    if time_changed:
        proposal.time_sequence += 1
    _check_choices(proposal.team, kind=proposal.kind, due=proposal.due, questions=questions, new=False)
    proposal.full_clean(exclude=["team", "created_by"])
    proposal.updated_at = timezone.now()
    proposal.save()
    proposal.policy_questions.set(questions)
    if proposal.status == ProposalStatus.SUBMITTED and proposal.snapshot() != before:
        proposal.version += 1
        proposal.save(update_fields=["version"])
        _record(proposal, ProposalEventKind.REVISED, actor=actor, snapshot=True)
    if time_changed:
        # Confirmed speakers get the time as it now is, with its calendar entry.
        invitations.proposal_time_changed(proposal)
    return proposal


@transaction.atomic
def proposal_share(*, actor: User, proposal: Proposal) -> Proposal:
    """A draft the group may now read and comment on."""
    proposal = _lock(proposal)
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError(
            _("Only a draft is shared with the group; this one is already submitted or withdrawn.")
        )
    if proposal.shared:
        return proposal
    proposal.shared = True
    proposal.updated_at = timezone.now()
    proposal.save(update_fields=["shared", "updated_at"])
    _record(proposal, ProposalEventKind.SHARED, actor=actor)
    return proposal


@transaction.atomic
def proposal_submit(*, actor: User, proposal: Proposal) -> Proposal:
    """The draft goes to the MAG as version 1 (or, taken back to draft after a withdrawal, as the
    next version)."""
    proposal = _lock(proposal)
    if proposal.status == ProposalStatus.SUBMITTED:
        return proposal  # pressed twice: one submission
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError(_("A withdrawn proposal is taken back to draft before it is submitted again."))
    if not proposal.title.strip() or not proposal.description.strip():
        raise ValidationError(_("Give the proposal a title and a description before submitting it."))
    now = timezone.now()
    proposal.status = ProposalStatus.SUBMITTED
    proposal.shared = True
    proposal.version += 1
    proposal.submitted_at = now
    proposal.updated_at = now
    proposal.save(update_fields=["status", "shared", "version", "submitted_at", "updated_at"])
    _record(proposal, ProposalEventKind.SUBMITTED, actor=actor, snapshot=True)
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor: User, proposal: Proposal, note: str = "") -> Proposal:
    """The proposal leaves the MAG's table; those invited to speak in it, or who confirmed, are
    told once, and their invitation is withdrawn (taken back to draft, it is not renewed by itself:
    the editors invite them again)."""
    proposal = _lock(proposal)
    if proposal.status == ProposalStatus.WITHDRAWN:
        return proposal
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.updated_at = timezone.now()
    if proposal.starts_at:
        # The confirmed speakers' cancellation outranks every entry they got.
        proposal.time_sequence += 1
    proposal.save(update_fields=["status", "updated_at", "time_sequence"])
    _record(proposal, ProposalEventKind.WITHDRAWN, actor=actor, note=note.strip())
    standing = list(
        Panelist.objects.filter(proposal=proposal, invitation__in=invitations.STANDING).select_related(
            "proposal__team", "proposal__kind"
        )
    )
    Panelist.objects.filter(pk__in=[p.pk for p in standing]).update(invitation=InvitationState.WITHDRAWN)
    invitations.invitations_withdrawn(standing, removed=False, sequence=proposal.time_sequence)
    return proposal


@transaction.atomic
def proposal_reopen(*, actor: User, proposal: Proposal) -> Proposal:
    """A withdrawn proposal back to draft (still shared with the group if it was)."""
    proposal = _lock(proposal)
    if proposal.status != ProposalStatus.WITHDRAWN:
        raise ValidationError(_("Only a withdrawn proposal is taken back to draft."))
    proposal.status = ProposalStatus.DRAFT
    proposal.updated_at = timezone.now()
    if proposal.starts_at:
        # A speaker confirmed again gets an entry that outranks the cancellation they got.
        proposal.time_sequence += 1
    proposal.save(update_fields=["status", "updated_at", "time_sequence"])
    _record(proposal, ProposalEventKind.REOPENED, actor=actor)
    return proposal


@transaction.atomic
def proposal_editors_set(*, actor: User, proposal: Proposal, editors: Iterable[User]) -> Proposal:
    """The members who may edit the proposal besides the facilitators: members of the group only."""
    editors = list(editors)
    if len(editors) > EDITORS_PER_PROPOSAL:
        raise ValidationError(
            _("A proposal has at most %(count)d editors besides the facilitators.")
            % {"count": EDITORS_PER_PROPOSAL}
        )
    member_ids = set(
        Membership.objects.filter(team_id=proposal.team_id, user__in=editors).values_list(
            "user_id", flat=True
        )
    )
    strangers = [person for person in editors if person.pk not in member_ids]
    if strangers:
        raise ValidationError(
            _("Only members of the group may edit its proposals: %(names)s is not one.")
            % {"names": ", ".join(person.name for person in strangers[:5])}
        )
    proposal = _lock(proposal)
    proposal.editors.set(editors)
    # No save, so no signal: who edits an unshared draft changes what the group's list shows them.
    version_bump("proposals")
    return proposal


@transaction.atomic
def proposal_comment(*, actor: User, proposal: Proposal, body: str) -> ProposalComment:
    proposal = _lock(proposal)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    if proposal.comments.count() >= COMMENTS_PER_PROPOSAL:
        raise ValidationError(
            _("This proposal has %(count)d comments, as many as it may have.")
            % {"count": COMMENTS_PER_PROPOSAL}
        )
    comment = ProposalComment(proposal=proposal, author=actor, body=body)
    comment.full_clean(exclude=["proposal", "author"])
    comment.save()
    return comment


# The secretariat's list of kinds of session.

# Kinds of session the list may hold: its page shows them all, and a proposal's form offers them.
SESSION_KINDS_MAX = 60


def _kind_slug(kind: SessionKind) -> None:
    """A slug made once from the name (kept when the name changes: it may be in addresses), made
    distinct from the others' by a number; a name without Latin letters gets "kind"."""
    if kind.slug:
        return
    base = slugify(kind.name)[:50] or "kind"
    taken = set(SessionKind.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    kind.slug = next(
        slug
        for slug in (base, *(f"{base}-{n}" for n in range(2, SESSION_KINDS_MAX + 3)))
        if slug not in taken
    )


@transaction.atomic
def session_kind_save(
    *,
    actor: User,
    kind: SessionKind | None = None,
    name: str,
    default_minutes: int,
    floor_share: int,
    is_active: bool = True,
    position: int | None = None,
    translations: dict | None = None,
) -> SessionKind:
    """A new kind of session, or changes to one; the proposals of a kind keep their own length.
    Names are distinct whatever their case; at least one kind stays offered for new proposals;
    the list holds at most SESSION_KINDS_MAX kinds."""
    # One change of the list at a time: the checks below read the other kinds.
    list(SessionKind.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    kind = kind or SessionKind()
    name = name.strip()
    errors = {}
    if SessionKind.objects.filter(name__iexact=name).exclude(pk=kind.pk).exists():
        errors["name"] = _("Another kind of session has this name; choose another.")
    if kind.pk is None and SessionKind.objects.count() >= SESSION_KINDS_MAX:
        errors["__all__"] = _(
            "The list holds at most %(count)d kinds of session: stop offering one and rename it instead."
        ) % {"count": SESSION_KINDS_MAX}
    if not is_active and not SessionKind.objects.filter(is_active=True).exclude(pk=kind.pk).exists():
        errors["is_active"] = _("At least one kind of session stays offered for new proposals.")
    if errors:
        raise ValidationError(errors)
    kind.name = name
    kind.default_minutes = default_minutes
    kind.floor_share = floor_share
    kind.is_active = is_active
    if position is not None:
        kind.position = position
    elif kind.pk is None:
        kind.position = SessionKind.objects.count()
    if translations is not None:
        kind.translations = translations
    _kind_slug(kind)
    kind.full_clean()
    try:
        with transaction.atomic():
            kind.save()
    except IntegrityError:
        raise ValidationError({"name": _("Another kind of session has this name; choose another.")}) from None
    return kind


# The panel planner.


def _fill_panelist(panelist: Panelist, fields: dict) -> None:
    unknown = set(fields) - set(PANELIST_FIELDS)
    if unknown:
        raise TypeError(f"not a panelist field: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(panelist, name, value.strip() if isinstance(value, str) else value)
    panelist.full_clean(exclude=["proposal"])


def _panel_open(proposal: Proposal) -> None:
    """A withdrawn proposal's panel stays as it was withdrawn, as the proposal does."""
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn: take it back to draft to change its panel."))


@transaction.atomic
def panelist_add(*, actor: User, proposal: Proposal, **fields) -> Panelist:
    proposal = _lock(proposal)
    _panel_open(proposal)
    count = proposal.panelists.count()
    if count >= PANEL_SIZE_MAX:
        raise ValidationError(_("A panel has at most %(count)d people.") % {"count": PANEL_SIZE_MAX})
    panelist = Panelist(proposal=proposal, position=count)
    _fill_panelist(panelist, fields)
    panelist.save()
    proposal.updated_at = timezone.now()
    proposal.save(update_fields=["updated_at"])
    return panelist


@transaction.atomic
def panelist_update(*, actor: User, panelist: Panelist, **fields) -> Panelist:
    proposal = _lock(panelist.proposal)
    _panel_open(proposal)
    panelist = Panelist.objects.select_for_update().get(pk=panelist.pk, proposal=proposal)
    address = panelist.email
    _fill_panelist(panelist, fields)
    if panelist.email != address and panelist.invitation == InvitationState.INVITED:
        # The invitation went to the old address: its link stops working, and the new address is
        # invited with the "Invite" action.
        panelist.invitation, panelist.token = InvitationState.NOT_INVITED, None
    panelist.save()
    proposal.updated_at = timezone.now()
    proposal.save(update_fields=["updated_at"])
    return panelist


@transaction.atomic
def panelist_remove(*, actor: User, panelist: Panelist) -> None:
    """Off the panel; if their invitation stood, they are told once and their link says it was
    withdrawn."""
    proposal = _lock(panelist.proposal)
    _panel_open(proposal)
    panelist = Panelist.objects.select_for_update().filter(pk=panelist.pk, proposal=proposal).first()
    if panelist is None:
        return  # removed twice, in two tabs
    panelist.proposal = proposal
    if panelist.invitation in (*invitations.STANDING, InvitationState.WITHDRAWN):
        WithdrawnInvitation.objects.create(proposal=proposal, token=panelist.token)
    if panelist.invitation in invitations.STANDING:
        # Their row goes, so no entry of this UID will follow: one more than the last is enough.
        invitations.invitations_withdrawn([panelist], removed=True, sequence=proposal.time_sequence + 1)
    panelist.delete()
    proposal.updated_at = timezone.now()
    proposal.save(update_fields=["updated_at"])


def panelists_forget_address(address: str) -> int:
    """A deleted account's address is blanked on every panel that has it (a nominee appointed took
    it from their profile; an editor may have typed it). A pending invitation went to it: its link
    stops working and no reminder follows, as when the address is changed. Returns the panelists
    changed; "proposals" gets a new version (update() sends no signal), so the pages show it."""
    if not address:
        return 0
    theirs = Panelist.objects.filter(email__iexact=address)
    changed = theirs.filter(invitation=InvitationState.INVITED).update(
        email="", invitation=InvitationState.NOT_INVITED, token=None
    )
    changed += theirs.update(email="")
    if changed:
        version_bump("proposals")
    return changed
