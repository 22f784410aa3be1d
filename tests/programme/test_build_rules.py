"""Who builds the programme and keeps its rooms and channels: the secretariat alone."""

import pytest
from django.contrib.auth.models import AnonymousUser

from common.permissions import has_perm
from tests.factories import MagFactory, SecretariatFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "person, allowed",
    [
        (lambda: AnonymousUser(), False),
        (lambda: UserFactory(), False),
        (lambda: UserFactory(role="past_mag"), False),
        (lambda: MagFactory(), False),
        (lambda: SecretariatFactory(), True),
    ],
)
@pytest.mark.parametrize("perm", ["programme.build_programmesession", "programme.release_programmesession"])
def test_only_the_secretariat_builds_the_programme(person, allowed, perm):
    assert has_perm(person(), perm) is allowed
