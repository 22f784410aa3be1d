"""Placed sessions for the release tests: one of a group's proposal with confirmed speakers (and
one who declined), one entered by hand; made as plain rows, the build's services being another
part's."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from programme import ical
from programme.enums import Convener, SessionStatus
from programme.models import ProgrammeSelection, ProgrammeSession
from review.enums import EntrySource, EntryStatus
from review.models import Entry, ReviewRound
from tests.factories import PanelistFactory, UserFactory, panel_proposal


def placed_session(cycle, *, title, starts_at, team=None, entry=None, **fields) -> ProgrammeSession:
    session = ProgrammeSession.objects.create(
        cycle=cycle,
        team=team,
        entry=entry,
        title=title,
        status=SessionStatus.PLACED,
        starts_at=starts_at,
        minutes=fields.pop("minutes", 60),
        convener=fields.pop("convener", Convener.MAG),
        **fields,
    )
    return session


def proposal_session(team, facilitator, *, title, starts_at, speakers=()) -> ProgrammeSession:
    """A session from the group's accepted proposal; `speakers` (name, email, language, zone) confirmed."""
    proposal = panel_proposal(team=team, actor=facilitator, title=title)
    for name, email, language, zone in speakers:
        PanelistFactory(
            proposal=proposal,
            name=name,
            email=email,
            language=language,
            time_zone=zone,
            invitation="confirmed",
            token=f"token-{email}",
            invitation_round=1,
        )
    PanelistFactory(
        proposal=proposal,
        name="Declined Speaker",
        email=f"declined-{proposal.pk}@example.org",
        invitation="declined",
        token=f"token-declined-{proposal.pk}",
        invitation_round=1,
    )
    review_round, _new = ReviewRound.objects.get_or_create(cycle=team.cycle)
    entry = Entry.objects.create(
        round=review_round,
        source=EntrySource.PROPOSAL,
        proposal=proposal,
        team=team,
        title=title,
        status=EntryStatus.ACCEPTED,
    )
    return placed_session(
        team.cycle, title=title, starts_at=starts_at, team=team, entry=entry, convener=Convener.DC
    )


def a_programme(team, facilitator, *, now=None):
    """A youth session of the group's with two confirmed speakers (one reads French in Paris, one
    Spanish in Mexico City), the MAG chair's dialogue, and someone who chose the youth session."""
    now = now or timezone.now()
    youth = proposal_session(
        team,
        facilitator,
        title="Youth session",
        starts_at=(now + timedelta(days=20)).replace(hour=13, minute=0, second=0, microsecond=0),
        speakers=[
            ("Ana Speaker", "ana@example.org", "fr", "Europe/Paris"),
            ("Bea Speaker", "bea@example.org", "es", "America/Mexico_City"),
        ],
    )
    dialogue = placed_session(
        team.cycle,
        title="MAG chair's dialogue",
        starts_at=(now + timedelta(days=21)).replace(hour=15, minute=0, second=0, microsecond=0),
    )
    chooser = UserFactory(email="chooser@example.org", display_name="Cho Chooser", time_zone="Asia/Tokyo")
    ProgrammeSelection.objects.create(user=chooser, session=youth)
    return youth, dialogue, chooser


@pytest.fixture(autouse=True)
def session_pages(monkeypatch):
    """Autouse where imported: see `use_session_pages`."""
    use_session_pages(monkeypatch)


def use_session_pages(monkeypatch):
    """Where a session's .ics points: its public page once that part's URL is there; until then
    the versions list, so that the calendars can be made."""
    try:
        reverse("programme:session", args=[1])
    except NoReverseMatch:
        monkeypatch.setattr(
            ical, "session_url", lambda session: ical.settings.IGFMAG_SITE_URL + "/programme/"
        )
