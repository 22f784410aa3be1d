"""proposals/rules.py: each predicate alone, for every kind of person, in each state of a proposal."""

import pytest
from django.contrib.auth.models import AnonymousUser

from proposals.enums import ProposalStatus
from proposals.models import Proposal, SessionKind
from proposals.rules import edits_proposal, may_comment_on_proposal, may_draft_for_team, reads_proposal
from teams.enums import Capacity
from tests.factories import MagFactory, MembershipFactory


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, capacity=Capacity.DC).user


@pytest.fixture
def editor(team):
    return MembershipFactory(team=team, capacity=Capacity.NRI).user


@pytest.fixture
def outside_mag(db):
    """A current MAG member who is not in the group."""
    return MagFactory()


def _proposal(team, editor, *, status, shared=False):
    proposal = Proposal.objects.create(
        team=team,
        kind=SessionKind.objects.get(slug="main"),
        title="Dynamic Coalitions' main session",
        minutes=90,
        status=status,
        shared=shared,
    )
    proposal.editors.add(editor)
    return proposal


def _person(request, who):
    return AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)


PEOPLE = [
    "facilitator",
    "editor",
    "member",
    "outside_mag",
    "community",
    "secretariat",
    "other_facilitator",
    "anonymous",
]


@pytest.mark.parametrize(
    "who, draft, shared_draft, submitted, withdrawn",
    [
        ("facilitator", True, True, True, True),
        ("editor", True, True, True, True),
        ("member", False, True, True, True),
        ("outside_mag", False, False, True, False),
        ("community", False, False, False, False),
        ("secretariat", True, True, True, True),
        ("other_facilitator", False, False, True, False),  # a MAG member, as facilitators are
        ("anonymous", False, False, False, False),
    ],
)
def test_who_reads_a_proposal_in_each_state(
    request, team, editor, who, draft, shared_draft, submitted, withdrawn
):
    person = _person(request, who)
    cases = {
        (ProposalStatus.DRAFT, False): draft,
        (ProposalStatus.DRAFT, True): shared_draft,
        (ProposalStatus.SUBMITTED, True): submitted,
        (ProposalStatus.WITHDRAWN, True): withdrawn,
    }
    for (status, shared), expected in cases.items():
        proposal = _proposal(team, editor, status=status, shared=shared)
        assert reads_proposal(person, proposal) is expected, (status, shared)


@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_facilitators_and_the_editors_edit(request, team, editor, who):
    proposal = _proposal(team, editor, status=ProposalStatus.SUBMITTED, shared=True)
    assert edits_proposal(_person(request, who), proposal) is (who in ("facilitator", "editor"))
    assert edits_proposal(_person(request, who), None) is False


@pytest.mark.parametrize("who", PEOPLE)
def test_the_group_s_facilitators_and_the_secretariat_draft_for_it(request, team, who):
    assert may_draft_for_team(_person(request, who), team) is (who in ("facilitator", "secretariat"))


@pytest.mark.parametrize(
    "who, draft, shared_draft, submitted, withdrawn",
    [
        ("facilitator", True, True, True, True),
        ("editor", True, True, True, True),
        ("member", False, True, True, False),
        ("outside_mag", False, False, False, False),
        ("community", False, False, False, False),
        ("secretariat", False, True, True, False),
        ("anonymous", False, False, False, False),
    ],
)
def test_who_comments_in_each_state(request, team, editor, who, draft, shared_draft, submitted, withdrawn):
    person = _person(request, who)
    cases = {
        (ProposalStatus.DRAFT, False): draft,
        (ProposalStatus.DRAFT, True): shared_draft,
        (ProposalStatus.SUBMITTED, True): submitted,
        (ProposalStatus.WITHDRAWN, True): withdrawn,
    }
    for (status, shared), expected in cases.items():
        proposal = _proposal(team, editor, status=status, shared=shared)
        assert may_comment_on_proposal(person, proposal) is expected, (status, shared)
