"""Each recipient's calendar copy of a meeting names the organiser and that recipient; only those
who run the meeting (its facilitators, the secretariat) get a copy listing everyone."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from schedule.models import CalendarFeed
from schedule.services import meetings, polls
from tests.factories import MembershipFactory
from tests.support.mail import send_queued

NOW = datetime(2027, 3, 20, 23, 30, tzinfo=UTC)
EVERYONE = {"mailto:facilitator@example.org", "mailto:amina@example.org", "mailto:guest@example.org"}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _addresses(calendar):
    (event,) = calendar.walk("VEVENT")
    value = event.get("attendee", [])
    return {str(a) for a in (value if isinstance(value, list) else [value])}


def _organizer(calendar):
    return str(calendar.walk("VEVENT")[0]["organizer"])


@pytest.fixture
def meeting(team, facilitator):
    MembershipFactory(team=team, user__email="amina@example.org", user__display_name="Amina Diallo")
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=3)],
        guests=["guest@example.org"],
    )
    meeting = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    return meeting


def _emailed_copies():
    send_queued()
    copies = {}
    for message in mail.outbox:
        ((_name, content, _mimetype),) = message.attachments
        copies[message.to[0]] = Calendar.from_ical(content)
    return copies


def test_each_emailed_invitation_names_the_organiser_and_its_recipient_only(meeting):
    copies = _emailed_copies()

    assert _addresses(copies["amina@example.org"]) == {"mailto:amina@example.org"}
    assert _addresses(copies["guest@example.org"]) == {"mailto:guest@example.org"}
    assert _addresses(copies["facilitator@example.org"]) == EVERYONE
    for copy in copies.values():
        assert _organizer(copy).startswith("mailto:") and "example.org" not in _organizer(copy)
    assert "Amina" not in copies["guest@example.org"].to_ical().decode()


def test_updates_and_cancellations_are_one_copy_per_recipient_too(meeting, facilitator):
    meetings.meeting_update(
        actor=facilitator,
        meeting=meeting,
        start=meeting.start + timedelta(hours=1),
        end=meeting.end + timedelta(hours=1),
    )
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    meetings.meeting_cancel(actor=facilitator, meeting=meeting)
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    _emailed_copies()
    guest_copies = [m for m in mail.outbox if m.to == ["guest@example.org"]]

    assert len(guest_copies) == 3  # invitation, update, cancellation
    for message in guest_copies:
        assert _addresses(Calendar.from_ical(message.attachments[0][1])) == {"mailto:guest@example.org"}


@pytest.mark.parametrize(
    "reader, expected",
    [
        ("amina@example.org", {"mailto:amina@example.org"}),
        ("facilitator@example.org", EVERYONE),
        ("secretariat@example.org", EVERYONE),
        ("newcomer@example.org", set()),  # joined the team after the meeting was set: not invited
    ],
)
def test_the_downloaded_ics_lists_only_what_its_reader_may_see(
    client, meeting, secretariat, reader, expected
):
    from accounts.models import User

    MembershipFactory(team=meeting.team, user__email="newcomer@example.org")
    client.force_login(User.objects.get(email=reader))
    response = client.get(reverse("schedule:meeting_ics", args=[meeting.pk]))

    assert response.status_code == 200
    assert _addresses(Calendar.from_ical(response.content)) == expected
    assert "guest@example.org" not in response.content.decode() or expected == EVERYONE


def test_the_meeting_page_never_shows_a_guests_address(client, meeting):
    from accounts.models import User

    client.force_login(User.objects.get(email="amina@example.org"))
    page = client.get(reverse("schedule:meeting", args=[meeting.pk])).content.decode()

    assert "<bdi>Team Facilitator</bdi>, <bdi>Amina Diallo</bdi>, <bdi>Guest</bdi></td>" in page
    assert "guest@example.org" not in page


def test_the_private_feed_lists_no_attendees(client, meeting):
    from accounts.models import User

    feed = CalendarFeed.objects.create(user=User.objects.get(email="amina@example.org"))
    content = client.get(reverse("schedule:private_feed", args=[feed.token])).content.decode()

    assert "BEGIN:VEVENT" in content and "ATTENDEE" not in content and "@example.org" not in content


@pytest.mark.parametrize("length", [timedelta(minutes=14), timedelta(hours=8, minutes=1)])
def test_the_service_refuses_a_meeting_shorter_than_15_minutes_or_longer_than_8_hours(
    meeting, facilitator, length
):
    """The meeting form offers 15 minutes to 8 hours; a task or the shell is held to the same."""
    start = NOW + timedelta(days=4)
    with pytest.raises(ValidationError, match="between 15 minutes and 8 hours"):
        meetings.meeting_update(actor=facilitator, meeting=meeting, start=start, end=start + length)
    meeting.refresh_from_db()
    assert meeting.start == NOW + timedelta(days=3) and meeting.sequence == 0
