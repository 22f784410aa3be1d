"""The speaker's page is cached per link, language and zone (proposals.views.invitations.invitation):
their answer and each change to the session shows at once, the link closes when the session ends,
each visitor gets their own CSRF token, and an unknown link or zone stores nothing."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language

from common.fragments import versioned_value_key
from proposals import invitations, services
from proposals.models import SessionKind
from tests.factories import PanelistFactory, panel_proposal

# Versions move on commit: each request commits, so that the cached page sees each change.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("committed_requests")]


@pytest.fixture
def proposal(team, facilitator, now):
    return panel_proposal(team=team, actor=facilitator, starts_at=now + timedelta(days=30, hours=5))


@pytest.fixture
def invited(proposal, facilitator, now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        speaker = PanelistFactory(proposal=proposal, name="Ana Speaker", email="ana@example.org")
        return invitations.panelist_invite(
            actor=facilitator, panelist=speaker, reply_by=(now + timedelta(days=10)).date(), language="en"
        )


def shown(client, token, query="", *, status=200) -> str:
    response = client.get(reverse("proposals:invitation", args=[token]) + query)
    assert response.status_code == status
    return response.content.decode()


def test_the_answer_and_each_change_show_at_once(
    client, invited, proposal, facilitator, team, django_capture_on_commit_callbacks
):
    assert "Dear Ana Speaker" in shown(client, invited.token)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_update(actor=facilitator, proposal=proposal, title="Trust, renamed")
    assert "Invitation: Trust, renamed" in shown(client, invited.token)
    kind = SessionKind.objects.get(slug="main")
    kind.name = "Main session, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        kind.save()
    assert "Main session, renamed" in shown(client, invited.token)
    team.title = "Trust team, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        team.save()
    assert "Trust team, renamed" in shown(client, invited.token)
    with django_capture_on_commit_callbacks(execute=True):
        services.panelist_update(actor=facilitator, panelist=invited, name="Ana Renamed")
    assert "Dear Ana Renamed" in shown(client, invited.token)
    response = client.post(
        reverse("proposals:invitation", args=[invited.token]), {"answer": "confirm", "zone": "UTC"}
    )
    assert response.status_code == 302
    assert "You confirmed. Thank you!" in shown(client, invited.token)


def test_the_link_closes_when_the_session_ends(client, invited, proposal):
    assert "Confirm" in shown(client, invited.token)
    with time_machine.travel(proposal.starts_at + timedelta(minutes=proposal.minutes), tick=False):
        assert "This invitation is closed" in shown(client, invited.token)


def test_a_zone_and_a_language_of_their_own(client, invited):
    in_tokyo = (
        shown(client, invited.token, "?zone=Asia/Tokyo").split('id="session-time"')[1].split("</dd>")[0]
    )
    in_lima = (
        shown(client, invited.token, "?zone=America/Lima").split('id="session-time"')[1].split("</dd>")[0]
    )
    assert in_tokyo != in_lima
    assert "Your answer" in shown(client, invited.token)
    client.cookies["django_language"] = "fr"
    assert "Votre réponse" in shown(client, invited.token)
    del client.cookies["django_language"]
    assert "Your answer" in shown(client, invited.token)


def test_each_visitor_gets_their_own_csrf_token(client, invited):
    first = shown(client, invited.token)
    client.cookies.clear()
    second = shown(client, invited.token)
    assert "csrf-token-of-the-request" not in second
    assert 'name="csrfmiddlewaretoken"' in second
    token = 'name="csrfmiddlewaretoken" value="'
    assert first.split(token)[1][:20] != second.split(token)[1][:20]


def test_an_unknown_link_or_zone_stores_nothing(client, invited):
    shown(client, "no-such-link", status=404)
    digest = hashlib.sha256(b"no-such-link").hexdigest()[:32]
    assert cache.get(versioned_value_key(f"invitation-page:{digest}:{get_language()}:UTC:")) is None
    page = shown(client, invited.token, "?zone=Not/AZone")
    assert "Dear Ana Speaker" in page
    digest = hashlib.sha256(invited.token.encode()).hexdigest()[:32]
    assert cache.get(versioned_value_key(f"invitation-page:{digest}:{get_language()}:UTC:Not/AZone")) is None
    assert cache.get(versioned_value_key(f"invitation-page:{digest}:{get_language()}:UTC:")) is None
    shown(client, invited.token)
    assert cache.get(versioned_value_key(f"invitation-page:{digest}:{get_language()}:UTC:")) is not None
