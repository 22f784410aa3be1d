"""The programme's sessions as iCalendar: one VEVENT per session with a UID that never changes
and the session's SEQUENCE, so that a calendar that holds it takes each update (and a cancellation,
STATUS:CANCELLED) in place of the older copy. No ORGANIZER and no ATTENDEE: nobody's address
leaves the site in a programme file."""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from .enums import SessionStatus

PRODID = "-//IGF MAG//igfmag programme//EN"


def _domain() -> str:
    return urlparse(settings.IGFMAG_SITE_URL).hostname or "igfmag.localhost"


def session_uid(session) -> str:
    return f"programme-{session.uid}@{_domain()}"


def session_url(session) -> str:
    return settings.IGFMAG_SITE_URL.rstrip("/") + reverse("programme:session", args=[session.pk])


def session_event(session) -> Event:
    """A placed (or cancelled) session as a VEVENT; the caller passes only sessions with a time."""
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", session.updated_at)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.title)
    event.add("status", "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED")
    event.add("categories", [session.get_convener_display()])
    if session.description:
        event.add("description", session.description)
    if session.join_url:
        event.add("location", session.join_url)
    elif session.venue:
        event.add("location", session.venue)
    event.add("url", session_url(session))
    return event


def programme_calendar(sessions, *, name: str, method: str | None = None) -> bytes:
    """A calendar of `sessions` (those without a time are left out). `method` is "PUBLISH" or
    "CANCEL" for a file sent by email; a feed has none."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    for session in sessions:
        if session.starts_at is not None:
            calendar.add_component(session_event(session))
    return calendar.to_ical()
