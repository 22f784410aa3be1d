"""The public calendar (issue 13 part 7): meetings a group makes public are listed for anyone on
/meetings/public/ (the reader's zone with UTC beside it) and in /calendar/public.ics, with their
group, time, agenda and video link, never who is invited; the private feed carries one's meetings
(of any group one is invited to) and open action items; a cancelled meeting shows as cancelled."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from schedule.enums import MeetingStatus
from schedule.models import ActionItem, CalendarFeed, Meeting, MeetingAttendee
from schedule.selectors import feeds
from schedule.services import meetings, polls
from tests.conftest import BASE_NOW as NOW
from tests.factories import MembershipFactory, UserFactory
from tests.support.sizes import assert_html_does_not_grow

pytestmark = pytest.mark.usefixtures("now")
PAGE = "schedule:public_meetings"


def _meeting(team, title, *, days=2, public=True, **fields):
    start = NOW + timedelta(days=days)
    return Meeting.objects.create(
        team=team, title=title, start=start, end=start + timedelta(hours=1), is_public=public, **fields
    )


@pytest.fixture
def listed(team, other_team, facilitator, community):
    """A public meeting with a link and an agenda (a member invited to it), a private one, a
    cancelled public one and a public one that passed a week ago."""
    MembershipFactory(team=team, user=community)
    shown = _meeting(
        team,
        "Open consultation",
        video_link="https://meet.example.org/open",
        agenda="1. **Welcome**\n2. <script>alert(1)</script>Inputs",
        organizer=facilitator,
    )
    MeetingAttendee.objects.create(meeting=shown, user=community)
    # Not public, though the member is in its group and invited: never listed.
    closed = _meeting(team, "Closed planning call", public=False)
    MeetingAttendee.objects.create(meeting=closed, user=community)
    _meeting(other_team, "Called-off briefing", days=5, status=MeetingStatus.CANCELLED)
    _meeting(team, "Last week's call", days=-7)
    return shown


@pytest.mark.parametrize("viewer", [None, "community", "secretariat"])
def test_everyone_sees_the_same_public_list(client, request, listed, viewer):
    if viewer:
        client.force_login(request.getfixturevalue(viewer))
    page = client.get(reverse(PAGE)).content.decode()
    assert "Open consultation" in page and f'id="meeting-{listed.pk}"' in page
    assert listed.team.get_absolute_url() in page and "https://meet.example.org/open" in page
    assert "<strong>Welcome</strong>" in page and "<script>" not in page  # the agenda, sanitised
    assert "Closed planning call" not in page
    assert "Called-off briefing" in page and "This meeting is cancelled." in page
    assert "Last week&#x27;s call" in page or "Last week's call" in page
    # Nothing about who is invited.
    assert "Community Member" not in page and "community@example.org" not in page
    assert "facilitator@example.org" not in page


def test_times_are_in_the_visitor_s_zone_with_utc_beside(client, listed):
    client.cookies["tz"] = "Asia/Tokyo"
    page = client.get(reverse(PAGE)).content.decode()
    local = listed.start.astimezone(ZoneInfo("Asia/Tokyo"))
    assert f"{local:%H:%M}" in page and "JST" in page and "UTC)" in page


def test_a_visitor_reaches_it_from_the_navigation(client, listed):
    assert reverse(PAGE) in client.get(reverse("home")).content.decode()


def test_the_page_is_bounded(client, team, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_MAX_MEETINGS", 3)
    for day in (1, 2, 3):
        _meeting(team, f"Soon {day}", days=day, agenda="An agenda")

    def grow():
        for day in range(-90, 200, 3):
            _meeting(team, f"More {day}", days=day if day else 1, agenda="An agenda")
        cache.clear()  # as a new version would (no commit runs in this test's transaction)

    assert_html_does_not_grow(client, reverse(PAGE), grow)


def test_the_public_feed_carries_public_meetings_without_people(client, listed):
    calendar = Calendar.from_ical(client.get(reverse("schedule:public_feed")).content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    event = events[f"meeting-{listed.uid}@testserver"]
    assert str(event["summary"]) == f"{listed.team.name}: Open consultation"
    assert str(event["location"]) == "https://meet.example.org/open"
    assert event["sequence"] == listed.sequence and str(event["status"]) == "CONFIRMED"
    assert str(event["url"]).endswith(f"/meetings/public/#meeting-{listed.pk}")
    assert "attendee" not in event and "organizer" not in event
    summaries = [str(e["summary"]) for e in events.values()]
    assert not [s for s in summaries if "Closed planning call" in s]
    (cancelled,) = [e for e in events.values() if "Called-off briefing" in str(e["summary"])]
    assert str(cancelled["status"]) == "CANCELLED"
    body = client.get(reverse("schedule:public_feed")).content.decode()
    assert "community@example.org" not in body and "facilitator@example.org" not in body


def test_publishing_a_meeting_changes_the_public_feed(
    client, team, facilitator, django_capture_on_commit_callbacks
):
    meeting = _meeting(team, "Soon public", public=False, organizer=facilitator)
    before = client.get(reverse("schedule:public_feed"))
    assert "Soon public" not in before.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_update(actor=facilitator, meeting=meeting, is_public=True)
    after = client.get(reverse("schedule:public_feed"))
    assert "Soon public" in after.content.decode() and after["ETag"] != before["ETag"]
    assert "Soon public" in client.get(reverse(PAGE)).content.decode()


def test_the_private_feed_carries_every_meeting_i_am_invited_to_and_my_open_items(
    client, team, other_team, facilitator, community
):
    """Invited to another group's meeting too (not a member of it); a cancelled one shows as
    cancelled; open action items, not done ones."""
    mine = _meeting(team, "My group's call", public=False)
    elsewhere = _meeting(other_team, "Invited elsewhere", days=3, public=False)
    dropped = _meeting(other_team, "Called off", days=4, status=MeetingStatus.CANCELLED)
    _meeting(other_team, "Not invited", days=5)
    for meeting in (mine, elsewhere, dropped):
        MeetingAttendee.objects.create(meeting=meeting, user=community)
    due = NOW + timedelta(days=6)
    ActionItem.objects.create(meeting=mine, text="Send the inputs", owner=community, due_at=due)
    ActionItem.objects.create(meeting=mine, text="Done already", owner=community, due_at=due, status="done")
    feed = CalendarFeed.objects.create(user=community)
    calendar = Calendar.from_ical(client.get(reverse("schedule:private_feed", args=[feed.token])).content)
    status = {str(e["summary"]): str(e.get("status", "")) for e in calendar.walk("VEVENT")}
    assert status["My group's call"] == "CONFIRMED" and status["Invited elsewhere"] == "CONFIRMED"
    assert status["Called off"] == "CANCELLED"
    assert "Not invited" not in status
    assert [s for s in status if "Send the inputs" in s] and not [s for s in status if "Done already" in s]


def _form(meeting, **changes):
    return {
        "title": meeting.title,
        "start_local": f"{meeting.start:%Y-%m-%d %H:%M}",
        "duration_minutes": "60",
        "time_zone": "UTC",
        "video_link": meeting.video_link,
        "agenda": meeting.agenda,
        "notes": "",
        **changes,
    }


def test_a_facilitator_publishes_a_meeting_on_its_edit_page_and_it_is_audited(client, team, facilitator):
    meeting = _meeting(team, "Open call", public=False, organizer=facilitator)
    client.force_login(facilitator)
    edit = reverse("schedule:meeting_edit", args=[meeting.pk])
    assert 'name="is_public"' in client.get(edit).content.decode()
    response = client.post(edit, _form(meeting, is_public="on"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_public and meeting.sequence == 0  # nobody is emailed for it
    event = AuditEvent.objects.filter(action=AuditAction.MEETING_CHANGED).latest("pk")
    assert event.details["public"] is True
    page = client.get(reverse("schedule:meeting", args=[meeting.pk])).content.decode()
    assert f"{reverse(PAGE)}#meeting-{meeting.pk}" in page
    client.post(edit, _form(meeting))  # unticked: private again
    meeting.refresh_from_db()
    assert not meeting.is_public
    assert (
        AuditEvent.objects.filter(action=AuditAction.MEETING_CHANGED).latest("pk").details["public"] is False
    )


def test_a_poll_s_chosen_slot_can_become_a_public_meeting(client, team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Open call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=2)],
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("schedule:poll_finalise", args=[poll.pk]),
        {
            "slot": poll.slots.get().pk,
            "title": "Open call",
            "video_link": "",
            "agenda": "",
            "is_public": "on",
            "confirm_unattended": "on",
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.get(poll=poll).is_public


def test_a_member_cannot_publish_a_meeting(client, team, facilitator):
    member = UserFactory()
    MembershipFactory(team=team, user=member)
    meeting = _meeting(team, "Closed call", public=False, organizer=facilitator)
    client.force_login(member)
    response = client.post(
        reverse("schedule:meeting_edit", args=[meeting.pk]), _form(meeting, is_public="on")
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert not meeting.is_public
