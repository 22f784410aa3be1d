"""Who may do what with a session proposal. A proposal is its group's: the group's facilitators
draft it (and the members they name its editors); the group reads a draft once it is shared with
them, and comments on it; once submitted, the MAG (its current members) and the secretariat read
it too."""

import rules

from accounts.rules import is_current_mag, is_secretariat
from teams.rules import is_team_facilitator, is_team_member

from .enums import ProposalStatus


def _editor_ids(proposal) -> set[int]:
    # Read with the proposal by proposals.selectors.proposal_get (no query); else asked once.
    known = getattr(proposal, "editor_ids", None)
    if known is None:
        known = set(proposal.editors.values_list("pk", flat=True))
        proposal.editor_ids = known
    return known


@rules.predicate
def may_draft_for_team(user, team):
    """The group's facilitators, and the secretariat, start a proposal for it."""
    return is_secretariat(user) or is_team_facilitator(user, team)


@rules.predicate
def reads_group_proposals(user, team):
    """A group's list of proposals: its members (facilitators among them) and the secretariat."""
    return is_secretariat(user) or is_team_member(user, team)


@rules.predicate
def leads_proposal_group(user, proposal):
    """The group's facilitators and the secretariat name the proposal's editors."""
    if not rules.is_authenticated(user) or proposal is None:
        return False
    return is_secretariat(user) or is_team_facilitator(user, proposal.team)


@rules.predicate
def edits_proposal(user, proposal):
    """The group's facilitators and the proposal's editors."""
    if not rules.is_authenticated(user) or proposal is None:
        return False
    return is_team_facilitator(user, proposal.team) or user.pk in _editor_ids(proposal)


@rules.predicate
def reads_proposal(user, proposal):
    if not rules.is_authenticated(user) or proposal is None:
        return False
    if is_secretariat(user) or edits_proposal(user, proposal):
        return True
    if proposal.status == ProposalStatus.DRAFT and not proposal.shared:
        return False
    if is_team_member(user, proposal.team):
        return True
    return proposal.status == ProposalStatus.SUBMITTED and is_current_mag(user)


@rules.predicate
def may_comment_on_proposal(user, proposal):
    """The group's members and the secretariat, on a shared draft or a submitted proposal."""
    if not rules.is_authenticated(user) or proposal is None:
        return False
    if proposal.status == ProposalStatus.WITHDRAWN or (
        proposal.status == ProposalStatus.DRAFT and not proposal.shared
    ):
        return edits_proposal(user, proposal)
    return is_secretariat(user) or edits_proposal(user, proposal) or is_team_member(user, proposal.team)


@rules.predicate
def may_nominate(user, proposal):
    """The group's members nominate a chair or a moderator, and support a nomination, on a proposal
    the group reads and that is still under way: a shared draft or a submitted proposal."""
    if not rules.is_authenticated(user) or proposal is None:
        return False
    if proposal.status == ProposalStatus.WITHDRAWN or (
        proposal.status == ProposalStatus.DRAFT and not proposal.shared
    ):
        return False
    return is_team_member(user, proposal.team)


@rules.predicate
def withdraws_nomination(user, nomination):
    """The member who made the nomination, and the group's facilitators (and the secretariat), take
    it back (proposals.nominations.nomination_withdraw refuses an appointed one, with why)."""
    if not rules.is_authenticated(user) or nomination is None:
        return False
    return nomination.nominated_by_id == user.pk or leads_proposal_group(user, nomination.proposal)
