"""Who may release the programme and record the MAG's approval (programme/models.py,
ProgrammeRelease's Meta.rules_permissions): the secretariat alone. Reading the versions asks no
permission: they are public, as the public programme is."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from accounts.enums import Role
from tests.factories import UserFactory

PEOPLE = {
    "anonymous": AnonymousUser,
    "community": lambda: UserFactory.build(role=Role.COMMUNITY),
    "past_mag": lambda: UserFactory.build(role=Role.PAST_MAG),
    "mag": lambda: UserFactory.build(role=Role.MAG),
    "secretariat": lambda: UserFactory.build(role=Role.SECRETARIAT),
    "deactivated_secretariat": lambda: UserFactory.build(role=Role.SECRETARIAT, is_active=False),
}
TABLE = {
    "anonymous": False,
    "community": False,
    "past_mag": False,
    "mag": False,
    "secretariat": True,
    "deactivated_secretariat": False,
}


@pytest.mark.parametrize(
    "permission", ["programme.release_programmerelease", "programme.approve_programmerelease"]
)
@pytest.mark.parametrize("person", list(PEOPLE))
def test_only_the_secretariat_releases_and_records_approval(person, permission):
    assert rules.has_perm(permission, PEOPLE[person]()) is TABLE[person]
