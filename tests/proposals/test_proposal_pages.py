"""The proposal pages (proposals.views.proposals), as each role meets them: the group's facilitator,
the proposal's editor, a member of the group, a MAG member outside it, the secretariat, someone
signed in outside the group, and a visitor. A POST is judged by what it changed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from proposals import services
from proposals.enums import Modality, ProposalEventKind, ProposalStatus, SessionFormat
from proposals.models import Proposal, ProposalComment, ProposalEvent, SessionKind
from tests.factories import IssueAreaFactory, IssueTeamFactory, PolicyQuestionFactory
from tests.proposals.conftest import draft

pytestmark = pytest.mark.django_db

ROLES = ["facilitator", "editor", "member", "mag", "secretariat", "outsider", "anonymous"]
LOGIN = "login"


def as_role(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def group_url(team):
    return reverse("proposals:group", args=[team.cycle.year, team.slug])


@pytest.mark.parametrize(
    "role, expected, sees_draft, may_start",
    [
        ("facilitator", 200, True, True),
        ("editor", 200, True, False),
        ("member", 200, False, False),
        ("mag", 403, False, False),
        ("secretariat", 200, True, True),
        ("outsider", 403, False, False),
        ("anonymous", LOGIN, False, False),
    ],
)
def test_group_page_by_role(
    client, request, team, proposal, deadline, member, mag, role, expected, sees_draft, may_start
):
    submitted = draft(team, request.getfixturevalue("facilitator"), title="Submitted one", due=deadline)
    services.proposal_submit(actor=submitted.created_by, proposal=submitted)
    as_role(client, request, role)
    response = client.get(group_url(team))
    assert outcome(response) == expected
    if expected == 403:
        assert "Only the members of the group" in response.content.decode()
    if expected != 200:
        return
    page = response.content.decode()
    assert "Submitted one" in page
    assert ("Trust and norms" in page) == sees_draft
    assert ("New proposal" in page) == may_start
    assert "Main session proposals due" in page  # the due date's milestone, beside its time


def test_group_page_shows_a_late_draft_and_the_withdrawn_ones_apart(client, team, facilitator, now):
    from tests.factories import MilestoneFactory

    past = MilestoneFactory(cycle=team.cycle, title="Was due", due_at=now.replace(year=now.year - 1))
    draft(team, facilitator, title="Late one", due=past)
    gone = draft(team, facilitator, title="Gone one")
    services.proposal_withdraw(actor=facilitator, proposal=gone)
    client.force_login(facilitator)
    page = client.get(group_url(team)).content.decode()
    assert "late" in page
    under_way, withdrawn = page.split('id="withdrawn"')
    assert "Late one" in under_way and "Gone one" not in under_way
    assert "Gone one" in withdrawn


@pytest.mark.parametrize(
    "role, draft_expected, shared_expected, submitted_expected",
    [
        ("facilitator", 200, 200, 200),
        ("editor", 200, 200, 200),
        ("member", 403, 200, 200),
        ("mag", 403, 403, 200),
        ("secretariat", 200, 200, 200),
        ("outsider", 403, 403, 403),
        ("anonymous", LOGIN, LOGIN, LOGIN),
    ],
)
def test_detail_page_by_role_and_state(
    client,
    request,
    proposal,
    facilitator,
    member,
    mag,
    django_capture_on_commit_callbacks,
    role,
    draft_expected,
    shared_expected,
    submitted_expected,
):
    as_role(client, request, role)
    url = reverse("proposals:detail", args=[proposal.pk])
    assert outcome(client.get(url)) == draft_expected
    with django_capture_on_commit_callbacks(execute=True):  # the cached proposal's version moves
        services.proposal_share(actor=facilitator, proposal=proposal)
    assert outcome(client.get(url)) == shared_expected
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(actor=facilitator, proposal=proposal)
    response = client.get(url)
    assert outcome(response) == submitted_expected
    if submitted_expected == 403:
        assert "read its session proposals" in response.content.decode()


def test_the_facilitator_sees_the_steps_the_state_allows(
    client, proposal, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    url = reverse("proposals:detail", args=[proposal.pk])
    page = client.get(url).content.decode()
    for button in ("Share with the group", "Submit", "Withdraw", "Choose editors", "Edit"):
        assert button in page
    assert "Take back to draft" not in page
    with django_capture_on_commit_callbacks(execute=True):  # the cached page's version moves
        services.proposal_submit(actor=facilitator, proposal=proposal)
    page = client.get(url).content.decode()
    assert "Share with the group" not in page and "Revise" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_withdraw(actor=facilitator, proposal=proposal)
    page = client.get(url).content.decode()
    assert "Take back to draft" in page and "Revise" not in page


def test_a_member_of_a_shared_draft_sees_no_steps_but_the_comment_form(client, proposal, facilitator, member):
    services.proposal_share(actor=facilitator, proposal=proposal)
    client.force_login(member)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "Add the comment" in page
    for button in ("Share with the group", ">Submit<", "Withdraw", "Choose editors"):
        assert button not in page


def form_data(**changes):
    return {
        "kind": SessionKind.objects.get(slug="youth").pk,
        "title": "Youth voices on trust",
        "description": "Young people on norms.",
        "format": SessionFormat.ROUNDTABLE,
        "modality": Modality.ONLINE,
        "languages": ["fr", "en"],
        "minutes": "",
        **changes,
    }


@pytest.mark.parametrize(
    "role, expected",
    [
        ("facilitator", 200),
        ("editor", 403),
        ("member", 403),
        ("mag", 403),
        ("secretariat", 200),
        ("outsider", 403),
        ("anonymous", LOGIN),
    ],
)
def test_new_proposal_form_by_role(client, request, team, proposal, member, mag, role, expected):
    as_role(client, request, role)
    url = reverse("proposals:new", args=[team.cycle.year, team.slug])
    assert outcome(client.get(url)) == expected
    response = client.post(url, form_data())
    assert outcome(response) == (302 if expected == 200 else expected)
    assert Proposal.objects.filter(title="Youth voices on trust").exists() == (expected == 200)


def test_a_new_proposal_saves_what_the_form_says(client, team, facilitator, deadline):
    question = team.area.policy_questions.get()
    client.force_login(facilitator)
    response = client.post(
        reverse("proposals:new", args=[team.cycle.year, team.slug]),
        form_data(policy_questions=[question.pk], due=deadline.pk, languages=["en", "fr"]),
    )
    made = Proposal.objects.get(title="Youth voices on trust")
    assert response["Location"] == made.get_absolute_url()
    assert (made.kind.slug, made.minutes, made.format, made.modality, made.due, made.languages) == (
        "youth",
        60,  # the kind's, the field left empty
        SessionFormat.ROUNDTABLE,
        Modality.ONLINE,
        deadline,
        ["en", "fr"],  # in the site's order
    )
    assert list(made.policy_questions.all()) == [question]
    assert (made.created_by, made.status) == (facilitator, ProposalStatus.DRAFT)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"minutes": "5"}, "greater than or equal to 15"),
        ({"minutes": "100000"}, "less than or equal to 480"),
        ({"title": "   "}, "This field is required"),
        ({"languages": ["xx"]}, "Select a valid choice"),
        ({"policy_questions": ["999999"]}, "Select a valid choice"),
        ({"kind": "999999"}, "Select a valid choice"),
        ({"due": "999999"}, "Select a valid choice"),
        ({"description": "x" * 5001}, "at most 5,000 characters"),
    ],
)
def test_bad_input_is_said_on_the_form_and_nothing_saved(client, team, facilitator, changes, message):
    client.force_login(facilitator)
    response = client.post(reverse("proposals:new", args=[team.cycle.year, team.slug]), form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_deadline_not_published_is_refused_by_the_form(client, team, facilitator, now):
    from tests.factories import MilestoneFactory

    hidden = MilestoneFactory(cycle=team.cycle, status="draft")
    client.force_login(facilitator)
    response = client.post(
        reverse("proposals:new", args=[team.cycle.year, team.slug]), form_data(due=hidden.pk)
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Proposal.objects.exists()


def test_an_issue_team_is_offered_its_own_areas_questions_and_another_group_the_years(
    client, team, facilitator, secretariat
):
    other_area = IssueAreaFactory(name="Universal access")
    PolicyQuestionFactory(area=other_area, text="How to connect the next billion?")
    IssueTeamFactory(cycle=team.cycle, area=other_area)
    client.force_login(facilitator)
    page = client.get(reverse("proposals:new", args=[team.cycle.year, team.slug])).content.decode()
    assert "What norms increase trust online?" in page
    assert "How to connect the next billion?" not in page
    group = IssueTeamFactory(
        cycle=team.cycle, area=None, kind="mag_working_group", title="Hybrid", slug="hybrid"
    )
    client.force_login(secretariat)
    page = client.get(reverse("proposals:new", args=[group.cycle.year, group.slug])).content.decode()
    assert "What norms increase trust online?" in page and "How to connect the next billion?" in page


@pytest.mark.parametrize(
    "role, expected",
    [
        ("facilitator", 200),
        ("editor", 200),
        ("member", 403),
        ("mag", 403),
        ("secretariat", 403),
        ("outsider", 403),
        ("anonymous", LOGIN),
    ],
)
def test_edit_form_by_role(client, request, proposal, member, mag, role, expected):
    as_role(client, request, role)
    url = reverse("proposals:edit", args=[proposal.pk])
    assert outcome(client.get(url)) == expected
    response = client.post(url, form_data(title="Edited"))
    assert outcome(response) == (302 if expected == 200 else expected)
    proposal.refresh_from_db()
    assert (proposal.title == "Edited") == (expected == 200)


def test_editing_a_submitted_proposal_says_it_revises_and_makes_the_next_version(
    client, proposal, facilitator
):
    services.proposal_submit(actor=facilitator, proposal=proposal)
    client.force_login(facilitator)
    url = reverse("proposals:edit", args=[proposal.pk])
    assert "Saving a change makes a revision" in client.get(url).content.decode()
    response = client.post(url, form_data(title="Youth voices", minutes="75"))
    assert "version 2 is now the one submitted" in said(response)[0]
    proposal.refresh_from_db()
    assert (proposal.version, proposal.minutes, proposal.status) == (2, 75, ProposalStatus.SUBMITTED)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "The title changed from “Trust and norms” to “Youth voices”." in page
    assert "The length changed from 90 to 75 minutes." in page


def test_a_withdrawn_proposal_is_not_edited(client, proposal, facilitator):
    services.proposal_withdraw(actor=facilitator, proposal=proposal)
    client.force_login(facilitator)
    response = client.post(reverse("proposals:edit", args=[proposal.pk]), form_data(title="Edited"))
    assert response.status_code == 302
    assert "take it back to draft" in said(response)[0]
    proposal.refresh_from_db()
    assert proposal.title == "Trust and norms"


STEPS = ["share", "submit", "withdraw"]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize(
    "role, allowed",
    [
        ("facilitator", True),
        ("editor", True),
        ("member", False),
        ("mag", False),
        ("secretariat", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_each_step_by_role(client, request, proposal, member, mag, step, role, allowed):
    as_role(client, request, role)
    before = (proposal.status, proposal.shared, proposal.events.count())
    response = client.post(reverse(f"proposals:{step}", args=[proposal.pk]))
    assert outcome(response) == (302 if allowed else LOGIN if role == "anonymous" else 403)
    proposal.refresh_from_db()
    after = (proposal.status, proposal.shared, proposal.events.count())
    assert (after != before) == allowed
    if allowed:
        assert {"share": (ProposalStatus.DRAFT, True), "submit": (ProposalStatus.SUBMITTED, True)}.get(
            step, (ProposalStatus.WITHDRAWN, False)
        ) == after[:2]
        assert proposal.events.last().by == request.getfixturevalue(role)


def test_steps_need_post(client, proposal, facilitator):
    client.force_login(facilitator)
    for step in (*STEPS, "reopen", "comment"):
        assert client.get(reverse(f"proposals:{step}", args=[proposal.pk])).status_code == 405


def test_submitting_twice_submits_once_and_says_so(client, proposal, facilitator):
    client.force_login(facilitator)
    url = reverse("proposals:submit", args=[proposal.pk])
    client.post(url)
    response = client.post(url)
    assert said(response)[-1] == "This proposal is already submitted."
    assert proposal.events.filter(kind=ProposalEventKind.SUBMITTED).count() == 1


def test_submitting_without_a_description_says_why_and_changes_nothing(client, team, facilitator):
    empty = draft(team, facilitator, description="")
    client.force_login(facilitator)
    response = client.post(reverse("proposals:submit", args=[empty.pk]))
    assert "description" in said(response)[0]
    empty.refresh_from_db()
    assert empty.status == ProposalStatus.DRAFT


def test_withdrawing_keeps_the_note_and_taking_back_makes_a_draft(client, proposal, facilitator):
    client.force_login(facilitator)
    client.post(reverse("proposals:withdraw", args=[proposal.pk]), {"note": "Merged with the youth one"})
    event = proposal.events.get(kind=ProposalEventKind.WITHDRAWN)
    assert event.note == "Merged with the youth one"
    client.post(reverse("proposals:reopen", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Merged with the youth one" in page and "Taken back to draft" in page


def test_a_withdraw_note_too_long_is_refused(client, proposal, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("proposals:withdraw", args=[proposal.pk]), {"note": "x" * 2001})
    assert "at most 2,000 characters" in said(response)[0]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


@pytest.mark.parametrize(
    "role, on_draft, on_shared",
    [
        ("facilitator", 302, 302),
        ("editor", 302, 302),
        ("member", 403, 302),
        ("mag", 403, 403),
        ("secretariat", 403, 302),
        ("outsider", 403, 403),
        ("anonymous", LOGIN, LOGIN),
    ],
)
def test_comments_by_role(client, request, proposal, facilitator, member, mag, role, on_draft, on_shared):
    as_role(client, request, role)
    url = reverse("proposals:comment", args=[proposal.pk])
    assert outcome(client.post(url, {"body": "Before sharing"})) == on_draft
    services.proposal_share(actor=facilitator, proposal=proposal)
    assert outcome(client.post(url, {"body": "After sharing"})) == on_shared
    bodies = set(ProposalComment.objects.values_list("body", flat=True))
    assert ("Before sharing" in bodies) == (on_draft == 302)
    assert ("After sharing" in bodies) == (on_shared == 302)
    if on_shared == 302:
        assert ProposalComment.objects.get(body="After sharing").author == request.getfixturevalue(role)


@pytest.mark.parametrize("body, message", [("   ", "This field is required"), ("x" * 2001, "at most 2,000")])
def test_a_bad_comment_is_said_on_the_page_and_not_saved(client, proposal, facilitator, body, message):
    client.force_login(facilitator)
    response = client.post(reverse("proposals:comment", args=[proposal.pk]), {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProposalComment.objects.exists()


@pytest.mark.parametrize(
    "role, expected",
    [
        ("facilitator", 200),
        ("editor", 403),
        ("member", 403),
        ("mag", 403),
        ("secretariat", 200),
        ("outsider", 403),
        ("anonymous", LOGIN),
    ],
)
def test_editors_page_by_role(client, request, proposal, member, mag, role, expected):
    as_role(client, request, role)
    url = reverse("proposals:editors", args=[proposal.pk])
    assert outcome(client.get(url)) == expected
    response = client.post(url, {"member": "member@example.org"})
    assert outcome(response) == (302 if expected == 200 else expected)
    assert proposal.editors.filter(pk=member.pk).exists() == (expected == 200)


def test_an_editor_is_added_and_removed_one_at_a_time(client, proposal, facilitator, editor, member):
    client.force_login(facilitator)
    url = reverse("proposals:editors", args=[proposal.pk])
    client.post(url, {"member": "Team Member"})
    assert set(proposal.editors.all()) == {editor, member}
    response = client.post(url, {"remove": str(editor.pk)})
    assert said(response)[-1] == "Ed Itor no longer edits the proposal."
    assert list(proposal.editors.all()) == [member]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"member": "outsider@example.org"}, "No member of this group matches"),
        ({"member": ""}, "This field is required"),
        ({"remove": "not a number"}, "is not an editor"),
    ],
)
def test_editors_bad_input_says_why_and_changes_nothing(
    client, proposal, facilitator, editor, outsider, data, message
):
    client.force_login(facilitator)
    response = client.post(reverse("proposals:editors", args=[proposal.pk]), data, follow=True)
    assert message in response.content.decode()
    assert list(proposal.editors.all()) == [editor]


def test_history_lists_who_did_what(client, proposal, facilitator, editor):
    services.proposal_share(actor=editor, proposal=proposal)
    services.proposal_submit(actor=facilitator, proposal=proposal)
    client.force_login(facilitator)
    page = client.get(proposal.get_absolute_url()).content.decode()
    history = page.split('id="history"')[1].split('id="comments"')[0]
    assert history.index("Submitted") < history.index("Shared with the group") < history.index("Drafted")
    assert "Ed Itor" in history and "Team Facilitator" in history
    assert "<time" in history
    assert ProposalEvent.objects.filter(proposal=proposal).count() == 3


def test_the_team_page_links_to_the_proposals_for_members_and_the_secretariat(
    client, team, member, mag, secretariat
):
    link = group_url(team)
    for person, sees in ((member, True), (secretariat, True), (mag, False)):
        client.force_login(person)
        assert (link in client.get(team.get_absolute_url()).content.decode()) == sees
    client.logout()
    assert link not in client.get(team.get_absolute_url()).content.decode()


def test_a_long_history_shows_its_latest_steps_and_what_the_oldest_revision_shown_changed(
    client, proposal, facilitator, monkeypatch
):
    from proposals import selectors

    services.proposal_submit(actor=facilitator, proposal=proposal)
    services.proposal_update(actor=facilitator, proposal=proposal, title="Second")
    services.proposal_update(actor=facilitator, proposal=proposal, title="Third")
    monkeypatch.setattr(selectors, "HISTORY_SHOWN", 2)
    client.force_login(facilitator)
    page = client.get(proposal.get_absolute_url()).content.decode()
    history = page.split('id="history"')[1].split('id="comments"')[0]
    assert "Drafted" not in history and "Earlier steps are not shown." in history
    # The older of the two revisions shown is read against the copy submitted before it, not shown.
    assert "from “Trust and norms” to “Second”" in history
    assert "from “Second” to “Third”" in history


def test_comments_and_withdrawn_proposals_come_a_page_at_a_time(
    client, team, proposal, facilitator, monkeypatch
):
    from proposals import selectors

    monkeypatch.setattr(selectors, "COMMENTS_PER_PAGE", 2)
    monkeypatch.setattr(selectors, "WITHDRAWN_PER_PAGE", 2)
    for text in ("First", "Second", "Third"):
        services.proposal_comment(actor=facilitator, proposal=proposal, body=f"{text} comment")
        services.proposal_withdraw(actor=facilitator, proposal=draft(team, facilitator, title=f"{text} gone"))
    client.force_login(facilitator)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Third comment" in page and "First comment" not in page and "Older" in page
    page = client.get(reverse("proposals:group", args=[team.cycle.year, team.slug])).content.decode()
    assert "Third gone" in page and "First gone" not in page and "Older" in page
