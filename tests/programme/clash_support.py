"""Placed sessions with confirmed panels, for the clash check's tests (database)."""

import uuid
from datetime import timedelta

from programme.enums import SessionStatus
from programme.models import ProgrammeSession
from proposals.models import Panelist, Proposal, SessionKind
from review.models import Entry, ReviewRound


def placed_session(*, cycle, team, start, title, minutes=60, panel=(), status=SessionStatus.PLACED):
    """A session of `team`'s accepted proposal, placed at `start`, with `panel`: (name, email, zone,
    invitation) tuples; the invitation "confirmed" unless given."""
    kind, _new = SessionKind.objects.get_or_create(
        slug="main", defaults={"name": "Main session", "default_minutes": 90}
    )
    proposal = Proposal.objects.create(
        team=team, kind=kind, title=title, description="A session.", minutes=90
    )
    review_round, _new = ReviewRound.objects.get_or_create(cycle=cycle)
    entry = Entry.objects.create(
        round=review_round, source="proposal", proposal=proposal, team=team, title=title, status="accepted"
    )
    for position, (name, email, zone, *invitation) in enumerate(panel):
        state = invitation[0] if invitation else "confirmed"
        Panelist.objects.create(
            proposal=proposal,
            name=name,
            email=email,
            time_zone=zone,
            position=position,
            invitation=state,
            token=uuid.uuid4().hex if state else None,
        )
    return ProgrammeSession.objects.create(
        cycle=cycle,
        entry=entry,
        team=team,
        title=title,
        status=status,
        starts_at=start,
        minutes=minutes,
    )


def later(now, hours=0, days=3):
    """A whole hour a few days after `now`, so that sessions fall inside the date window."""
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(days=days, hours=hours)
