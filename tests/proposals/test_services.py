"""The services of session proposals (proposals.services): states, refusals, bounds, history."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from common.timezones import plain_when
from proposals import services
from proposals.enums import Modality, ProposalEventKind, ProposalStatus, SessionFormat
from proposals.models import ProposalComment, ProposalEvent, SessionKind
from proposals.selectors import proposal_history, revision_changes
from schedule.enums import MilestoneStatus
from tests.factories import CycleFactory, MembershipFactory, MilestoneFactory
from tests.proposals.conftest import draft

pytestmark = pytest.mark.django_db


def kinds(proposal):
    return list(ProposalEvent.objects.filter(proposal=proposal).values_list("kind", flat=True))


def test_a_draft_takes_its_kinds_length_when_none_is_given(team, facilitator):
    made = draft(team, facilitator, kind=SessionKind.objects.get(slug="introductory"))
    assert (made.minutes, made.status, made.version, made.shared) == (60, ProposalStatus.DRAFT, 0, False)
    assert kinds(made) == [ProposalEventKind.CREATED]


def test_a_length_given_is_kept_and_one_out_of_bounds_refused(team, facilitator):
    assert draft(team, facilitator, minutes=45).minutes == 45
    with pytest.raises(ValidationError) as refused:
        draft(team, facilitator, minutes=5)
    assert "minutes" in refused.value.message_dict
    assert team.proposals.count() == 1


def test_a_kind_no_longer_offered_is_refused_for_a_new_proposal(team, facilitator):
    SessionKind.objects.filter(slug="youth").update(is_active=False)
    with pytest.raises(ValidationError) as refused:
        draft(team, facilitator, kind=SessionKind.objects.get(slug="youth"))
    assert "kind" in refused.value.message_dict
    assert not team.proposals.exists()


def test_due_must_be_a_published_deadline_of_the_groups_year(team, facilitator, now):
    for milestone in (
        MilestoneFactory(cycle=team.cycle, status=MilestoneStatus.DRAFT),
        MilestoneFactory(cycle=team.cycle, kind="event"),
        MilestoneFactory(cycle=CycleFactory(year=2022, is_current=False)),
    ):
        with pytest.raises(ValidationError) as refused:
            draft(team, facilitator, due=milestone)
        assert "due" in refused.value.message_dict
    assert not team.proposals.exists()


def test_a_group_has_a_bounded_number_of_proposals_under_way(team, facilitator, monkeypatch):
    monkeypatch.setattr(services, "PROPOSALS_PER_GROUP", 2)
    first, _second = draft(team, facilitator), draft(team, facilitator)
    with pytest.raises(ValidationError, match="at most 2 proposals"):
        draft(team, facilitator)
    services.proposal_withdraw(actor=facilitator, proposal=first)
    draft(team, facilitator)  # a withdrawn one leaves room
    assert team.proposals.count() == 3


def test_sharing_a_draft_is_recorded_once(proposal, facilitator):
    services.proposal_share(actor=facilitator, proposal=proposal)
    services.proposal_share(actor=facilitator, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.shared
    assert kinds(proposal).count(ProposalEventKind.SHARED) == 1


def test_submitting_makes_version_one_with_a_copy_and_twice_is_once(proposal, facilitator, now):
    services.proposal_submit(actor=facilitator, proposal=proposal)
    services.proposal_submit(actor=facilitator, proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version, proposal.shared) == (ProposalStatus.SUBMITTED, 1, True)
    assert proposal.submitted_at == now
    submitted = ProposalEvent.objects.get(proposal=proposal, kind=ProposalEventKind.SUBMITTED)
    assert submitted.snapshot["title"] == "Trust and norms"
    assert submitted.version == 1


def test_a_proposal_without_a_description_is_not_submitted(team, facilitator):
    made = draft(team, facilitator, description="")
    with pytest.raises(ValidationError, match="description"):
        services.proposal_submit(actor=facilitator, proposal=made)
    made.refresh_from_db()
    assert made.status == ProposalStatus.DRAFT


def test_changing_a_draft_is_no_revision(proposal, facilitator):
    services.proposal_update(actor=facilitator, proposal=proposal, title="Trust, norms and stability")
    proposal.refresh_from_db()
    assert (proposal.title, proposal.version) == ("Trust, norms and stability", 0)
    assert ProposalEventKind.REVISED not in kinds(proposal)


def test_changing_a_submitted_proposal_is_a_revision_with_its_copy(proposal, facilitator, team):
    question = team.area.policy_questions.first()
    services.proposal_submit(actor=facilitator, proposal=proposal)
    services.proposal_update(
        actor=facilitator,
        proposal=proposal,
        policy_questions=[question],
        title="Trust online",
        minutes=60,
        format=SessionFormat.ROUNDTABLE,
        modality=Modality.ONLINE,
        languages=["fr", "en"],
    )
    proposal.refresh_from_db()
    assert proposal.version == 2
    revised = ProposalEvent.objects.get(proposal=proposal, kind=ProposalEventKind.REVISED)
    assert (revised.version, revised.snapshot["title"], revised.snapshot["policy_questions"]) == (
        2,
        "Trust online",
        [question.pk],
    )
    # The history says what changed from the copy submitted before, in words.
    step = proposal_history(proposal=proposal).steps[0]
    assert step.event == revised
    words = " ".join(step.changes)
    for said in (
        "“Trust and norms” to “Trust online”",
        "90 to 60 minutes",
        "roundtable",
        "online",
        "1 added",
    ):
        assert said in words


def test_moving_a_submitted_proposals_time_is_a_revision_said_in_words(proposal, facilitator, now):
    first = now.replace(microsecond=0) + timedelta(days=30)
    services.proposal_update(actor=facilitator, proposal=proposal, starts_at=first)
    services.proposal_submit(actor=facilitator, proposal=proposal)
    moved = first + timedelta(days=1, hours=2)
    services.proposal_update(actor=facilitator, proposal=proposal, starts_at=moved)
    proposal.refresh_from_db()
    assert proposal.version == 2
    revised = ProposalEvent.objects.get(proposal=proposal, kind=ProposalEventKind.REVISED)
    assert revised.snapshot["starts_at"] == moved.isoformat()
    (words,) = proposal_history(proposal=proposal).steps[0].changes
    assert words == f"The proposed time moved from {plain_when(first)} to {plain_when(moved)}."
    # Taken off: a revision too.
    services.proposal_update(actor=facilitator, proposal=proposal, starts_at=None)
    proposal.refresh_from_db()
    assert proposal.version == 3
    (words,) = proposal_history(proposal=proposal).steps[0].changes
    assert "was taken off" in words and plain_when(moved) in words


def test_a_time_set_is_said_and_a_copy_without_one_says_nothing_of_it(now):
    at = now.replace(microsecond=0)
    said = revision_changes({"starts_at": None}, {"starts_at": at.isoformat()}, kind_names={})
    assert said == [f"The proposed time is now {plain_when(at)}."]
    assert revision_changes({"title": "A"}, {"title": "A", "starts_at": at.isoformat()}, kind_names={}) == []


def test_saving_a_submitted_proposal_unchanged_is_no_revision(proposal, facilitator):
    services.proposal_submit(actor=facilitator, proposal=proposal)
    services.proposal_update(actor=facilitator, proposal=proposal, title="Trust and norms")
    proposal.refresh_from_db()
    assert proposal.version == 1
    assert ProposalEventKind.REVISED not in kinds(proposal)


def test_a_withdrawn_proposal_is_not_changed_nor_submitted_nor_shared(proposal, facilitator):
    services.proposal_withdraw(actor=facilitator, proposal=proposal, note="Merged with another")
    services.proposal_withdraw(actor=facilitator, proposal=proposal)  # twice: once
    for step in (
        lambda: services.proposal_update(actor=facilitator, proposal=proposal, title="Other"),
        lambda: services.proposal_submit(actor=facilitator, proposal=proposal),
        lambda: services.proposal_share(actor=facilitator, proposal=proposal),
    ):
        with pytest.raises(ValidationError):
            step()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.title, proposal.version) == (
        ProposalStatus.WITHDRAWN,
        "Trust and norms",
        0,
    )
    withdrawn = ProposalEvent.objects.get(proposal=proposal, kind=ProposalEventKind.WITHDRAWN)
    assert withdrawn.note == "Merged with another"


def test_a_withdrawn_proposal_taken_back_is_submitted_as_the_next_version(proposal, facilitator):
    services.proposal_submit(actor=facilitator, proposal=proposal)
    services.proposal_withdraw(actor=facilitator, proposal=proposal)
    services.proposal_reopen(actor=facilitator, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    services.proposal_submit(actor=facilitator, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.version == 2
    assert kinds(proposal)[-3:] == [
        ProposalEventKind.WITHDRAWN,
        ProposalEventKind.REOPENED,
        ProposalEventKind.SUBMITTED,
    ]


def test_only_a_withdrawn_proposal_is_taken_back(proposal, facilitator):
    with pytest.raises(ValidationError):
        services.proposal_reopen(actor=facilitator, proposal=proposal)


def test_editors_must_be_members_of_the_group(proposal, facilitator, editor, outsider):
    with pytest.raises(ValidationError, match="Out Sider"):
        services.proposal_editors_set(actor=facilitator, proposal=proposal, editors=[editor, outsider])
    assert list(proposal.editors.all()) == [editor]


def test_editors_are_bounded(proposal, facilitator, team, monkeypatch):
    monkeypatch.setattr(services, "EDITORS_PER_PROPOSAL", 1)
    people = [proposal.editors.get(), MembershipFactory(team=team).user]
    with pytest.raises(ValidationError, match="at most 1 editors"):
        services.proposal_editors_set(actor=facilitator, proposal=proposal, editors=people)
    assert proposal.editors.count() == 1


def test_a_comment_is_kept_and_an_empty_one_refused(proposal, member):
    services.proposal_comment(actor=member, proposal=proposal, body="  Add a youth speaker.  ")
    with pytest.raises(ValidationError) as refused:
        services.proposal_comment(actor=member, proposal=proposal, body="   ")
    assert "body" in refused.value.message_dict
    assert list(ProposalComment.objects.values_list("body", flat=True)) == ["Add a youth speaker."]


def test_comments_are_bounded(proposal, member, monkeypatch):
    monkeypatch.setattr(services, "COMMENTS_PER_PROPOSAL", 1)
    services.proposal_comment(actor=member, proposal=proposal, body="One")
    with pytest.raises(ValidationError, match="as many as it may have"):
        services.proposal_comment(actor=member, proposal=proposal, body="Two")
    assert proposal.comments.count() == 1


def test_late_is_a_draft_past_its_deadline_or_a_first_submission_after_it(team, facilitator, now):
    due = MilestoneFactory(cycle=team.cycle, due_at=now - timedelta(days=1))
    late_draft = draft(team, facilitator, due=due)
    assert late_draft.is_late()
    on_time = draft(team, facilitator, due=MilestoneFactory(cycle=team.cycle))
    services.proposal_submit(actor=facilitator, proposal=on_time)
    on_time.refresh_from_db()
    assert not on_time.is_late()


def test_revision_changes_say_nothing_without_a_copy_before():
    assert revision_changes({}, {"title": "A"}, kind_names={}) == []
