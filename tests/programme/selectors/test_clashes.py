"""What the clash check reads (programme/selectors/clashes.py) and the year's cached list
(programme/clashes.py: clashes_for, clashes_by_session)."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from programme.clashes import ClashKind, clashes_by_session, clashes_for
from programme.enums import SessionStatus
from programme.selectors.clashes import placed_sessions
from proposals.models import Panelist
from schedule.models import OutsideCalendar, OutsideEvent
from teams.enums import FacilitatorStatus
from tests.factories import FacilitatorRoleFactory, IssueTeamFactory
from tests.programme.clash_support import later, placed_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _grow(cycle, team, now, n, start_index=0):
    for i in range(start_index, start_index + n):
        placed_session(
            cycle=cycle,
            team=team,
            start=later(now, hours=2 * i),
            title=f"Session {i}",
            panel=[(f"Speaker {i}", f"s{i}@example.org", "Europe/London"), ("Ana", "ana@example.org", "")],
        )


def test_only_placed_sessions_their_confirmed_panelists_and_confirmed_facilitators_are_read(cycle, team, now):
    FacilitatorRoleFactory(team=team, user__display_name="Fay Facilitator", user__email="fay@example.org")
    FacilitatorRoleFactory(team=team, status=FacilitatorStatus.VOLUNTEERED, kind="chair")
    placed_session(
        cycle=cycle,
        team=team,
        start=later(now),
        title="Placed",
        panel=[
            ("Confirmed", "c@example.org", "Asia/Tokyo"),
            ("Invited", "i@example.org", "", "invited"),
            ("Declined", "d@example.org", "", "declined"),
            ("Not asked", "n@example.org", "", ""),
        ],
    )
    placed_session(cycle=cycle, team=team, start=later(now), title="Unplaced", status=SessionStatus.UNPLACED)
    placed_session(
        cycle=cycle, team=team, start=later(now), title="Cancelled", status=SessionStatus.CANCELLED
    )

    [session] = placed_sessions(cycle)
    assert session.title == "Placed"
    assert session.ends_at - session.starts_at == timedelta(hours=1)
    assert [(p.name, p.zone, p.speaker) for p in session.people] == [
        ("Confirmed", "Asia/Tokyo", True),
        ("Fay Facilitator", "", False),
    ]


def test_reading_the_sessions_asks_the_same_queries_for_one_session_or_twenty(
    cycle, team, now, django_assert_num_queries
):
    FacilitatorRoleFactory(team=team)
    _grow(cycle, team, now, 1)
    with django_assert_num_queries(3):
        assert len(placed_sessions(cycle)) == 1
    _grow(cycle, IssueTeamFactory(cycle=cycle), now, 19, start_index=1)
    with django_assert_num_queries(3):
        assert len(placed_sessions(cycle)) == 20


def test_the_years_clashes_are_computed_once_then_read_from_the_cache(
    cycle, team, now, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = placed_session(
            cycle=cycle, team=team, start=later(now), title="First", panel=[("Ana", "ana@example.org", "")]
        )
        second = placed_session(
            cycle=cycle,
            team=team,
            start=later(now, hours=0.5),
            title="Second",
            panel=[("Ana L.", "ANA@example.org", "", "invited")],
        )
    assert clashes_for(cycle) == []
    # Warm: only the outside calendars' stamp is read.
    with django_assert_num_queries(1):
        assert clashes_for(cycle) == []

    # The second panel's Ana confirms: the clash shows at once.
    with django_capture_on_commit_callbacks(execute=True):
        panelist = Panelist.objects.get(name="Ana L.")
        panelist.invitation = "confirmed"
        panelist.save()
    [clash] = clashes_for(cycle)
    assert (clash.kind, clash.session_ids, clash.names) == (ClashKind.PERSON, (first.pk, second.pk), ("Ana",))
    assert clashes_by_session(cycle) == {first.pk: [clash], second.pk: [clash]}


def test_an_outside_event_clashes_while_its_calendar_is_active(cycle, team, now):
    session = placed_session(cycle=cycle, team=team, start=later(now), title="Youth session")
    calendar = OutsideCalendar.objects.create(name="NRI events", last_fetched_at=now)
    OutsideEvent.objects.create(
        calendar=calendar,
        uid="nri-1",
        summary="West African IGF",
        starts_at=session.starts_at - timedelta(hours=2),
        ends_at=session.starts_at + timedelta(minutes=30),
    )
    [clash] = clashes_for(cycle)
    assert (clash.kind, clash.event.summary, clash.event.calendar) == (
        ClashKind.OUTSIDE,
        "West African IGF",
        "NRI events",
    )
    # Switched off, its events are not checked (the calendar has no version: its stamp is read).
    calendar.is_active = False
    calendar.save()
    assert clashes_for(cycle) == []
