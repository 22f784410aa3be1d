"""iCalendar feeds: stable UIDs, DTSTAMP, SEQUENCE from the milestone, times in UTC."""

from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from common.timezones import moment_after

PRODID = "-//IGF MAG//igfmag//EN"


def _domain():
    return urlparse(settings.IGFMAG_SITE_URL).hostname or "igfmag.localhost"


def milestone_uid(milestone) -> str:
    return f"milestone-{milestone.pk}@{_domain()}"


def calendar_for(
    milestones, *, name: str, description: str = "", meetings=(), action_items=(), public_meetings=()
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    for milestone in milestones:
        event = Event()
        event.add("uid", milestone_uid(milestone))
        event.add("dtstamp", milestone.updated_at or timezone.now())
        event.add("sequence", milestone.sequence)
        # In the feed's language (it is cached per language), else the original.
        event.add("summary", f"{milestone.get_kind_display()}: {milestone.localized('title')}")
        if milestone.description:
            event.add("description", str(milestone.localized("description")))
        event.add("dtstart", milestone.due_at)
        # Milestones are moments; a calendar shows them as a 30-minute block.
        event.add("dtend", moment_after(milestone.due_at, timedelta(minutes=30)))
        event.add("url", settings.IGFMAG_SITE_URL.rstrip("/") + f"/milestones/{milestone.pk}/")
        calendar.add_component(event)
    for event in meetings_events(meetings):
        calendar.add_component(event)
    for event in public_meeting_events(public_meetings):
        calendar.add_component(event)
    for event in action_item_events(action_items):
        calendar.add_component(event)
    return calendar.to_ical()


def action_item_events(items) -> list:
    """An open action item as an event at its due moment (calendar apps show events everywhere;
    to-dos, VTODO, only some of them), a 30-minute block like a milestone's."""
    events = []
    for item in items:
        event = Event()
        event.add("uid", f"action-item-{item.pk}@{_domain()}")
        event.add("dtstamp", item.created_at)
        event.add("dtstart", item.due_at)
        event.add("dtend", moment_after(item.due_at, timedelta(minutes=30)))
        event.add("summary", _("Action item due: %(text)s") % {"text": " ".join(item.text.split())[:200]})
        event.add("description", item.text)
        event.add("url", settings.IGFMAG_SITE_URL.rstrip("/") + f"/meetings/{item.meeting_id}/")
        events.append(event)
    return events


def meeting_calendar(meeting, attendees, *, method: str) -> str:
    """An invitation (METHOD:REQUEST) or a cancellation (METHOD:CANCEL) of one meeting: the same
    UID every time, SEQUENCE from the meeting, times in UTC, the organiser and the `attendees`
    given. One recipient's copy is given that recipient alone (rule `schedule.see_attendees_meeting`)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"meeting-{meeting.uid}@{_domain()}")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    event.add("summary", meeting.title)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    description = "\n\n".join(part for part in [meeting.video_link, meeting.agenda] if part)
    if description:
        event.add("description", description)
    if meeting.video_link:
        event.add("location", meeting.video_link)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>').strip()}")
    organizer.params["cn"] = meeting.organizer.name if meeting.organizer_id else "IGF MAG"
    event.add("organizer", organizer)
    for attendee in attendees:
        address = vCalAddress(f"mailto:{attendee.address}")
        address.params["cn"] = str(attendee.display_name)
        address.params["role"] = "REQ-PARTICIPANT"
        address.params["partstat"] = "NEEDS-ACTION"
        # No RSVP=TRUE: a calendar's reply would go to the organiser's address, which nobody reads.
        # Invitees answer in the app instead (the meeting page, or their invitation's own links).
        event.add("attendee", address, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def meetings_events(meetings) -> list:
    events = []
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.uid}@{_domain()}")
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", meeting.updated_at)
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.end)
        event.add("summary", meeting.title)
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        if meeting.video_link:
            event.add("location", meeting.video_link)
        events.append(event)
    return events


def public_meeting_events(meetings) -> list:
    """Meetings their groups made public, for anyone: the same UID and SEQUENCE as the invitations,
    the group's name in the summary, the video link as LOCATION, a link to the meeting on the
    public meetings page. No ORGANIZER (an address) and no ATTENDEE: who takes part is the group's."""
    page = settings.IGFMAG_SITE_URL.rstrip("/") + reverse("schedule:public_meetings")
    events = meetings_events(meetings)
    for meeting, event in zip(meetings, events, strict=True):
        event["summary"] = vText(f"{meeting.team.name}: {meeting.title}")
        event.add("description", _("Group: %(group)s") % {"group": meeting.team.name})
        event.add("url", f"{page}#meeting-{meeting.pk}")
    return events
