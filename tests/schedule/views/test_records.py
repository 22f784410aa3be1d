"""The record on the meeting page and its own page, the reader's action items on the dashboard, in
their list and in their calendar feed."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from common.fragments import versioned_value_key
from schedule.enums import ActionItemStatus
from schedule.models import ActionItem, CalendarFeed, Meeting
from schedule.selectors.records import action_items_page_key
from schedule.services import records
from teams.enums import Capacity, QuorumKind
from tests.factories import MembershipFactory


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, user__email="amina@example.org", user__display_name="Amina").user


@pytest.fixture
def meeting(team, facilitator, now):
    return Meeting.objects.create(
        team=team,
        title="Second call",
        organizer=facilitator,
        start=now - timedelta(hours=2),
        end=now - timedelta(hours=1),
    )


@pytest.fixture
def item(meeting, facilitator, member, now):
    return records.action_item_add(
        actor=facilitator,
        meeting=meeting,
        text="Circulate the notes",
        owner_id=member.pk,
        due_at=now + timedelta(days=3),
    )


def test_the_meeting_page_shows_the_record_sanitised(client, meeting, facilitator, member, item):
    records.record_save(
        actor=facilitator,
        meeting=meeting,
        minutes="## Points\n\n<script>alert(1)</script> We **agreed**.",
        transcript_url="https://example.org/transcript",
    )
    meeting.team.quorum_kind, meeting.team.quorum_value = QuorumKind.COUNT, 1
    meeting.team.save()
    meeting.attendees.create(
        user=MembershipFactory(team=meeting.team, capacity=Capacity.MAG).user, present=True
    )
    records.decision_add(actor=facilitator, meeting=meeting, text="Adopt", decided_by="the MAG")
    records.parking_lot_add(actor=facilitator, meeting=meeting, text="Hybrid formats")
    client.force_login(member)
    html = client.get(reverse("schedule:meeting", args=[meeting.pk])).content.decode()
    assert "<strong>agreed</strong>" in html and "<script>alert" not in html
    assert "https://example.org/transcript" in html
    assert "decided by the MAG; quorum reached" in html
    assert "Circulate the notes" in html and "Amina" in html
    assert "Hybrid formats" in html
    assert reverse("schedule:meeting_record", args=[meeting.pk]) not in html  # a member does not edit it


def test_someone_invited_from_outside_the_team_sees_the_meeting_not_its_record(
    client, meeting, facilitator, community
):
    records.record_save(actor=facilitator, meeting=meeting, minutes="Private minutes")
    meeting.attendees.create(user=community)
    client.force_login(community)
    html = client.get(reverse("schedule:meeting", args=[meeting.pk])).content.decode()
    assert "Second call" in html and "Private minutes" not in html


def test_the_record_page_refuses_bad_input_on_its_form_and_saves_nothing(
    client, meeting, facilitator, member
):
    client.force_login(facilitator)
    response = client.post(
        reverse("schedule:action_item_add", args=[meeting.pk]),
        {
            "text": "Draft",
            "owner_kind": "member",
            "owner": member.email,
            "due_local": "soon",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 200
    assert "Enter a date and time like" in response.content.decode()
    response = client.post(
        reverse("schedule:action_item_add", args=[meeting.pk]),
        {
            "text": "Draft",
            "owner_kind": "member",
            "owner": "nobody",
            "due_local": "2027-07-01 10:00",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 200
    assert "No member of this group matches “nobody”." in response.content.decode()
    assert not ActionItem.objects.exists()
    response = client.post(reverse("schedule:parking_lot_carry", args=[meeting.pk]), follow=True)
    assert "Every parking-lot item has been carried already." in response.content.decode()


def test_an_action_item_entered_in_a_zone_is_stored_in_utc(client, meeting, facilitator, member):
    client.force_login(facilitator)
    response = client.post(
        reverse("schedule:action_item_add", args=[meeting.pk]),
        {
            "text": "Draft",
            "owner_kind": "secretariat",
            "owner": "whatever was left in the box",
            "due_local": "2027-07-01 10:00",
            "time_zone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert item.owner_is_secretariat and item.due_at.isoformat() == "2027-07-01T08:00:00+00:00"


def test_the_owner_sees_the_item_on_the_dashboard_and_marks_it_done(
    client, member, item, django_capture_on_commit_callbacks
):
    client.force_login(member)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Circulate the notes" in html and "csrf-token-of-the-request" not in html
    with django_capture_on_commit_callbacks(execute=True):  # the new version of meetings
        response = client.post(
            reverse("schedule:action_item_status", args=[item.pk]),
            {"status": "done", "next": reverse("dashboard")},
        )
    assert response["Location"] == reverse("dashboard")
    assert ActionItem.objects.get().status == ActionItemStatus.DONE
    assert "Circulate the notes" not in client.get(reverse("dashboard")).content.decode()
    assert "No open action items." in client.get(reverse("schedule:action_items")).content.decode()


def test_the_secretariat_s_items_are_on_every_secretariat_list(
    client, meeting, facilitator, secretariat, member, now
):
    records.action_item_add(
        actor=facilitator,
        meeting=meeting,
        text="Book the room",
        owner_is_secretariat=True,
        due_at=now + timedelta(days=1),
    )
    client.force_login(secretariat)
    assert "Book the room" in client.get(reverse("schedule:action_items")).content.decode()
    client.force_login(member)
    assert "Book the room" not in client.get(reverse("schedule:action_items")).content.decode()


def test_the_list_of_one_s_items_shows_each_change_at_once(
    client, meeting, member, item, now, django_capture_on_commit_callbacks
):
    # The list is cached by the meetings' version: every change to what it shows gives a new one.
    client.force_login(member)
    url = reverse("schedule:action_items")
    html = client.get(url).content.decode()
    assert "Circulate the notes" in html and "Second call" in html
    assert "csrf-token-of-the-request" not in html and "next-address-of-the-request" not in html
    # Each form comes back to the list as it was asked for.
    assert 'name="next" value="/action-items/?page=1"' in client.get(url, {"page": "1"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title = "Third call"
        meeting.save()
        records.action_item_add(
            actor=member,
            meeting=meeting,
            text="Book the room",
            owner_id=member.pk,
            due_at=now + timedelta(days=1),
        )
    html = client.get(url).content.decode()
    assert "Third call" in html and "Book the room" in html
    assert html.index("Book the room") < html.index("Circulate the notes")  # the soonest due first
    assert 'name="next" value="/action-items/"' in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schedule:action_item_status", args=[item.pk]), {"status": "done", "next": url})
    html = client.get(url).content.decode()
    assert "Circulate the notes" not in html and "Book the room" in html


def test_the_private_feed_carries_the_owner_s_open_items(client, member, item, facilitator):
    feed = CalendarFeed.objects.create(user=member)
    calendar = Calendar.from_ical(client.get(reverse("schedule:private_feed", args=[feed.token])).content)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("action-item-")]
    assert event.decoded("dtstart") == item.due_at
    assert "Circulate the notes" in str(event["summary"])
    other = CalendarFeed.objects.create(user=facilitator)
    calendar = Calendar.from_ical(client.get(reverse("schedule:private_feed", args=[other.token])).content)
    assert not [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("action-item-")]


def test_a_facilitator_drops_an_item_from_the_record_page(client, meeting, facilitator, item):
    client.force_login(facilitator)
    page = reverse("schedule:meeting_record", args=[meeting.pk])
    assert "Drop: Circulate the notes" in client.get(page).content.decode()
    response = client.post(
        reverse("schedule:action_item_status", args=[item.pk]), {"status": "dropped", "next": page}
    )
    assert response["Location"] == page
    assert ActionItem.objects.get().status == ActionItemStatus.DROPPED


def test_the_record_page_shows_a_new_item_and_its_own_csrf_token_though_cached(
    client, meeting, facilitator, member, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    page = reverse("schedule:meeting_record", args=[meeting.pk])
    assert "Circulate the notes" not in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("schedule:action_item_add", args=[meeting.pk]),
            {
                "text": "Circulate the notes",
                "owner_kind": "member",
                "owner": "amina",
                "due_local": "2027-07-01 10:00",
                "time_zone": "UTC",
            },
        )
    assert response.status_code == 302
    html = client.get(page).content.decode()
    assert "Circulate the notes" in html and "Amina" in html
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens and "csrf-token-of-the-request" not in tokens
    # The page is cached, the permission still asked: a member who does not run the meeting is refused.
    client.force_login(MembershipFactory(team=meeting.team).user)
    assert client.get(page).status_code == 403


def test_a_page_past_the_last_shows_the_last_and_is_not_kept_under_its_number(client, member, item):
    # Any number up to 99,999 may be asked for: each would otherwise leave a copy in the cache.
    client.force_login(member)
    html = client.get(reverse("schedule:action_items"), {"page": "4321"}).content.decode()
    assert "Circulate the notes" in html
    assert (
        cache.get(versioned_value_key(action_items_page_key(user=member, page_number=4321, zone="UTC")))
        is None
    )
    client.get(reverse("schedule:action_items"), {"page": "1"})
    assert (
        cache.get(versioned_value_key(action_items_page_key(user=member, page_number=1, zone="UTC")))
        is not None
    )
