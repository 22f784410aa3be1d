"""A poll's result as a series of calls: rotations proposed best first with each person's count of
bad calls; the series' calls are ordinary meetings (invitations, feed, move, cancel)."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from common.timezones import day_label
from schedule.enums import PollStatus
from schedule.models import Meeting, MeetingSeries
from schedule.selectors.series import series_proposals
from schedule.services import meetings, poll_mail, polls
from schedule.services.feeds import calendar_feed_get
from schedule.services.series import series_cadence_change, series_create
from tests.factories import MembershipFactory
from tests.support.mail import newly_sent, send_queued

ZONES = {"geneva": "Europe/Paris", "new-york": "America/New_York", "tokyo": "Asia/Tokyo"}


def _at(now, days, hour):
    day = (now + timedelta(days=days)).date()
    return datetime.combine(day, time(hour), tzinfo=UTC)


@pytest.fixture
def people(team, facilitator):
    facilitator.time_zone = "Europe/Paris"
    facilitator.save(update_fields=["time_zone"])
    return {
        name: MembershipFactory(team=team, user__email=f"{name}@example.org", user__time_zone=zone).user
        for name, zone in ZONES.items()
    }


@pytest.fixture
def poll(now, team, facilitator, people):
    # 09:00 UTC is night in New York, 15:00 UTC in Tokyo, 01:00 UTC in Geneva (whatever the season).
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Regular call",
        deadline=now + timedelta(days=2),
        slots=[_at(now, 4, 9), _at(now, 4, 15), _at(now, 5, 1)],
    )
    poll_mail.poll_invitations_send(poll.pk)
    newly_sent()
    return poll


def _slots(poll):
    return list(poll.slots.order_by("start"))


def test_the_rotation_that_spreads_the_nights_comes_first(poll):
    people, proposals = series_proposals(poll=poll, slots=_slots(poll), every_weeks=1, count=6)
    best = proposals[0]
    assert best.worst == 2 and len(set(best.pattern)) == 3  # everyone's night twice in six
    assert [p.worst for p in proposals] == sorted(p.worst for p in proposals)
    fixed = next(p for p in series_proposals(poll=poll, slots=_slots(poll)[:1], every_weeks=1, count=6)[1])
    assert fixed.worst == 6  # one slot: New York always has the night
    assert {p.name for p in people} >= {"geneva", "new-york", "tokyo"} or len(people) >= 3


def test_creating_a_series_makes_one_meeting_per_call_with_the_pattern(poll, facilitator, people):
    slots = _slots(poll)
    _, proposals = series_proposals(poll=poll, slots=slots, every_weeks=2, count=6)
    series = series_create(
        actor=facilitator, poll=poll, slots=slots, pattern=proposals[0].pattern, every_weeks=2
    )
    calls = list(series.meetings.order_by("position"))
    assert len(calls) == 6 and [m.position for m in calls] == list(range(6))
    for k, (meeting, s) in enumerate(zip(calls, proposals[0].pattern, strict=True)):
        assert meeting.start == slots[s].start + timedelta(weeks=2 * k)  # the poll's zone is UTC
        assert meeting.attendees.count() == poll.invitees.count()
    poll.refresh_from_db()
    assert poll.status == PollStatus.FINALISED
    with pytest.raises(ValidationError, match="already became"):
        series_create(actor=facilitator, poll=poll, slots=slots, pattern=proposals[0].pattern, every_weeks=2)
    assert MeetingSeries.objects.count() == 1 and Meeting.objects.count() == 6


def test_each_call_sends_one_invitation_per_person_and_moving_one_sends_one_update(poll, facilitator, people):
    slots = _slots(poll)
    series = series_create(actor=facilitator, poll=poll, slots=slots[:1], pattern=(0, 0, 0), every_weeks=1)
    calls = list(series.meetings.order_by("position"))
    mail.outbox.clear()
    for meeting in calls:
        meetings.meeting_notices_send(meeting.pk)
        meetings.meeting_notices_send(meeting.pk)  # a duplicated task sends nothing twice
    send_queued()
    invited = poll.invitees.count()
    assert len(mail.outbox) == 3 * invited
    mail.outbox.clear()

    moved = calls[1]
    meetings.meeting_update(
        actor=facilitator,
        meeting=moved,
        start=moved.start + timedelta(hours=1),
        end=moved.end + timedelta(hours=1),
    )
    for meeting in calls:
        meetings.meeting_notices_send(meeting.pk)
    send_queued()
    assert len(mail.outbox) == invited  # the moved call's attendees, once each; the others nothing
    for message in mail.outbox:
        ((_, content, _),) = message.attachments
        event = Calendar.from_ical(content).walk("VEVENT")[0]
        assert str(moved.uid) in str(event["uid"]) and event["sequence"] == 1


def test_each_calls_invitation_says_which_call_it_is_and_its_day_in_the_recipients_zone(
    poll, facilitator, people
):
    """Six emails with one subject would look like one sent six times: each names its call and day.
    01:00 UTC is the day before in New York and the same day in Tokyo."""
    night_slot = _slots(poll)[2:]
    series = series_create(actor=facilitator, poll=poll, slots=night_slot, pattern=(0, 0, 0), every_weeks=1)
    calls = list(series.meetings.order_by("position"))
    mail.outbox.clear()
    for meeting in calls:
        meetings.meeting_notices_send(meeting.pk)
    send_queued()
    subjects = {(m.to[0], m.subject) for m in mail.outbox}
    for number, call in enumerate(calls, start=1):
        for name in ("new-york", "tokyo"):
            local_day = call.start.astimezone(ZoneInfo(ZONES[name])).date()
            expected = (
                f"Invitation: Regular call (call {number} of 3, {day_label(local_day, with_year=False)})"
            )
            assert (f"{name}@example.org", f"[IGF MAG] {expected}") in subjects
    new_york_days = {s for to, s in subjects if to == "new-york@example.org"}
    assert len(new_york_days) == 3

    meetings.meeting_cancel(actor=facilitator, meeting=calls[1])
    mail.outbox.clear()
    meetings.meeting_notices_send(calls[1].pk)
    send_queued()
    assert {m.subject.split(" (")[0] for m in mail.outbox} == {"[IGF MAG] Cancelled: Regular call"}
    assert all("(call 2 of 3, " in m.subject for m in mail.outbox)


def test_a_weekly_series_keeps_its_wall_time_in_the_polls_zone_across_a_clock_change(now, team, facilitator):
    paris = ZoneInfo("Europe/Paris")
    first = datetime.combine((now + timedelta(days=4)).date(), time(13), tzinfo=paris)
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Paris lunch",
        deadline=now + timedelta(days=2),
        slots=[first.astimezone(UTC)],
        entered_time_zone="Europe/Paris",
    )
    series = series_create(
        actor=facilitator, poll=poll, slots=list(poll.slots.all()), pattern=(0,) * 26, every_weeks=1
    )
    walls = {m.start.astimezone(paris).time() for m in series.meetings.all()}
    assert walls == {time(13)}  # 26 weeks cross a change of Europe's clocks: always 13:00 in Paris


def test_the_series_pages(client, poll, facilitator, people):
    client.force_login(facilitator)
    page = client.get(reverse("schedule:poll", args=[poll.pk]))
    assert reverse("schedule:poll_series", args=[poll.pk]) in page.content.decode()
    url = reverse("schedule:poll_series", args=[poll.pk])
    form = {"slots": [s.pk for s in _slots(poll)], "every_weeks": 1, "count": 6, "title": "Regular call"}
    preview = client.post(url, {**form, "preview": ""})
    text = preview.content.decode()
    assert preview.status_code == 200 and "2 of 6 calls" in text
    _, proposals = series_proposals(poll=poll, slots=_slots(poll), every_weeks=1, count=6)
    rotation = ",".join(map(str, proposals[0].pattern))
    assert f'value="{rotation}" checked' in text  # the best is proposed first
    created = client.post(url, {**form, "rotation": rotation, "create": ""})
    series = MeetingSeries.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse("schedule:series", args=[series.pk])
    again = client.post(url, {**form, "rotation": rotation, "create": ""})
    assert MeetingSeries.objects.count() == 1 and Meeting.objects.count() == 6  # a double submit
    assert again.status_code == 302 or "already became" in again.content.decode()
    detail = client.get(reverse("schedule:series", args=[series.pk])).content.decode()
    assert detail.count('href="/meetings/') >= 6 and "2 of 6 calls" in detail
    assert "new-york" in detail.lower() or people["new-york"].name in detail

    client.force_login(people["tokyo"])  # a member: their own line only
    own = client.get(reverse("schedule:series", args=[series.pk])).content.decode()
    assert people["tokyo"].name in own and people["geneva"].name not in own
    assert client.get(url).status_code == 403


def test_a_wrong_series_form_is_shown_with_its_errors(client, poll, facilitator):
    client.force_login(facilitator)
    url = reverse("schedule:poll_series", args=[poll.pk])
    response = client.post(
        url, {"slots": [s.pk for s in _slots(poll)], "every_weeks": 9, "title": "x", "create": ""}
    )
    assert response.status_code == 200 and MeetingSeries.objects.count() == 0
    response = client.post(
        url,
        {
            "slots": [s.pk for s in _slots(poll)],
            "every_weeks": 1,
            "count": 4,
            "title": "x",
            "rotation": "9",
            "create": "",
        },
    )
    assert response.status_code == 200 and "Choose one of the rotations shown." in response.content.decode()


def test_changing_the_cadence_moves_adds_and_cancels_the_calls_to_come(now, poll, facilitator, people):
    slots = _slots(poll)
    series = series_create(actor=facilitator, poll=poll, slots=slots[:1], pattern=(0,) * 4, every_weeks=1)
    calls = list(series.meetings.order_by("position"))
    for meeting in calls:
        meetings.meeting_notices_send(meeting.pk)
    send_queued()
    mail.outbox.clear()
    attendees = calls[0].attendees.count()

    series_cadence_change(actor=facilitator, series=series, every_weeks=2, count=3)
    after = {m.position: m for m in series.meetings.all()}
    assert [after[k].start for k in range(3)] == [slots[0].start + timedelta(weeks=2 * k) for k in range(3)]
    assert [after[k].sequence for k in range(4)] == [0, 1, 1, 1]  # moved, moved, cancelled
    assert after[3].is_cancelled
    for meeting in after.values():
        meetings.meeting_notices_send(meeting.pk)
    send_queued()
    assert len(mail.outbox) == 3 * attendees  # one update (or cancellation) per changed call and person

    mail.outbox.clear()
    series_cadence_change(actor=facilitator, series=series, every_weeks=2, count=5)
    after = {m.position: m for m in series.meetings.all()}
    assert len(after) == 5 and after[4].start == slots[0].start + timedelta(weeks=8)
    assert after[3].is_cancelled  # a cancelled call stays cancelled
    assert after[4].attendees.count() == attendees
    for meeting in after.values():
        meetings.meeting_notices_send(meeting.pk)
    send_queued()
    assert len(mail.outbox) == attendees  # only the new call's invitations


def test_the_cadence_page(client, poll, facilitator, people):
    series = series_create(
        actor=facilitator, poll=poll, slots=_slots(poll)[:1], pattern=(0, 0, 0), every_weeks=1
    )
    client.force_login(facilitator)
    url = reverse("schedule:series_cadence", args=[series.pk])
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"every_weeks": "0", "count": "40"})
    assert wrong.status_code == 200 and series.meetings.count() == 3
    assert client.post(url, {"every_weeks": "1", "count": "4"}).status_code == 302
    assert series.meetings.count() == 4
    client.force_login(people["tokyo"])
    assert client.get(url).status_code == 403


def _both_parsers(body: bytes) -> list:
    """The VEVENTs as icalendar reads them, after vobject (a second parser) read the same UIDs."""
    parsed = vobject.readOne(body.decode())
    events = Calendar.from_ical(body).walk("VEVENT")
    assert {str(v.uid.value) for v in getattr(parsed, "vevent_list", [])} == {str(e["uid"]) for e in events}
    return events


def test_the_calls_are_in_the_feed_and_each_invitation_reads_in_two_parsers(
    client, poll, facilitator, people
):
    slots = _slots(poll)
    _, proposals = series_proposals(poll=poll, slots=slots, every_weeks=1, count=6)
    series = series_create(
        actor=facilitator, poll=poll, slots=slots, pattern=proposals[0].pattern, every_weeks=1
    )
    calls = list(series.meetings.order_by("position"))
    meetings.meeting_cancel(actor=facilitator, meeting=calls[2])
    mail.outbox.clear()
    for meeting in calls:
        meetings.meeting_notices_send(meeting.pk)
    send_queued()
    tokyo = [m for m in mail.outbox if m.to == ["tokyo@example.org"]]
    assert len(tokyo) == 6  # one invitation (or cancellation) per call, each with its own .ics
    for message in tokyo:
        ((_, content, _),) = message.attachments
        (event,) = _both_parsers(content.encode() if isinstance(content, str) else content)
        assert event["dtend"].dt - event["dtstart"].dt == timedelta(hours=1)

    client.force_login(people["tokyo"])
    feed = calendar_feed_get(user=people["tokyo"])
    body = client.get(reverse("schedule:private_feed", args=[feed.token])).content
    uids = {str(e["uid"]) for e in _both_parsers(body)}
    for meeting in calls:
        assert any(str(meeting.uid) in uid for uid in uids), meeting.position


def test_a_series_until_a_date_has_the_calls_up_to_that_day(client, poll, facilitator):
    client.force_login(facilitator)
    slots = _slots(poll)
    until = (slots[0].start + timedelta(weeks=3)).date()
    url = reverse("schedule:poll_series", args=[poll.pk])
    form = {"slots": [slots[0].pk], "every_weeks": 1, "until": until.isoformat(), "title": "Weekly"}
    too_far = {**form, "until": (slots[0].start + timedelta(days=400)).date().isoformat()}
    assert "A series ends within a year." in client.post(url, too_far).content.decode()
    response = client.post(url, {**form, "rotation": "0,0,0,0", "create": ""})
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.count == 4 and series.until == until
    assert max(m.start for m in series.meetings.all()).date() == until


def test_a_calls_page_links_to_its_series_for_the_team(client, poll, facilitator, people):
    series = series_create(
        actor=facilitator, poll=poll, slots=_slots(poll)[:1], pattern=(0, 0), every_weeks=1
    )
    second = series.meetings.get(position=1)
    client.force_login(people["tokyo"])
    page = client.get(reverse("schedule:meeting", args=[second.pk])).content.decode()
    assert "Call 2 of a series" in page and reverse("schedule:series", args=[series.pk]) in page


def test_the_poll_that_became_a_series_links_to_it(
    client, poll, facilitator, people, django_capture_on_commit_callbacks
):
    client.force_login(people["tokyo"])
    client.get(reverse("schedule:poll", args=[poll.pk]))  # the page cached before the series
    with django_capture_on_commit_callbacks(execute=True):
        series = series_create(
            actor=facilitator, poll=poll, slots=_slots(poll)[:1], pattern=(0, 0), every_weeks=1
        )
    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert "See the series of calls" in page and reverse("schedule:series", args=[series.pk]) in page


def test_a_big_teams_series_page_lists_the_most_burdened_and_sums_up_the_rest(now, client, team, facilitator):
    """A team of 300 would make a table of 300 rows: the page shows the COUNTS_SHOWN most burdened
    (Tokyo's nights first here) and one line for the others; a member sees only their own line."""
    from schedule.views.series import COUNTS_SHOWN

    [
        MembershipFactory(team=team, user__time_zone="Asia/Tokyo", user__display_name=f"Tokyo {i:02d}").user
        for i in range(COUNTS_SHOWN)
    ]
    paris = [
        MembershipFactory(team=team, user__time_zone="Europe/Paris", user__display_name=f"Paris {i:02d}").user
        for i in range(6)
    ]
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Big call",
        deadline=now + timedelta(days=2),
        slots=[_at(now, 4, 15)],  # midnight in Tokyo, afternoon in Paris
    )
    series = series_create(actor=facilitator, poll=poll, slots=_slots(poll), pattern=(0, 0), every_weeks=1)
    people = series.meetings.first().attendees.count()
    assert people > COUNTS_SHOWN

    client.force_login(facilitator)
    page = client.get(reverse("schedule:series", args=[series.pk])).content.decode()
    rows = page.count('<th scope="row">')
    assert rows == COUNTS_SHOWN
    assert all(f"Tokyo {i:02d}" in page for i in range(COUNTS_SHOWN))
    assert "Paris 00" not in page
    assert f"And {people - COUNTS_SHOWN} more people, each with at most 0 of these calls." in page

    client.force_login(paris[0])
    page = client.get(reverse("schedule:series", args=[series.pk])).content.decode()
    assert page.count('<th scope="row">') == 1 and "Paris 00" in page and "Tokyo 00" not in page
    assert "more people" not in page


def test_the_make_a_series_page_lists_each_rotations_most_burdened_and_sums_up_the_rest(
    now, client, team, facilitator
):
    from schedule.views.series import COUNTS_SHOWN

    for i in range(COUNTS_SHOWN + 4):
        MembershipFactory(team=team, user__time_zone="Asia/Tokyo", user__display_name=f"Tokyo {i:02d}")
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Big call",
        deadline=now + timedelta(days=2),
        slots=[_at(now, 4, 15)],
    )
    people = poll.invitees.count()
    client.force_login(facilitator)
    page = client.get(reverse("schedule:poll_series", args=[poll.pk])).content.decode()
    assert page.count('<th scope="row">') == COUNTS_SHOWN  # one rotation: one fixed slot
    assert f"And {people - COUNTS_SHOWN} more people, each with at most" in page
    assert "Asia/Tokyo" not in page.split("<main")[1] and ">Tokyo</td>" in page
