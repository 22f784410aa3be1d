"""A proposal's page is cached per way of seeing it, language and zone (proposals.views.proposals
._detail): each change it shows shows at once, one role's copy never reaches another, whoever filled
the cache, and each reader gets their own CSRF token and their own support buttons."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from proposals import nominations, services
from proposals.models import SessionKind
from tests.factories import MembershipFactory, PanelistFactory

# Versions move on commit: each request commits, so that the cached page sees each change.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("committed_requests")]

LEADS_ONLY = ("Share with the group", "Withdraw the proposal", "Choose editors")


@pytest.fixture
def ana(team):
    return MembershipFactory(team=team, user__email="ana@example.org", user__display_name="Ana Nominee").user


@pytest.fixture
def shared(proposal, facilitator, django_capture_on_commit_callbacks):
    """The draft shared with the group, with a nomination of Ana to chair by the editor."""
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_share(actor=facilitator, proposal=proposal)
    return proposal


@pytest.fixture
def nominated(shared, editor, ana, django_capture_on_commit_callbacks):
    """The shared draft, with Ana nominated to chair by its editor."""
    with django_capture_on_commit_callbacks(execute=True):
        nominations.nomination_create(actor=editor, proposal=shared, role="chair", nominee=ana)
    return shared


def page(client, user, proposal, *, status=200) -> str:
    client.force_login(user)
    response = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert response.status_code == status
    return response.content.decode()


def post(client, user, proposal, name, *args, **data):
    client.force_login(user)
    response = client.post(reverse(f"proposals:{name}", args=[proposal.pk, *args]), data)
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.parametrize("first", ["facilitator", "secretariat", "editor", "member", "mag"])
def test_no_way_of_seeing_reaches_another_whoever_filled_the_cache(
    client,
    request,
    nominated,
    facilitator,
    secretariat,
    editor,
    member,
    mag,
    first,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(actor=facilitator, proposal=nominated)
    page(client, request.getfixturevalue(first), nominated)
    for _twice in range(2):
        seen = page(client, facilitator, nominated)
        assert "Choose editors" in seen and "Withdraw the proposal" in seen and "Appoint Ana Nominee" in seen
        seen = page(client, secretariat, nominated)
        assert "Choose editors" in seen and "Add the comment" in seen
        seen = page(client, editor, nominated)
        assert "Withdraw the proposal" in seen and "Choose editors" not in seen
        # The member reads and comments, supports and nominates, and does nothing an editor does.
        seen = page(client, member, nominated)
        assert "Add the comment" in seen and "Support Ana Nominee" in seen and "Nominate" in seen
        assert not any(text in seen for text in (*LEADS_ONLY, "Appoint Ana Nominee", "Revise"))
        # The MAG member outside the group reads the submitted proposal: no form, no supporter's name.
        seen = page(client, mag, nominated)
        assert "Trust and norms" in seen and "1 supporter" in seen
        assert "Ed Itor" not in seen.split('id="editors"')[0]
        assert not any(text in seen for text in (*LEADS_ONLY, "Add the comment", "Support Ana", "Revise"))


@pytest.mark.parametrize("first", ["facilitator", "editor"])
def test_a_member_never_reads_an_unshared_draft_whoever_filled_the_cache(
    client, request, proposal, facilitator, editor, member, first
):
    assert "Share with the group" in page(client, request.getfixturevalue(first), proposal)
    assert "Trust and norms" not in page(client, member, proposal, status=403)
    assert "Share with the group" in page(client, editor, proposal)


def test_each_reader_gets_their_own_support_buttons_and_csrf_token(client, nominated, editor, member):
    # The editor's nomination counts as their support; the member has given none.
    assert "Withdraw my support for Ana Nominee" in page(client, editor, nominated)
    seen = page(client, member, nominated)
    assert "Support Ana Nominee" in seen and "Withdraw my support" not in seen
    post(client, member, nominated, "nomination_support", nominated.nominations.get().pk)
    seen = page(client, member, nominated)
    assert "Withdraw my support for Ana Nominee" in seen and "2 supporters" in seen
    assert "csrf-token-of-the-request" not in seen
    assert seen.count('name="csrfmiddlewaretoken"') >= 3
    client.logout()
    assert "Withdraw my support for Ana Nominee" in page(client, member, nominated)


def test_each_change_shows_at_once(
    client, shared, facilitator, editor, member, ana, team, django_capture_on_commit_callbacks
):
    def everyone_sees(text):
        for user in (member, editor, facilitator):
            assert text in page(client, user, shared), (user, text)

    everyone_sees("Trust and norms")
    post(client, member, shared, "comment", body="A first comment")
    everyone_sees("A first comment")
    post(client, member, shared, "nominate", role="moderator", nominee=ana.email)
    everyone_sees("<strong>Ana Nominee</strong>")
    with django_capture_on_commit_callbacks(execute=True):
        PanelistFactory(proposal=shared, name="Bo Speaker")
    everyone_sees("1 person on the panel")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_update(actor=facilitator, proposal=shared, title="Trust, renamed")
    everyone_sees("Trust, renamed")
    kind = SessionKind.objects.get(slug="main")
    kind.name = "Main session, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        kind.save()
    everyone_sees("Main session, renamed")
    team.title = "Trust team, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        team.save()
    everyone_sees("Trust team, renamed")
    ana.display_name = "Ana Renamed"
    with django_capture_on_commit_callbacks(execute=True):
        ana.save()
    everyone_sees("Ana Renamed")
    post(client, facilitator, shared, "editors", member="Team Member")
    assert "Withdraw the proposal" in page(client, member, shared)  # now an editor
    post(client, facilitator, shared, "submit")
    everyone_sees("Submitted, version 1")
    post(client, facilitator, shared, "withdraw", note="")
    everyone_sees("Withdrawn")


def test_a_language_and_a_zone_of_their_own(client, shared, facilitator, member):
    client.force_login(member)
    url = reverse("proposals:detail", args=[shared.pk])
    assert "Kind of session" in client.get(url).content.decode()
    client.cookies["django_language"] = "fr"
    assert "Type de session" in client.get(url).content.decode()
    del client.cookies["django_language"]
    assert "Kind of session" in client.get(url).content.decode()

    def history(user) -> str:  # its times, without the comment form (the reader's own token)
        return page(client, user, shared).split('id="history"')[1].split('id="comments"')[0]

    in_utc = history(member)
    member.time_zone = "Asia/Tokyo"
    member.save()
    in_tokyo = history(member)
    assert in_tokyo != in_utc
    assert history(facilitator) == in_utc


def test_the_draft_shows_late_once_its_deadline_passes(client, shared, member, deadline):
    assert "late" not in page(client, member, shared).split("</h1>")[1].split("</p>")[0]
    with time_machine.travel(deadline.due_at + timedelta(minutes=1), tick=False):
        assert "late" in page(client, member, shared).split("</h1>")[1].split("</p>")[0]
