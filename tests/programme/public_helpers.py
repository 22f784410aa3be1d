"""Sessions on a released programme, for the tests of the public pages and the exports."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from programme.enums import Convener, SessionStatus
from programme.models import ProgrammeRelease, ProgrammeSession
from programme.services.releases import programme_release
from proposals.models import SessionKind


def programme_session(
    cycle, *, title="Youth and the Internet", days=3, hour=12, areas=(), questions=(), **fields
):
    """A placed session `days` after today (UTC) at `hour`, its issue areas set and the session
    saved after, as the services do."""
    start = (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    fields.setdefault("starts_at", start)
    fields.setdefault("status", SessionStatus.PLACED)
    fields.setdefault("convener", Convener.YOUTH)
    fields.setdefault("kind", SessionKind.objects.order_by("position", "pk").first())
    session = ProgrammeSession.objects.create(cycle=cycle, title=title, **fields)
    if areas:
        session.issue_areas.set(areas)
    if questions:
        session.policy_questions.set(questions)
    if areas or questions:
        session.save()
    return session


def release(cycle, *, by=None) -> ProgrammeRelease:
    """The next version of the year's programme, released by the service the release page calls
    (what the public sees is what it publishes)."""
    number = ProgrammeRelease.objects.filter(cycle=cycle).count() + 1
    return programme_release(actor=by, cycle=cycle, number=number)


def with_speakers(session, *, team, facilitator):
    """The session made from the group's accepted proposal, whose panel has a speaker who confirmed
    (with an address), one only invited and one who declined."""
    from review.enums import EntrySource, EntryStatus
    from review.models import Entry, ReviewRound
    from tests.factories import PanelistFactory, panel_proposal

    proposal = panel_proposal(team=team, actor=facilitator, title=session.title)
    review_round, _created = ReviewRound.objects.get_or_create(cycle=session.cycle)
    entry = Entry.objects.create(
        round=review_round,
        source=EntrySource.PROPOSAL,
        proposal=proposal,
        team=team,
        title=session.title,
        status=EntryStatus.ACCEPTED,
    )
    PanelistFactory(
        proposal=proposal,
        name="Confirmed Chair",
        email="chair@example.net",
        role="chair",
        invitation="confirmed",
        token=f"t-{session.pk}-1",
    )
    PanelistFactory(
        proposal=proposal,
        name="Only Invited",
        email="inv@example.net",
        invitation="invited",
        token=f"t-{session.pk}-2",
    )
    PanelistFactory(
        proposal=proposal,
        name="Said No",
        email="no@example.net",
        invitation="declined",
        token=f"t-{session.pk}-3",
    )
    session.entry = entry
    session.team = team
    session.save()
    return session
