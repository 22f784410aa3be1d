"""iCalendar feeds: stable UIDs, DTSTAMP, SEQUENCE from the milestone, times in UTC."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//IGF MAG//igfmag//EN"


def _domain():
    from urllib.parse import urlparse

    return urlparse(settings.IGFMAG_SITE_URL).hostname or "igfmag.localhost"


def milestone_uid(milestone) -> str:
    return f"milestone-{milestone.pk}@{_domain()}"


def calendar_for(milestones, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for milestone in milestones:
        event = Event()
        event.add("uid", milestone_uid(milestone))
        event.add("dtstamp", milestone.updated_at or timezone.now())
        event.add("sequence", milestone.sequence)
        event.add("summary", f"{milestone.get_kind_display()}: {milestone.title}")
        if milestone.description:
            event.add("description", milestone.description)
        event.add("dtstart", milestone.due_at)
        # Milestones are moments; a calendar shows them as a 30-minute block.
        event.add("dtend", milestone.due_at + timedelta(minutes=30))
        event.add("url", settings.IGFMAG_SITE_URL.rstrip("/") + f"/milestones/{milestone.pk}/")
        calendar.add_component(event)
    return calendar.to_ical()
