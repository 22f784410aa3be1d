"""proposals/views/invitations.py: the editors' "Invite" page, the planner's and the proposal's
states, and the speaker's private page (each role, anonymous, what each POST changed)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from proposals import invitations, services
from proposals.enums import InvitationState
from tests.factories import MembershipFactory, PanelistFactory, panel_proposal
from tests.proposals.conftest import sign_in_as
from tests.support.mail import newly_sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(team, facilitator, now):
    return panel_proposal(team=team, actor=facilitator, starts_at=now + timedelta(days=30, hours=5))


@pytest.fixture
def speaker(proposal):
    return PanelistFactory(proposal=proposal, name="Ana Speaker", email="ana@example.org")


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, user__email="member@example.org").user


@pytest.fixture
def editor(team, facilitator, proposal):
    person = MembershipFactory(team=team, user__email="editor@example.org").user
    services.proposal_editors_set(actor=facilitator, proposal=proposal, editors=[person])
    return person


def _invite_url(speaker):
    return reverse("proposals:panelist_invite", args=[speaker.proposal_id, speaker.pk])


def _invited(facilitator, speaker, now, days=10):
    return invitations.panelist_invite(
        actor=facilitator, panelist=speaker, reply_by=(now + timedelta(days=days)).date(), language="en"
    )


@pytest.mark.parametrize(
    "role, status",
    [
        ("facilitator", 302),
        ("editor", 302),
        ("member", 403),
        ("community", 403),
        ("secretariat", 403),
        ("anonymous", 302),
    ],
)
def test_only_the_proposals_editors_invite(client, request, speaker, now, role, status):
    sign_in_as(client, request, role)
    get = client.get(_invite_url(speaker))
    assert get.status_code == (200 if status == 302 and role != "anonymous" else status)
    response = client.post(
        _invite_url(speaker), {"reply_by": (now + timedelta(days=9)).date(), "language": "es"}
    )
    assert response.status_code == status
    speaker.refresh_from_db()
    invited = role in ("facilitator", "editor")
    assert (speaker.invitation == InvitationState.INVITED) is invited
    if invited:
        assert response["Location"] == reverse("proposals:panel", args=[speaker.proposal_id])
        assert speaker.language == "es" and speaker.reply_by == (now + timedelta(days=9)).date()
        assert len(newly_sent()) == 1
    elif role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_a_bad_reply_by_date_is_said_on_the_form_and_nothing_is_saved(client, facilitator, speaker, now):
    client.force_login(facilitator)
    response = client.post(_invite_url(speaker), {"reply_by": now.date(), "language": "en"})
    assert response.status_code == 200
    assert "Choose a reply-by date after today" in response.content.decode()
    response = client.post(_invite_url(speaker), {"reply_by": "not a date", "language": "xx"})
    assert response.status_code == 200
    speaker.refresh_from_db()
    assert speaker.invitation == "" and not newly_sent()


def test_the_planner_and_the_proposal_show_the_states(client, facilitator, speaker, proposal, now):
    other = PanelistFactory(proposal=proposal, name="Bo Speaker", email="bo@example.org")
    _invited(facilitator, speaker, now)
    invitations.invitation_answer(token=_invited(facilitator, other, now).token, confirm=True)
    client.force_login(facilitator)
    planner = client.get(reverse("proposals:panel", args=[proposal.pk])).content.decode()
    assert "Invited" in planner and "Confirmed" in planner
    assert _invite_url(speaker) in planner and _invite_url(other) not in planner  # confirmed: no action
    detail = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "Invitations to speak: 1 invited, 1 confirmed, 0 declined." in detail


def test_the_speaker_reads_the_session_in_their_zone_with_utc_and_confirms(client, facilitator, speaker, now):
    token = _invited(facilitator, speaker, now).token
    url = reverse("proposals:invitation", args=[token])
    page = client.get(url, {"zone": "Asia/Kathmandu"}).content.decode()
    assert "Trust and safety online" in page and "Ana Speaker" in page
    assert "+0545" in page and "UTC)" in page
    assert "ana@example.org" not in page
    response = client.post(url, {"answer": "confirm", "zone": "Asia/Kathmandu"})
    assert response.status_code == 302 and response["Location"] == url
    speaker.refresh_from_db()
    assert speaker.invitation == InvitationState.CONFIRMED and speaker.time_zone == "Asia/Kathmandu"
    page = client.get(url).content.decode()
    assert "You confirmed." in page and 'value="confirm"' not in page and "+0545" in page
    # A second answer changes nothing and says why.
    client.post(url, {"answer": "decline", "zone": "UTC"})
    speaker.refresh_from_db()
    assert speaker.invitation == InvitationState.CONFIRMED


def test_the_speaker_declines(client, facilitator, speaker, now):
    token = _invited(facilitator, speaker, now).token
    client.post(reverse("proposals:invitation", args=[token]), {"answer": "decline", "zone": "UTC"})
    speaker.refresh_from_db()
    assert speaker.invitation == InvitationState.DECLINED


def test_the_link_says_the_invitation_was_withdrawn_and_nothing_more(
    client, facilitator, speaker, proposal, now
):
    token = _invited(facilitator, speaker, now).token
    services.proposal_withdraw(actor=facilitator, proposal=proposal)
    url = reverse("proposals:invitation", args=[token])
    page = client.get(url).content.decode()
    assert "Invitation withdrawn" in page and 'value="confirm"' not in page
    assert proposal.title not in page and "A main session on trust" not in page
    client.post(url, {"answer": "confirm", "zone": "UTC"})
    speaker.refresh_from_db()
    assert speaker.invitation == InvitationState.WITHDRAWN


def test_a_speaker_taken_off_the_panel_reads_that_the_invitation_was_withdrawn(
    client, facilitator, speaker, proposal, now
):
    token = _invited(facilitator, speaker, now).token
    client.force_login(facilitator)
    client.post(reverse("proposals:panelist_remove", args=[proposal.pk, speaker.pk]))
    client.logout()
    url = reverse("proposals:invitation", args=[token])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and "Invitation withdrawn" in page
    assert proposal.title not in page and "Ana Speaker" not in page
    assert client.post(url, {"answer": "confirm", "zone": "UTC"}).status_code == 200


def test_an_unknown_link_is_a_404_that_says_so(client, speaker):
    for token in ("nope", "x" * 32):
        response = client.get(reverse("proposals:invitation", args=[token]))
        assert response.status_code == 404
        assert "Invitation not found" in response.content.decode()
        assert (
            client.post(reverse("proposals:invitation", args=[token]), {"answer": "confirm"}).status_code
            == 404
        )


def test_without_a_time_the_page_says_it_is_not_fixed(client, team, facilitator, now):
    untimed = panel_proposal(team=team, actor=facilitator, title="Later")
    speaker = PanelistFactory(proposal=untimed, email="cy@example.org")
    page = client.get(reverse("proposals:invitation", args=[_invited(facilitator, speaker, now).token]))
    assert "The session’s time is not fixed yet." in page.content.decode()


def test_the_proposal_form_takes_the_time_in_a_chosen_zone(client, facilitator, proposal):
    client.force_login(facilitator)
    data = {
        "kind": proposal.kind_id,
        "title": proposal.title,
        "description": proposal.description,
        "format": proposal.format,
        "modality": proposal.modality,
        "minutes": 90,
        "starts_local": "2027-09-14 14:00",
        "time_zone": "Europe/Paris",
    }
    response = client.post(reverse("proposals:edit", args=[proposal.pk]), data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.starts_at.isoformat() == "2027-09-14T12:00:00+00:00"
