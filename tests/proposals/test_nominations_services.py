"""proposals.nominations: nominating, supporting, taking support back and appointing, with the rules
on who may and the bounds."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from proposals import nominations, services
from proposals.models import NOMINATIONS_PER_PROPOSAL, Nomination, NominationSupport
from tests.factories import MembershipFactory, PanelistFactory, panel_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(team, facilitator):
    return panel_proposal(team=team, actor=facilitator)


@pytest.fixture
def ana(team):
    return MembershipFactory(
        team=team,
        user__email="ana@example.org",
        user__display_name="Ana Chair",
        user__stakeholder_group="civil_society",
        user__un_region="grulac",
        user__gender="woman",
    ).user


@pytest.fixture
def bo(team):
    return MembershipFactory(team=team, user__email="bo@example.org", user__display_name="Bo Member").user


def _supporters(nomination):
    return sorted(
        NominationSupport.objects.filter(nomination=nomination).values_list("user__email", flat=True)
    )


def test_a_nomination_counts_as_the_nominators_support(proposal, ana, bo):
    nomination = nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=ana)
    assert (nomination.role, nomination.nominee, nomination.nominated_by) == ("chair", ana, bo)
    assert _supporters(nomination) == ["bo@example.org"]


def test_nominating_again_adds_support_not_a_second_nomination(proposal, ana, bo, facilitator):
    first = nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=ana)
    again = nominations.nomination_create(actor=facilitator, proposal=proposal, role="chair", nominee=ana)
    assert again == first and Nomination.objects.count() == 1
    assert _supporters(first) == ["bo@example.org", "facilitator@example.org"]
    # For the other role, another nomination.
    nominations.nomination_create(actor=bo, proposal=proposal, role="moderator", nominee=ana)
    assert Nomination.objects.count() == 2


def test_the_database_keeps_one_nomination_per_role_and_person(proposal, ana, bo):
    nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=ana)
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(proposal=proposal, role="chair", nominee=ana, nominated_by=bo)


def test_support_once_and_withdraw_it(proposal, ana, bo, facilitator):
    nomination = nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=ana)
    assert nominations.nomination_support(actor=facilitator, nomination=nomination) is True
    assert nominations.nomination_support(actor=facilitator, nomination=nomination) is False
    assert len(_supporters(nomination)) == 2
    assert nominations.nomination_unsupport(actor=bo, nomination=nomination) is True
    assert nominations.nomination_unsupport(actor=bo, nomination=nomination) is False
    assert _supporters(nomination) == ["facilitator@example.org"]


def test_at_most_so_many_nominations(proposal, bo, team):
    for _i in range(NOMINATIONS_PER_PROPOSAL):
        person = MembershipFactory(team=team).user
        nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=person)
    with pytest.raises(ValidationError, match="at most 20 nominations"):
        nominations.nomination_create(actor=bo, proposal=proposal, role="moderator", nominee=bo)
    assert Nomination.objects.count() == NOMINATIONS_PER_PROPOSAL


def test_only_members_nominate_and_only_members_are_nominated(proposal, ana, mag, secretariat, other_team):
    for outsider in (mag, secretariat):
        with pytest.raises(ValidationError, match="Only the group's members"):
            nominations.nomination_create(actor=outsider, proposal=proposal, role="chair", nominee=ana)
    stranger = MembershipFactory(team=other_team).user
    with pytest.raises(ValidationError, match="Only a member of the group"):
        nominations.nomination_create(actor=ana, proposal=proposal, role="chair", nominee=stranger)
    with pytest.raises(ValidationError, match="a chair or a moderator"):
        nominations.nomination_create(actor=ana, proposal=proposal, role="speaker", nominee=ana)
    assert not Nomination.objects.exists()


def test_not_on_an_unshared_draft_nor_a_withdrawn_proposal(team, facilitator, ana, bo):
    draft = panel_proposal(team=team, actor=facilitator, shared=False)
    with pytest.raises(ValidationError):
        nominations.nomination_create(actor=bo, proposal=draft, role="chair", nominee=ana)
    shared = panel_proposal(team=team, actor=facilitator, title="Shared")
    nomination = nominations.nomination_create(actor=bo, proposal=shared, role="chair", nominee=ana)
    services.proposal_withdraw(actor=facilitator, proposal=shared)
    nomination.proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        nominations.nomination_support(actor=ana, nomination=nomination)
    with pytest.raises(ValidationError):
        nominations.nomination_appoint(actor=facilitator, nomination=nomination)


def test_appointing_puts_the_nominee_on_the_panel(proposal, ana, bo, facilitator):
    nomination = nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=ana)
    panelist = nominations.nomination_appoint(actor=facilitator, nomination=nomination)
    # From the member's profile: what the planner weighs, and the address to invite them at.
    assert (
        panelist.name,
        panelist.role,
        panelist.stakeholder_group,
        panelist.region,
        panelist.gender,
        panelist.email,
    ) == ("Ana Chair", "chair", "civil_society", "grulac", "woman", "ana@example.org")
    nomination.refresh_from_db()
    assert nomination.appointed_at is not None
    with pytest.raises(ValidationError, match="already appointed"):
        nominations.nomination_appoint(actor=facilitator, nomination=nomination)
    assert proposal.panelists.count() == 1


def test_the_role_taken_is_said_and_nothing_changes(proposal, ana, bo, facilitator):
    PanelistFactory(proposal=proposal, name="Sitting Moderator", role="moderator")
    nomination = nominations.nomination_create(actor=bo, proposal=proposal, role="moderator", nominee=ana)
    with pytest.raises(ValidationError, match="already has a moderator: Sitting Moderator"):
        nominations.nomination_appoint(actor=facilitator, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.appointed_at is None and proposal.panelists.count() == 1


def test_only_editors_appoint(proposal, ana, bo, secretariat):
    nomination = nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=ana)
    for person in (bo, secretariat):
        with pytest.raises(ValidationError, match="appoint"):
            nominations.nomination_appoint(actor=person, nomination=nomination)
    assert not proposal.panelists.exists()


def test_the_nominator_or_a_facilitator_withdraws_a_nomination_with_its_support(
    proposal, ana, bo, facilitator, secretariat
):
    for actor in (bo, facilitator, secretariat):
        nomination = nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=ana)
        nominations.nomination_support(actor=facilitator, nomination=nomination)
        nominations.nomination_withdraw(actor=actor, nomination=nomination)
        assert not Nomination.objects.exists() and not NominationSupport.objects.exists()
    nominations.nomination_withdraw(actor=bo, nomination=nomination)  # twice: nothing more to do


def test_the_rule_names_the_nominator_and_the_groups_leads_only(proposal, ana, bo, facilitator, secretariat):
    from common.permissions import has_perm

    nomination = nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=ana)
    allowed = {
        person.email: has_perm(person, "proposals.withdraw_nomination", nomination)
        for person in (bo, ana, facilitator, secretariat)
    }
    assert allowed == {
        "bo@example.org": True,
        "ana@example.org": False,
        facilitator.email: True,
        secretariat.email: True,
    }


def test_an_appointed_nomination_is_not_withdrawn(proposal, ana, bo, facilitator):
    nomination = nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=ana)
    nominations.nomination_appoint(actor=facilitator, nomination=nomination)
    with pytest.raises(ValidationError, match="panel planner"):
        nominations.nomination_withdraw(actor=bo, nomination=nomination)
    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_nominations_of_reads_counts_names_and_ones_own_support(proposal, ana, bo, facilitator, team):
    chair = nominations.nomination_create(actor=bo, proposal=proposal, role="chair", nominee=ana)
    for _i in range(nominations.SUPPORTER_NAMES_SHOWN + 2):
        nominations.nomination_support(actor=MembershipFactory(team=team).user, nomination=chair)
    nominations.nomination_create(actor=facilitator, proposal=proposal, role="moderator", nominee=bo)
    (chair_role, chairs), (moderator_role, moderators) = nominations.nominations_of(
        proposal=proposal, user=bo
    )
    assert (chair_role, moderator_role) == ("chair", "moderator")
    row = chairs[0]
    assert (row.supporters, len(row.names), row.more, row.supported) == (13, 10, 3, True)
    assert row.names[0] == "Bo Member"
    assert moderators[0].supported is False and moderators[0].names == ["Team Facilitator"]
    (_r, chairs), _m = nominations.nominations_of(proposal=proposal, user=bo, with_names=False)
    assert chairs[0].names == [] and chairs[0].supporters == 13
