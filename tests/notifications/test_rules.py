"""notifications' predicates alone, as truth tables, and the permissions its models declare."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from notifications.rules import facilitates_any_team
from teams.enums import FacilitatorStatus
from tests.factories import FacilitatorRoleFactory, SecretariatFactory, UserFactory

pytestmark = pytest.mark.django_db


def _facilitator(status):
    return FacilitatorRoleFactory(status=status).user


@pytest.mark.parametrize(
    "make_user, expected",
    [
        (lambda: None, False),
        (AnonymousUser, False),
        (UserFactory, False),
        (lambda: _facilitator(FacilitatorStatus.VOLUNTEERED), False),
        (lambda: _facilitator(FacilitatorStatus.CONFIRMED), True),
    ],
    ids=["none", "anonymous", "member", "volunteered-facilitator", "confirmed-facilitator"],
)
def test_facilitates_any_team(make_user, expected):
    assert facilitates_any_team(make_user()) is expected


WHO = {
    "anonymous": AnonymousUser,
    "member": UserFactory,
    "facilitator": lambda: _facilitator(FacilitatorStatus.CONFIRMED),
    "secretariat": SecretariatFactory,
}


@pytest.mark.parametrize(
    "perm, allowed",
    [
        ("notifications.view_outboxmessage", {"secretariat"}),
        ("notifications.change_outboxmessage", {"secretariat"}),
        ("notifications.add_announcement", {"facilitator", "secretariat"}),
        ("notifications.view_announcement", {"member", "facilitator", "secretariat"}),
        ("notifications.change_notificationpreferences", {"member", "facilitator", "secretariat"}),
    ],
)
def test_the_permissions_the_models_declare(perm, allowed):
    assert rules.perm_exists(perm)
    for who, make_user in WHO.items():
        assert make_user().has_perm(perm) is (who in allowed), who
