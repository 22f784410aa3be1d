"""Building the programme: an accepted proposal made a session, placed in another zone and stored in
UTC, a calendar's change raising the sequence, cancel and restore, items that are not proposals,
and the pages only the secretariat reaches."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditEvent
from programme.enums import Convener, SessionStatus
from programme.models import ProgrammeSession, Resource
from programme.services import build as services
from programme.services import resources as resource_services
from review.models import Entry, ReviewRound
from tests.factories import (
    CycleFactory,
    GroupFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    PolicyQuestionFactory,
    SecretariatFactory,
    UserFactory,
    panel_proposal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return CycleFactory(year=2021)


@pytest.fixture
def secretariat():
    return SecretariatFactory()


def accepted_entry(cycle, title="Youth and the Internet", status="accepted", **fields):
    review_round, _new = ReviewRound.objects.get_or_create(cycle=cycle)
    return Entry.objects.create(round=review_round, source="imported", title=title, status=status, **fields)


def placed(cycle, secretariat, title="Session", start=None, minutes=90):
    start = start or datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    return services.session_add(
        actor=secretariat, cycle=cycle, title=title, convener=Convener.MAG, starts_at=start, minutes=minutes
    )


def test_an_accepted_proposal_becomes_a_session_convened_by_its_group(cycle, secretariat):
    team = GroupFactory(cycle=cycle, kind="bpf", title="BPF Cybersecurity")
    question = PolicyQuestionFactory()
    proposal = panel_proposal(team=team, actor=secretariat, title="Cyber norms", minutes=60)
    proposal.policy_questions.set([question])
    area = IssueAreaFactory()
    entry = accepted_entry(cycle, title="Cyber norms", proposal=proposal, team=team, issue_area=area)
    session = services.session_from_entry(actor=secretariat, entry=entry)
    assert session.convener == Convener.BPF and session.team == team
    assert session.minutes == 60 and session.status == SessionStatus.UNPLACED
    assert set(session.issue_areas.all()) == {area, question.area}
    assert list(session.policy_questions.all()) == [question]
    assert AuditEvent.objects.filter(action=services.SESSION_ADDED, target="Cyber norms").exists()
    with pytest.raises(ValidationError, match="in the programme already"):
        services.session_from_entry(actor=secretariat, entry=entry)


def test_a_declined_proposal_is_refused(cycle, secretariat):
    entry = accepted_entry(cycle, status="declined")
    with pytest.raises(ValidationError, match="not accepted"):
        services.session_from_entry(actor=secretariat, entry=entry)


@pytest.mark.parametrize(
    "kind, convener",
    [
        ("issue_team", "mag"),
        ("mag_working_group", "mag"),
        ("dc_coordination", "dc"),
        ("pn", "pn"),
        ("nri", "nri"),
        ("other", "mag"),
    ],
)
def test_the_convener_follows_the_kind_of_group(kind, convener):
    assert services.convener_for(IssueTeamFactory.build(kind=kind)) == convener


def test_a_change_a_calendar_shows_raises_the_sequence(cycle, secretariat, now):
    session = placed(cycle, secretariat)
    fields = {"title": session.title, "description": "", "convener": "mag", "kind": None}
    fields |= {"minutes": 90, "modality": "online", "venue": "", "join_url": ""}
    same = services.session_edit(actor=secretariat, session=session, starts_at=session.starts_at, **fields)
    assert same.sequence == 0
    later = session.starts_at + timedelta(hours=2)
    moved = services.session_edit(actor=secretariat, session=session, starts_at=later, **fields)
    assert moved.sequence == 1 and moved.starts_at == later and moved.updated_at == now
    cancelled = services.session_cancel(actor=secretariat, session=moved)
    assert cancelled.status == SessionStatus.CANCELLED and cancelled.sequence == 2
    restored = services.session_cancel(actor=secretariat, session=moved, cancelled=False)
    assert restored.status == SessionStatus.PLACED and restored.sequence == 3


def test_a_resource_is_never_booked_twice_at_once(cycle, secretariat, now):
    zoom = Resource.objects.create(name="Zoom 2", join_url="https://zoom.example.org/2")
    start = datetime(now.year, now.month, now.day, 14, tzinfo=UTC) + timedelta(days=10)
    youth = placed(cycle, secretariat, "Youth session", start=start)
    other = placed(cycle, secretariat, "NRI session", start=start + timedelta(minutes=60))
    resource_services.book_session(actor=secretariat, resource=zoom, session=youth)
    youth.refresh_from_db()
    assert youth.join_url == "https://zoom.example.org/2"
    with pytest.raises(ValidationError) as error:
        resource_services.book_session(actor=secretariat, resource=zoom, session=other)
    assert error.value.messages == [f"Zoom 2 is booked {start:%Y-%m-%d} 14:00–15:30 UTC for “Youth session”."]
    # One may start when the other ends; moving onto the other's time is refused, naming it.
    after = placed(cycle, secretariat, "Wrap-up", start=start + timedelta(minutes=90))
    resource_services.book_session(actor=secretariat, resource=zoom, session=after)
    fields = {"title": "Wrap-up", "description": "", "convener": "mag", "kind": None}
    fields |= {"minutes": 90, "modality": "online", "venue": "", "join_url": ""}
    with pytest.raises(ValidationError, match="for “Youth session”"):
        services.session_edit(
            actor=secretariat, session=after, starts_at=start + timedelta(minutes=30), **fields
        )
    later = start + timedelta(hours=5)
    services.session_edit(actor=secretariat, session=after, starts_at=later, **fields)
    assert after.bookings.get().starts_at == later


def test_only_the_secretariat_reaches_the_build_page(client, cycle, secretariat):
    client.force_login(UserFactory())
    assert client.get(reverse("programme:build")).status_code == 403
    client.force_login(secretariat)
    assert client.get(reverse("programme:build")).status_code == 200


@pytest.mark.parametrize("sent", ["", "x", "-1", "9" * 40, "1e3"])
def test_an_entry_id_that_is_not_one_adds_nothing(client, cycle, secretariat, sent):
    """A bad id finds nothing (it was once read like a page number: 'x' meant entry 1)."""
    accepted_entry(cycle)
    client.force_login(secretariat)
    assert client.post(reverse("programme:build_add_entry"), {"entry": sent}).status_code == 404
    assert not ProgrammeSession.objects.exists()


def test_the_secretariat_places_a_session_in_another_zone(client, cycle, secretariat, now):
    entry = accepted_entry(cycle)
    client.force_login(secretariat)
    response = client.post(reverse("programme:build_add_entry"), {"entry": entry.pk})
    session = ProgrammeSession.objects.get(entry=entry)
    assert response.url == reverse("programme:session_edit", args=[session.pk])
    day = (now + timedelta(days=20)).date()
    response = client.post(
        reverse("programme:session_edit", args=[session.pk]),
        {
            "title": "Youth and the Internet",
            "convener": "youth",
            "starts_local": f"{day:%Y-%m-%d} 10:00",
            "time_zone": "Asia/Tokyo",
            "minutes": "60",
            "modality": "online",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime(day.year, day.month, day.day, 1, tzinfo=UTC)
    assert session.status == SessionStatus.PLACED and session.convener == "youth"
    page = client.get(reverse("programme:build") + f"?day={day:%Y-%m-%d}")
    html = page.content.decode()
    assert "Youth and the Internet" in html and "01:00–02:00 UTC" in html


def test_an_item_that_is_not_a_proposal_is_added(client, cycle, secretariat):
    client.force_login(secretariat)
    area = IssueAreaFactory()
    response = client.post(
        reverse("programme:build_add_item"),
        {
            "title": "MAG chair's dialogue",
            "convener": "mag",
            "areas": [area.pk],
            "time_zone": "UTC",
            "minutes": "60",
        },
    )
    assert response.status_code == 302
    session = ProgrammeSession.objects.get(title="MAG chair's dialogue")
    assert session.entry is None and list(session.issue_areas.all()) == [area]


def test_the_cached_pages_show_each_change(client, cycle, secretariat, now, committed_requests):
    session = placed(cycle, secretariat, "Cached session", start=now + timedelta(days=3))
    client.force_login(secretariat)
    build_page, edit_page = reverse("programme:build"), reverse("programme:session_edit", args=[session.pk])
    assert "Cached session" in client.get(build_page).content.decode()
    client.get(edit_page)
    client.post(reverse("programme:session_cancel", args=[session.pk]), {"cancelled": "1"})
    assert "Restore the session" in client.get(edit_page).content.decode()
    client.post(
        reverse("programme:build_add_item"),
        {"title": "Second item", "convener": "cd", "time_zone": "UTC", "minutes": "60"},
    )
    html = client.get(build_page).content.decode()
    assert "Second item" in html and "Cancelled" in html


@pytest.mark.postgres
def test_on_postgresql_the_constraint_refuses_an_overlap_the_check_missed(
    cycle, secretariat, now, monkeypatch
):
    """Two requests booking at once: the second's check ran before the first's row existed. The
    exclusion constraint refuses its row, and the person reads the same message naming the clash."""
    zoom = Resource.objects.create(name="Zoom 1")
    start = now.replace(microsecond=0) + timedelta(days=10)
    first = placed(cycle, secretariat, "Youth session", start=start)
    second = placed(cycle, secretariat, "NRI session", start=start + timedelta(minutes=30))
    resource_services.book_session(actor=secretariat, resource=zoom, session=first)
    check, calls = resource_services._no_overlap, []

    def missed_once(*args, **kwargs):
        calls.append(args)
        if len(calls) > 1:
            check(*args, **kwargs)

    monkeypatch.setattr(resource_services, "_no_overlap", missed_once)
    with pytest.raises(ValidationError, match="Zoom 1 is booked .* for “Youth session”"):
        resource_services.book_session(actor=secretariat, resource=zoom, session=second)
    assert not second.bookings.exists()
