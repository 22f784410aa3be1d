"""Dates and texts people type into the schedule's forms: read in the chosen zone (never the
viewer's), inside the date window, the repeated hour of a DST change chosen explicitly, texts
of bounded length. Every refusal is a message on the form and no row."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from notifications.models import Announcement
from notifications.services.preferences import preferences_get
from schedule.enums import DeliverableStatus
from schedule.models import AvailabilityPoll, Deliverable, Meeting, Milestone, PollComment, Slot
from schedule.services import meetings, milestones, polls
from tests.factories import MilestoneFactory

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
WINDOW = "Choose a date between 1 January 2000 and 1 March 2037."
MILESTONE = {
    "title": "Session proposals",
    "description": "One page per team.",
    "kind": "deadline",
    "due_local": "2027-08-20T17:00",
    "time_zone": "Europe/Paris",
    "all_teams": "on",
    "requires_deliverable": "on",
    "is_public": "on",
    "reminder_offsets": "14, 3, 1",
}
POLL = {
    "title": "First call",
    "duration_minutes": "60",
    "time_zone": "Asia/Kolkata",
    "deadline_local": "2027-05-12T12:00",
    "slots": "",
    "dates": "2027-05-14",
    "times": "07:00",
    "guests": "",
}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _poll_url(team):
    return reverse("schedule:poll_create", kwargs={"year": team.cycle.year, "slug": team.slug})


def _meeting(facilitator, team):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=2)],
    )
    return meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())


def _meeting_form(meeting, **change):
    return {
        "title": meeting.title,
        "start_local": "2027-03-10T10:00",
        "duration_minutes": "60",
        "time_zone": "UTC",
        "video_link": "",
        "agenda": "",
        "notes": "",
        **change,
    }


# --- 13: one local date-time field, read in the chosen zone --------------------------------------


def test_milestone_time_is_read_in_the_chosen_zone_not_the_viewers(client, secretariat, team):
    # 02:30 on 28 March 2027 is skipped in Zurich (the viewer's zone) but exists in New York.
    secretariat.time_zone = "Europe/Zurich"
    secretariat.save()
    client.force_login(secretariat)

    page = client.post(
        reverse("schedule:create"),
        {**MILESTONE, "due_local": "2027-03-28T02:30", "time_zone": "America/New_York"},
        follow=True,
    ).content.decode()

    assert "couldn’t be interpreted in time zone Europe/Zurich" not in page
    assert Milestone.objects.get().due_at == datetime(2027, 3, 28, 6, 30, tzinfo=UTC)  # 02:30 EDT


def test_a_time_the_chosen_zone_skips_is_refused_naming_that_zone(client, secretariat, team):
    client.force_login(secretariat)
    page = client.post(
        reverse("schedule:create"),
        {**MILESTONE, "due_local": "2027-03-14T02:30", "time_zone": "America/New_York"},
    ).content.decode()
    assert "Sun 14 Mar 2027, 02:30 does not exist in America/New_York: the clocks skip it." in page
    assert not Milestone.objects.exists()


def test_a_time_that_happens_twice_asks_which_one_then_saves_the_one_chosen(client, secretariat, team):
    # New York turns its clocks back from 02:00 EDT to 01:00 EST on 7 November 2027.
    client.force_login(secretariat)
    form = {**MILESTONE, "due_local": "2027-11-07T01:30", "time_zone": "America/New_York"}

    page = client.post(reverse("schedule:create"), form).content.decode()
    assert "Sun 7 Nov 2027, 01:30 happens twice in America/New_York: the clocks go back." in page
    assert "the first 01:30 (EDT, UTC−04:00)" in page and "the second 01:30 (EST, UTC−05:00)" in page
    assert 'name="due_local_occurrence"' in page
    assert not Milestone.objects.exists()

    client.post(reverse("schedule:create"), {**form, "due_local_occurrence": "second"})
    milestone = Milestone.objects.get()
    assert milestone.due_at == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)

    # The edit form shows the second one chosen, and saving it unchanged keeps it.
    edit = client.get(reverse("schedule:edit", args=[milestone.pk])).content.decode()
    assert 'value="second" checked' in edit and 'value="2027-11-07T01:30"' in edit
    client.post(reverse("schedule:edit", args=[milestone.pk]), {**form, "due_local_occurrence": "first"})
    milestone.refresh_from_db()
    assert milestone.due_at == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)


def test_the_choice_is_offered_only_when_the_time_happens_twice(client, secretariat, team):
    client.force_login(secretariat)
    page = client.post(reverse("schedule:create"), {**MILESTONE, "title": ""}).content.decode()
    assert "This field is required." in page and "_occurrence" not in page


def test_meeting_reschedule_in_a_repeated_hour_takes_the_chosen_occurrence(client, team, facilitator):
    meeting = _meeting(facilitator, team)
    client.force_login(facilitator)
    form = _meeting_form(meeting, start_local="2027-10-31T02:30", time_zone="Europe/Paris")

    page = client.post(reverse("schedule:meeting_edit", args=[meeting.pk]), form).content.decode()
    assert "happens twice in Europe/Paris" in page
    meeting.refresh_from_db()
    assert meeting.start == NOW + timedelta(days=2) and meeting.sequence == 0

    client.post(
        reverse("schedule:meeting_edit", args=[meeting.pk]), {**form, "start_local_occurrence": "second"}
    )
    meeting.refresh_from_db()
    assert meeting.start == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 CET


def test_poll_slot_lines_in_a_repeated_hour_are_refused_with_the_line(client, team, facilitator):
    client.force_login(facilitator)
    page = client.post(
        _poll_url(team),
        {
            **POLL,
            "time_zone": "Europe/Paris",
            "dates": "",
            "times": "",
            "slots": "2027-10-30 10:00\n2027-10-31 02:30",
        },
    ).content.decode()
    assert "Line 2: 2027-10-31 02:30 happens twice in Europe/Paris (the clocks go back)" in page
    assert not AvailabilityPoll.objects.exists()


# --- 11: dates outside the window -------------------------------------------------------------------


@pytest.mark.parametrize(
    "due, zone",
    [
        ("0001-01-01T00:30", "Asia/Kolkata"),
        ("9999-12-31T23:30", "America/Los_Angeles"),
        ("1999-12-31T12:00", "UTC"),
        ("2037-03-02T12:00", "UTC"),
    ],
)
def test_milestone_dates_outside_the_window_are_refused(client, secretariat, team, due, zone):
    client.force_login(secretariat)
    response = client.post(reverse("schedule:create"), {**MILESTONE, "due_local": due, "time_zone": zone})
    assert response.status_code == 200 and WINDOW in response.content.decode()
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"deadline_local": "0001-01-01T00:30"}, WINDOW),
        ({"dates": "", "times": "", "slots": "2027-05-14 10:00\n9999-12-31 23:30"}, "Line 2: " + WINDOW),
        ({"dates": "9999-12-31, 2027-05-14", "times": "23:30"}, WINDOW),
        ({"dates": "0001-01-01", "times": "00:30"}, WINDOW),
    ],
)
def test_poll_dates_outside_the_window_are_refused(client, team, facilitator, secretariat, change, message):
    client.force_login(facilitator)
    response = client.post(_poll_url(team), {**POLL, **change})
    assert response.status_code == 200 and message in response.content.decode()
    client.force_login(secretariat)
    response = client.post(reverse("schedule:polls_launch"), {**POLL, **change, "teams": [team.pk]})
    assert response.status_code == 200 and message in response.content.decode()
    assert not AvailabilityPoll.objects.exists() and not Slot.objects.exists()


@pytest.mark.parametrize("start", ["9999-12-31T23:30", "0001-01-01T00:00"])
def test_meeting_reschedule_outside_the_window_is_refused(client, team, facilitator, start):
    meeting = _meeting(facilitator, team)
    client.force_login(facilitator)
    response = client.post(
        reverse("schedule:meeting_edit", args=[meeting.pk]),
        _meeting_form(meeting, start_local=start, time_zone="Pacific/Auckland"),
    )
    assert response.status_code == 200 and WINDOW in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.start == NOW + timedelta(days=2) and meeting.sequence == 0


FAR = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)


def test_services_refuse_dates_outside_the_window(secretariat, team, facilitator, cycle):
    with pytest.raises(ValidationError):
        milestones.milestone_create(
            actor=secretariat, cycle=cycle, teams=[], title="Far", due_at=FAR, reminder_offsets=[1]
        )
    with pytest.raises(ValidationError):
        polls.poll_create(
            actor=facilitator, team=team, title="Far", deadline=NOW + timedelta(days=1), slots=[FAR]
        )
    meeting = _meeting(facilitator, team)
    with pytest.raises(ValidationError):
        meetings.meeting_update(
            actor=facilitator, meeting=meeting, start=FAR - timedelta(days=1), end=FAR - timedelta(hours=23)
        )
    assert not Milestone.objects.exists() and AvailabilityPoll.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.start == NOW + timedelta(days=2)


def test_pages_of_a_stored_far_future_slot_still_open_and_finalising_it_is_refused(client, team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=2)],
    )
    Slot.objects.filter(poll=poll).update(start=FAR)  # a row from before the window existed
    client.force_login(facilitator)
    assert client.get(reverse("schedule:poll", args=[poll.pk])).status_code == 200
    assert client.get(reverse("schedule:poll_finalise", args=[poll.pk])).status_code == 200

    response = client.post(
        reverse("schedule:poll_finalise", args=[poll.pk]),
        {"slot": poll.slots.get().pk, "title": "First call", "confirm_unattended": "on"},
    )
    assert response.status_code == 200 and WINDOW in response.content.decode()
    assert not Meeting.objects.exists()


def test_pages_and_feeds_of_a_stored_far_future_milestone_still_open(client, secretariat, cycle):
    milestone = MilestoneFactory(cycle=cycle, is_public=True)
    Milestone.objects.filter(pk=milestone.pk).update(due_at=FAR)
    secretariat.time_zone = "Pacific/Kiritimati"  # UTC+14: 23:30 UTC there is already year 10000
    secretariat.save()
    client.force_login(secretariat)
    for url in (
        reverse("schedule:timeline"),
        reverse("schedule:detail", args=[milestone.pk]),
        reverse("schedule:public"),
        reverse("schedule:public_feed"),
    ):
        assert client.get(url).status_code == 200, url
    (event,) = Calendar.from_ical(client.get(reverse("schedule:public_feed")).content).walk("VEVENT")
    assert event["dtstart"].dt == FAR


# --- 10 (validation half): reminder offsets ----------------------------------------------------------


@pytest.mark.parametrize(
    "offsets, message",
    [
        ("99999999999999999999", "Reminders go at most 366 days before; “99999999999999999999” is too many."),
        ("367", "Reminders go at most 366 days before; “367” is too many."),
        ("1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11", "At most 10 reminders, please (there are 11)."),
    ],
)
def test_milestone_reminder_offsets_are_bounded(client, secretariat, team, offsets, message):
    client.force_login(secretariat)
    page = client.post(
        reverse("schedule:create"), {**MILESTONE, "reminder_offsets": offsets}
    ).content.decode()
    assert message in page
    assert not Milestone.objects.exists()


def test_services_and_models_refuse_huge_reminder_offsets(secretariat, cycle, community):
    with pytest.raises(ValidationError) as error:
        milestones.milestone_create(
            actor=secretariat,
            cycle=cycle,
            teams=[],
            title="Huge",
            due_at=NOW + timedelta(days=9),
            reminder_offsets=[99999999999999999999],
        )
    assert "Reminders go from 1 to 366 days before" in str(error.value)
    milestone = MilestoneFactory(cycle=cycle)
    with pytest.raises(ValidationError):
        milestones.milestone_update(
            actor=secretariat, milestone=milestone, teams=[], reminder_offsets=list(range(1, 12))
        )
    milestone.refresh_from_db()
    assert milestone.reminder_offsets == [14, 3, 1]

    prefs = preferences_get(user=community)
    prefs.reminder_offsets = [400]
    with pytest.raises(ValidationError):
        prefs.full_clean()


def test_a_crafted_preferences_post_cannot_store_a_huge_offset(client, community):
    client.force_login(community)
    page = client.post(
        reverse("notification_preferences"),
        {"reminder_offsets": ["99999999999999999999"], "delivery": "immediate"},
    ).content.decode()
    assert "Select a valid choice." in page
    assert preferences_get(user=community).reminder_offsets == [14, 3, 1]


# --- 14: long texts ------------------------------------------------------------------------------------

LONG = "x" * 100_000
LIMIT_5000 = "Keep this to at most 5,000 characters (it has 100,000)."
LIMIT_20000 = "Keep this to at most 20,000 characters (it has 100,000)."


def test_long_milestone_and_poll_descriptions_are_refused_with_the_count(
    client, secretariat, team, facilitator
):
    client.force_login(secretariat)
    assert (
        LIMIT_5000
        in client.post(reverse("schedule:create"), {**MILESTONE, "description": LONG}).content.decode()
    )
    assert not Milestone.objects.exists()
    client.force_login(facilitator)
    assert LIMIT_5000 in client.post(_poll_url(team), {**POLL, "description": LONG}).content.decode()
    assert not AvailabilityPoll.objects.exists()


def test_long_deliverable_note_is_refused_with_the_count(client, secretariat, team, facilitator, cycle):
    milestone = milestones.milestone_create(
        actor=secretariat,
        cycle=cycle,
        teams=[],
        title="Report",
        kind="deadline",
        due_at=NOW + timedelta(days=20),
        requires_deliverable=True,
        reminder_offsets=[],
    )
    milestones.milestone_publish(actor=secretariat, milestone=milestone)
    deliverable = Deliverable.objects.get(team=team)
    client.force_login(facilitator)
    page = client.post(
        reverse("schedule:deliverable", args=[deliverable.pk]),
        {"status": "submitted", "link": "", "note": LONG},
    ).content.decode()
    assert LIMIT_5000 in page
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.NOT_STARTED and deliverable.note == ""
    with pytest.raises(ValidationError):
        milestones.deliverable_update(
            actor=facilitator, deliverable=deliverable, status="submitted", note=LONG
        )


def test_long_meeting_notes_and_agenda_are_refused_with_the_count(client, team, facilitator):
    meeting = _meeting(facilitator, team)
    client.force_login(facilitator)
    page = client.post(
        reverse("schedule:meeting_edit", args=[meeting.pk]), _meeting_form(meeting, notes=LONG, agenda=LONG)
    ).content.decode()
    assert page.count(LIMIT_20000) == 2
    meeting.refresh_from_db()
    assert meeting.notes == "" and meeting.agenda == ""
    with pytest.raises(ValidationError):
        meetings.meeting_update(actor=facilitator, meeting=meeting, notes=LONG)


def test_long_finalise_agenda_and_comment_are_refused(client, team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=2)],
    )
    client.force_login(facilitator)
    page = client.post(
        reverse("schedule:poll_finalise", args=[poll.pk]),
        {"slot": poll.slots.get().pk, "title": "First call", "agenda": LONG},
    ).content.decode()
    assert LIMIT_20000 in page and not Meeting.objects.exists()
    with pytest.raises(ValidationError):
        meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get(), agenda=LONG)

    page = client.post(
        reverse("schedule:poll_comment", args=[poll.pk]), {"text": "y" * 2001}, follow=True
    ).content.decode()
    assert "Keep this to at most 2,000 characters (it has 2,001)." in page
    assert not PollComment.objects.exists()


def test_long_announcement_is_refused_with_the_count(client, secretariat, team):
    from notifications.services.announcements import announcement_create

    client.force_login(secretariat)
    page = client.post(
        reverse("announcement_create"), {"subject": "News", "body": LONG, "to_everyone": "on"}
    ).content.decode()
    assert LIMIT_20000 in page
    with pytest.raises(ValidationError):
        announcement_create(author=secretariat, subject="News", body=LONG, to_everyone=True, teams=[])
    assert not Announcement.objects.exists()


def test_services_refuse_a_long_poll_description(team, facilitator):
    with pytest.raises(ValidationError):
        polls.poll_create(
            actor=facilitator,
            team=team,
            title="First call",
            description=LONG,
            deadline=NOW + timedelta(days=1),
            slots=[NOW + timedelta(days=2)],
        )
    assert not AvailabilityPoll.objects.exists()


def test_a_guest_address_longer_than_the_column_is_refused(client, team, facilitator):
    client.force_login(facilitator)
    address = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"  # valid syntax, more than 254 characters
    page = client.post(_poll_url(team), {**POLL, "guests": address}).content.decode()
    assert "is not an email address." in page
    assert not AvailabilityPoll.objects.exists()


def test_a_subscription_address_longer_than_the_column_is_refused(client, team):
    from notifications.models import Subscription

    address = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"
    page = client.post(
        reverse("team_subscribe", kwargs={"year": team.cycle.year, "slug": team.slug}),
        {"name": "Someone", "email": address},
        follow=True,
    ).content.decode()
    assert f"Your email: Ensure this value has at most 254 characters (it has {len(address)})." in page
    assert not Subscription.objects.exists()
