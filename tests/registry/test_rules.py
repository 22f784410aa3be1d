"""registry/rules.py and the permissions on entries: only the secretariat keeps the registry."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from registry.rules import keeps_registry
from tests.factories import IntersessionalActivityFactory

PEOPLE = [
    ("nobody", False),
    ("anonymous", False),
    ("community", False),
    ("past_mag", False),
    ("mag", False),
    ("facilitator", False),
    ("secretariat", True),
]


def _person(request, who):
    if who == "nobody":
        return None
    return AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)


@pytest.mark.parametrize("who, keeps", PEOPLE)
def test_only_the_secretariat_keeps_the_registry(request, db, who, keeps):
    person = _person(request, who)
    activity = IntersessionalActivityFactory()
    assert keeps_registry(person) is keeps
    for action in ("manage", "check", "read_checks"):
        perm = f"registry.{action}_intersessionalactivity"
        assert rules.has_perm(perm, person, activity) is keeps, perm
        assert rules.has_perm(perm, person) is keeps, perm
