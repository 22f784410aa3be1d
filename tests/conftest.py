import os

import pytest
from django.db import connection

from . import factories

# Playwright's sync API runs an event loop in the test thread; the ORM calls the browser tests
# make between page actions are safe there (one thread, no concurrency).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("IGFMAG_REQUIRE_SERVICES") == "1"


def _missing(reason):
    """Skip on a laptop; fail where the services are promised (CI sets IGFMAG_REQUIRE_SERVICES=1)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _service_markers(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("PostgreSQL is not configured (set DATABASE_URL=postgres://...)")
    if request.node.get_closest_marker("redis"):
        from django.conf import settings

        if not settings.REDIS_URL:
            _missing("Redis is not configured (set REDIS_URL=redis://...)")


@pytest.fixture(autouse=True)
def _default_language():
    """A request leaves its language active in the test's thread (LocaleMiddleware activates it,
    nothing resets it), and dates are written in the active language: each test starts in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def cycle(db):
    return factories.CycleFactory()


@pytest.fixture
def team(cycle):
    area = factories.IssueAreaFactory(name="Trust, security and stability", slug="trust-security-and-stability")
    factories.PolicyQuestionFactory(area=area, text="What norms increase trust online?")
    return factories.IssueTeamFactory(cycle=cycle, area=area)


@pytest.fixture
def other_team(cycle):
    return factories.IssueTeamFactory(cycle=cycle)


@pytest.fixture
def secretariat(db):
    return factories.SecretariatFactory(email="secretariat@example.org", display_name="Secretariat")


@pytest.fixture
def mag(db):
    return factories.MagFactory(email="mag@example.org", display_name="Mag Member")


@pytest.fixture
def community(db):
    return factories.UserFactory(email="community@example.org", display_name="Community Member")


@pytest.fixture
def past_mag(db):
    return factories.UserFactory(email="past@example.org", display_name="Past Member", role="past_mag")


@pytest.fixture
def facilitator(team):
    return factories.FacilitatorRoleFactory(team=team, user__email="facilitator@example.org",
                                            user__display_name="Team Facilitator").user


@pytest.fixture
def other_facilitator(other_team):
    return factories.FacilitatorRoleFactory(team=other_team, user__email="elsewhere@example.org",
                                            user__display_name="Other Facilitator").user
