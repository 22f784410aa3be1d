"""The nominations on the proposal's page (proposals/views/nominations.py): what each role sees,
what each POST changes, and bad input refused with a message and nothing saved."""

import pytest
from django.urls import reverse

from proposals import nominations
from proposals.models import Nomination, NominationSupport
from tests.factories import MembershipFactory, PanelistFactory, panel_proposal
from tests.proposals.conftest import sign_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(team, facilitator):
    """Shared with the group, so that its members nominate (the conftest's is an unshared draft)."""
    return panel_proposal(team=team, actor=facilitator)


@pytest.fixture
def ana(team):
    return MembershipFactory(team=team, user__email="ana@example.org", user__display_name="Ana Nominee").user


@pytest.fixture
def nomination(proposal, ana, member):
    return nominations.nomination_create(actor=member, proposal=proposal, role="chair", nominee=ana)


def _detail(proposal):
    return reverse("proposals:detail", args=[proposal.pk])


@pytest.mark.parametrize(
    "role, sees, nominates, appoints",
    [
        ("facilitator", True, True, True),
        ("member", True, True, False),
        ("mag", False, False, False),
        ("secretariat", False, False, False),
    ],
)
def test_each_role_sees_the_nominations(
    client, request, proposal, nomination, role, sees, nominates, appoints
):
    from proposals import services

    services.proposal_submit(actor=request.getfixturevalue("facilitator"), proposal=proposal)
    sign_in_as(client, request, role)
    page = client.get(_detail(proposal)).content.decode()
    assert "Nominated to chair" in page and "Ana Nominee" in page and "1 supporter" in page
    assert ("Team Member" in page) is sees  # the supporters' names are the group's
    assert ("Nominate</button>" in page) is nominates
    assert ("Appoint Ana Nominee" in page) is appoints
    if role == "member":
        assert "Withdraw my support for Ana Nominee" in page
    if role == "facilitator":
        assert "Support Ana Nominee" in page


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(client, proposal, nomination):
    urls = [
        reverse("proposals:nominate", args=[proposal.pk]),
        reverse("proposals:nomination_support", args=[proposal.pk, nomination.pk]),
        reverse("proposals:nomination_unsupport", args=[proposal.pk, nomination.pk]),
        reverse("proposals:nomination_appoint", args=[proposal.pk, nomination.pk]),
    ]
    for url in urls:
        response = client.post(url, {"role": "chair", "nominee": "ana@example.org"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert NominationSupport.objects.count() == 1 and not proposal.panelists.exists()


def test_a_member_nominates_with_the_member_box(client, proposal, member, ana):
    client.force_login(member)
    response = client.post(
        reverse("proposals:nominate", args=[proposal.pk]), {"role": "moderator", "nominee": "Ana"}
    )
    assert response.status_code == 302 and response["Location"] == _detail(proposal) + "#nominations"
    made = Nomination.objects.get()
    assert (made.role, made.nominee, made.nominated_by) == ("moderator", ana, member)
    page = client.get(_detail(proposal)).content.decode()
    assert "Ana Nominee is nominated; your support is counted." in page
    assert "Nominated to moderate" in page and "1 supporter" in page


@pytest.mark.parametrize(
    "form, message",
    [
        ({"role": "chair", "nominee": "Nobody Here"}, "No member of this group matches"),
        ({"role": "speaker", "nominee": "Ana"}, "Select a valid choice"),
        ({"role": "chair", "nominee": ""}, "This field is required"),
    ],
)
def test_bad_input_says_so_and_saves_nothing(client, proposal, member, ana, form, message):
    client.force_login(member)
    response = client.post(reverse("proposals:nominate", args=[proposal.pk]), form)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("role", ["mag", "secretariat", "community"])
def test_outsiders_may_not_nominate_nor_support(client, request, proposal, nomination, role):
    sign_in_as(client, request, role)
    assert (
        client.post(
            reverse("proposals:nominate", args=[proposal.pk]), {"role": "chair", "nominee": "Ana"}
        ).status_code
        == 403
    )
    support = reverse("proposals:nomination_support", args=[proposal.pk, nomination.pk])
    assert client.post(support).status_code == 403
    assert NominationSupport.objects.count() == 1


@pytest.mark.usefixtures("committed_requests")  # the cached page shows each change at once
def test_support_and_withdraw_it(client, proposal, nomination, facilitator):
    client.force_login(facilitator)
    client.post(reverse("proposals:nomination_support", args=[proposal.pk, nomination.pk]))
    page = client.get(_detail(proposal)).content.decode()
    assert "Your support is counted." in page and "2 supporters" in page
    client.post(reverse("proposals:nomination_unsupport", args=[proposal.pk, nomination.pk]))
    page = client.get(_detail(proposal)).content.decode()
    assert "Your support is withdrawn." in page and "1 supporter" in page


def test_a_member_may_not_appoint(client, proposal, nomination, member):
    client.force_login(member)
    assert (
        client.post(reverse("proposals:nomination_appoint", args=[proposal.pk, nomination.pk])).status_code
        == 403
    )
    assert not proposal.panelists.exists()


def test_the_facilitator_appoints_and_the_planner_shows_the_chair(client, proposal, nomination, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("proposals:nomination_appoint", args=[proposal.pk, nomination.pk]))
    assert response.status_code == 302
    page = client.get(_detail(proposal)).content.decode()
    assert "Ana Nominee is on the panel as its chair." in page and "appointed" in page
    assert "Appoint Ana Nominee" not in page
    assert list(proposal.panelists.values_list("name", "role")) == [("Ana Nominee", "chair")]
    assert "Ana Nominee" in client.get(reverse("proposals:panel", args=[proposal.pk])).content.decode()


def test_a_role_already_held_is_said(client, proposal, nomination, facilitator):
    PanelistFactory(proposal=proposal, name="Sitting Chair", role="chair")
    client.force_login(facilitator)
    client.post(reverse("proposals:nomination_appoint", args=[proposal.pk, nomination.pk]))
    page = client.get(_detail(proposal)).content.decode()
    assert "The panel already has a chair: Sitting Chair." in page
    assert proposal.panelists.count() == 1


def test_another_proposals_nomination_is_not_found(client, team, facilitator, nomination):
    other = panel_proposal(team=team, actor=facilitator, title="Other")
    client.force_login(facilitator)
    url = reverse("proposals:nomination_appoint", args=[other.pk, nomination.pk])
    assert client.post(url).status_code == 404


def _withdraw(proposal, nomination):
    return reverse("proposals:nomination_withdraw", args=[proposal.pk, nomination.pk])


@pytest.mark.parametrize(
    "role, sees_button, status",
    [("member", True, 302), ("facilitator", True, 302), ("ana", False, 403), ("mag", False, 403)],
)
def test_the_nominator_or_a_facilitator_withdraws_a_nomination(
    client, request, proposal, nomination, role, sees_button, status
):
    from proposals import services

    services.proposal_submit(actor=request.getfixturevalue("facilitator"), proposal=proposal)
    sign_in_as(client, request, role)
    page = client.get(_detail(proposal)).content.decode()
    assert ("Withdraw the nomination of Ana Nominee" in page) is sees_button
    response = client.post(_withdraw(proposal, nomination))
    assert response.status_code == status
    assert Nomination.objects.exists() is (status != 302)
    if status == 302:
        assert response["Location"] == _detail(proposal) + "#nominations"
        page = client.get(_detail(proposal)).content.decode()
        assert "The nomination of Ana Nominee is withdrawn." in page and "Nobody nominated yet." in page
    else:
        assert "Only the member who made a nomination" in response.content.decode()


def test_an_appointed_nomination_is_not_withdrawn_and_the_page_says_why(
    client, proposal, nomination, facilitator
):
    nominations.nomination_appoint(actor=facilitator, nomination=nomination)
    client.force_login(facilitator)
    assert "Withdraw the nomination" not in client.get(_detail(proposal)).content.decode()
    client.post(_withdraw(proposal, nomination))
    page = client.get(_detail(proposal)).content.decode()
    assert "already appointed: remove them in the panel planner" in page
    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_withdrawing_another_proposals_nomination_is_not_found(client, team, facilitator, nomination):
    other = panel_proposal(team=team, actor=facilitator, title="Other")
    client.force_login(facilitator)
    assert client.post(_withdraw(other, nomination)).status_code == 404
    assert Nomination.objects.exists()


@pytest.mark.parametrize("first", ["ana", "member"])
def test_only_the_nominator_gets_the_withdraw_button_whoever_filled_the_cached_page(
    client, request, proposal, nomination, member, ana, first, django_capture_on_commit_callbacks
):
    from proposals import services

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(actor=request.getfixturevalue("facilitator"), proposal=proposal)
    # Both are members of the group who see the page the same way; only `member` made the nomination.
    seen = {}
    for role in (first, "ana" if first == "member" else "member"):
        client.force_login(request.getfixturevalue(role))
        seen[role] = client.get(_detail(proposal)).content.decode()
    assert "Withdraw the nomination of Ana Nominee" in seen["member"]
    assert "Withdraw the nomination of Ana Nominee" not in seen["ana"]
    assert "Support Ana Nominee" in seen["ana"]
