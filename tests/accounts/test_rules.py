"""accounts/rules.py: each predicate alone, for every kind of person and for nobody (None)."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from accounts.enums import Role
from accounts.models import AuditEvent, User
from accounts.rules import is_current_mag, is_secretariat
from tests.factories import UserFactory

PEOPLE = {
    "nobody": lambda: None,
    "anonymous": AnonymousUser,
    "community": lambda: UserFactory.build(role=Role.COMMUNITY),
    "past_mag": lambda: UserFactory.build(role=Role.PAST_MAG),
    "mag": lambda: UserFactory.build(role=Role.MAG),
    "mag_claiming_past_mag": lambda: UserFactory.build(role=Role.MAG, requested_role=Role.PAST_MAG),
    "community_claiming_mag": lambda: UserFactory.build(role=Role.COMMUNITY, requested_role=Role.MAG),
    "secretariat": lambda: UserFactory.build(role=Role.SECRETARIAT),
    "deactivated_secretariat": lambda: UserFactory.build(role=Role.SECRETARIAT, is_active=False),
    "superuser": lambda: UserFactory.build(role=Role.COMMUNITY, is_superuser=True),
}


@pytest.mark.parametrize(
    "person, expected",
    [
        ("nobody", False),
        ("anonymous", False),
        ("community", False),
        ("past_mag", False),
        ("mag", False),
        ("community_claiming_mag", False),
        ("secretariat", True),
        ("deactivated_secretariat", False),
        ("superuser", True),
    ],
)
def test_is_secretariat(person, expected):
    assert is_secretariat(PEOPLE[person]()) is expected


@pytest.mark.parametrize(
    "person, expected",
    [
        ("nobody", False),
        ("anonymous", False),
        ("community", False),
        ("past_mag", False),
        ("mag", True),
        ("mag_claiming_past_mag", True),
        ("community_claiming_mag", False),
        ("secretariat", False),
    ],
)
def test_is_current_mag(person, expected):
    assert is_current_mag(PEOPLE[person]()) is expected


def test_the_permissions_declared_beside_the_models():
    assert User._meta.rules_permissions == {
        "review_role_claims": is_secretariat,
        "import_roster": is_secretariat,
    }
    assert AuditEvent._meta.rules_permissions == {"view": is_secretariat}
    assert rules.perm_exists("accounts.review_role_claims_user") and rules.perm_exists(
        "accounts.view_auditevent"
    )
