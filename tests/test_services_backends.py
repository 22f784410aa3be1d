"""Tests that need the production engines: PostgreSQL's row locks and constraints, Redis as the
shared cache. CI runs them with IGFMAG_REQUIRE_SERVICES=1, so a missing service fails, not skips."""

import threading

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse

from teams import services
from teams.enums import FacilitatorKind, FacilitatorStatus
from teams.models import FacilitatorRole, Membership
from tests.factories import MagFactory, UserFactory


def _in_threads(count, work):
    barrier = threading.Barrier(count)
    outcomes = []

    def run(i):
        try:
            barrier.wait()
            outcomes.append(work(i))
        except Exception as error:  # noqa: BLE001 — the test inspects every outcome
            outcomes.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_joins_leave_one_membership(team):
    person = UserFactory()
    _in_threads(8, lambda i: services.membership_create(user=person, team=team, capacity="dc"))
    assert Membership.objects.filter(user=person, team=team).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_chairs_confirmed_at_once_leave_exactly_one_chair(team, secretariat):
    volunteers = [
        services.facilitator_volunteer(user=MagFactory(), team=team, kind=FacilitatorKind.CHAIR)
        for _ in range(2)
    ]

    outcomes = _in_threads(
        2, lambda i: services.facilitator_roles_decide(actor=secretariat, roles=[volunteers[i]], confirm=True)
    )

    assert (
        FacilitatorRole.objects.filter(
            team=team, kind=FacilitatorKind.CHAIR, status=FacilitatorStatus.CONFIRMED
        ).count()
        == 1
    )
    # The loser is told why (a ValidationError the page shows), not a database error (a 500).
    assert [type(o) for o in outcomes if isinstance(o, Exception)] == [ValidationError]
    assert connection.vendor == "postgresql"


@pytest.mark.redis
@pytest.mark.django_db
def test_login_rate_limit_is_shared_through_redis(client):
    from django.test import Client

    assert caches["default"].__class__.__name__ == "RedisCache"
    UserFactory(email="target@example.org")
    # Five failures through one client (think: one web process)...
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.org", "password": "wrong"})
    # ...lock the address out for another client too: the count lives in Redis, which every web
    # process of a production deployment shares.
    other = Client()
    response = other.post(
        reverse("account_login"), {"login": "target@example.org", "password": "correct-horse-battery"}
    )
    assert "Too many failed login attempts" in response.content.decode()
