import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test import Client

from . import factories
from .support.sessions import force_login_with_two_factor

# Playwright's sync API runs an event loop in the test thread; the ORM calls the browser tests
# make between page actions are safe there (one thread, no concurrency).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("IGFMAG_REQUIRE_SERVICES") == "1"

# Date-sensitive tests never read the real clock: they start from one instant, an ordinary
# weekday morning, and build every date from it. CI runs them again (`pytest -m clock`) with
# IGFMAG_TEST_NOW at awkward instants: 23:30 UTC, when UTC, Europe and Asia are on different
# dates, and the night Europe changes its clocks.
ORDINARY_NOW = datetime(2027, 6, 15, 9, 0, tzinfo=UTC)


def _base_now() -> datetime:
    value = os.environ.get("IGFMAG_TEST_NOW", "").strip()
    if not value:
        return ORDINARY_NOW
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise pytest.UsageError(
            f"IGFMAG_TEST_NOW={value!r}: give an instant with its offset, like 2027-03-20T23:30:00Z"
        )
    return moment.astimezone(UTC)


BASE_NOW = _base_now()


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(items):
    """A test that uses the `now` fixture is date-sensitive: mark it `clock`."""
    for item in items:
        if "now" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.clock)


def pytest_report_header(config):
    return f"date-sensitive tests (-m clock) start at {BASE_NOW:%Y-%m-%d %H:%M} UTC"


@pytest.fixture
def now():
    """Stops the clock at the base instant for the whole test and gives it. time-machine patches
    the process, so the live server's thread, allauth and the TOTP codes see the same instant;
    browser pages get it too (`new_page`). Nested `time_machine.travel` moves on from there."""
    with time_machine.travel(BASE_NOW, tick=False):
        yield BASE_NOW


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


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch):
    # The secretariat's pages need a session that passed two-factor (tests/support/sessions.py).
    monkeypatch.setattr(Client, "force_login", force_login_with_two_factor)


@pytest.fixture
def committed_requests(monkeypatch, django_capture_on_commit_callbacks):
    """Each test client request's on-commit callbacks run as it ends (versions move on commit), so
    that pages' cached parts see each change, as they would outside a test's transaction."""
    request = Client.request

    def committed(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", committed)


@pytest.fixture
def cycle(db):
    return factories.CycleFactory()


@pytest.fixture
def team(cycle):
    area = factories.IssueAreaFactory(
        name="Trust, security and stability", slug="trust-security-and-stability"
    )
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
    return factories.FacilitatorRoleFactory(
        team=team, user__email="facilitator@example.org", user__display_name="Team Facilitator"
    ).user


@pytest.fixture
def other_facilitator(other_team):
    return factories.FacilitatorRoleFactory(
        team=other_team, user__email="elsewhere@example.org", user__display_name="Other Facilitator"
    ).user


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """Pages are tested in every language from the catalogues in locale/: compile any .po newer
    than its .mo first (`make test` does it too; this covers a bare `pytest` after an edit)."""
    from django.conf import settings

    from igfmag.management.commands.catalogues import compile_catalogues

    stale = [
        po
        for po in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po")
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale and shutil.which("msgfmt"):
        compile_catalogues()
