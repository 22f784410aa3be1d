"""Who may see the programme's clashes: the permission the list asks (programme.build_programmesession,
programme/models.py with accounts.rules.is_secretariat), as a truth table."""

import pytest
from django.contrib.auth.models import AnonymousUser

from common.permissions import has_perm
from programme.views.clashes import BUILD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
WHO = ["anonymous", "community", "past_mag", "mag", "facilitator", "secretariat"]


@pytest.fixture
def people(community, mag, facilitator, secretariat):
    return {
        "anonymous": AnonymousUser(),
        "community": community,
        "past_mag": UserFactory(role="past_mag"),
        "mag": mag,
        "facilitator": facilitator,
        "secretariat": secretariat,
    }


def test_only_the_secretariat_sees_the_clashes(people):
    assert {who: has_perm(people[who], BUILD) for who in WHO} == {who: who == "secretariat" for who in WHO}


def test_an_inactive_secretariat_account_does_not(secretariat):
    secretariat.is_active = False
    assert not has_perm(secretariat, BUILD)
