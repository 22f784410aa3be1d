"""The speaker's page keeps its zone select rendered once per zone and language
(proposals.views.invitations._zone_field): each reader gets their own zone chosen, in their language."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from proposals import invitations
from tests.factories import PanelistFactory, panel_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(team, facilitator, now):
    proposal = panel_proposal(team=team, actor=facilitator, starts_at=now + timedelta(days=30, hours=5))
    speaker = PanelistFactory(proposal=proposal, name="Ana Speaker", email="ana@example.org")
    invited = invitations.panelist_invite(
        actor=facilitator, panelist=speaker, reply_by=(now + timedelta(days=10)).date(), language="en"
    )
    return reverse("proposals:invitation", args=[invited.token])


def chosen(page: str) -> list[str]:
    return re.findall(r'<option value="([^"]+)" selected>', page)


def test_each_reader_gets_their_own_zone_chosen_from_the_kept_select(client, url):
    for _twice in range(2):
        for zone in ("Asia/Kathmandu", "Europe/Paris", "UTC"):
            assert chosen(client.get(url, {"zone": zone}).content.decode()) == [zone]


def test_the_kept_select_speaks_the_readers_language(client, url):
    assert "Show times in" in client.get(url, {"zone": "Europe/Paris"}).content.decode()
    french = client.get(url, {"zone": "Europe/Paris"}, headers={"accept-language": "fr"}).content.decode()
    assert "Afficher les horaires dans le fuseau" in french and "Show times in" not in french
