"""Pre-filled polls (schedule/selectors/poll_suggestions.py): the voting form suggests each answer
from the person's call hours, busy times and igfmag meetings; only confirmed answers count."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import CallHours
from accounts.services import call_hours_set
from schedule.enums import Answer
from schedule.models import Meeting, MeetingAttendee, Vote
from schedule.selectors.poll_results import poll_results
from schedule.selectors.poll_suggestions import FixedMeeting, suggest, suggested_answers, suggestion_inputs
from schedule.services import polls
from tests.factories import MembershipFactory
from tests.support.text import plain

DUBAI = zoneinfo.ZoneInfo("Asia/Dubai")
# A Friday–Saturday weekend: Sunday to Thursday, 08:00 to 16:00, never before 09:00.
WEEKEND_FRI_SAT = {"days": {str(d): ["08:00", "16:00"] for d in (6, 0, 1, 2, 3)}, "never_before": time(9)}


def _hours():
    return CallHours(days=WEEKEND_FRI_SAT["days"], never_before=time(9))


def _next_local(now, weekday, hour, zone=DUBAI):
    """The next `weekday` after `now` (at least two days on), at `hour` in `zone`, in UTC."""
    day = now.astimezone(zone).date() + timedelta(days=2)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone).astimezone(UTC)


@pytest.mark.clock
def test_call_hours_with_a_friday_saturday_weekend(now):
    friday = _next_local(now, 4, 10)
    sunday = _next_local(now, 6, 10)
    early_sunday = _next_local(now, 6, 8)
    hour = timedelta(hours=1)
    on_friday = suggest(friday, friday + hour, zone_name="Asia/Dubai", hours=_hours())
    assert on_friday.answer == Answer.IF_NEED_BE
    assert plain(on_friday.reason).startswith("outside your hours (outside working days (Dubai ")
    assert suggest(sunday, sunday + hour, zone_name="Asia/Dubai", hours=_hours()).answer == Answer.YES
    early = suggest(early_sunday, early_sunday + hour, zone_name="Asia/Dubai", hours=_hours())
    assert early.answer == Answer.IF_NEED_BE
    assert "before 09:00" in early.reason  # the later of the day's start and "never before"


@pytest.mark.clock
def test_a_meeting_then_says_no_before_busy_times_and_hours(now):
    start = _next_local(now, 6, 10)
    meeting = FixedMeeting("Board call", start + timedelta(minutes=30), start + timedelta(hours=2))
    hour = timedelta(hours=1)
    taken = suggest(start, start + hour, zone_name="Asia/Dubai", hours=_hours(), meetings=[meeting])
    assert (taken.answer, taken.meeting) == (Answer.NO, meeting)
    assert taken.reason.startswith("you have a meeting then (Board call, ")
    # Touching is not overlapping.
    before = suggest(
        start - hour, start + timedelta(minutes=30), zone_name="Asia/Dubai", hours=None, meetings=[meeting]
    )
    assert before.answer == Answer.YES
    busy = suggest(start, start + hour, zone_name="Asia/Dubai", hours=_hours(), busy=[(start, start + hour)])
    assert (busy.answer, busy.reason) == (Answer.NO, "busy in your calendar")


@pytest.mark.parametrize(
    "start, answer",
    [
        # Paris before and after its spring change (28 March 2027): the same UTC time moves an hour.
        (datetime(2027, 3, 27, 5, 30, tzinfo=UTC), Answer.IF_NEED_BE),  # 06:30: night
        (datetime(2027, 3, 29, 5, 30, tzinfo=UTC), Answer.YES),  # 07:30
    ],
)
def test_dst_moves_the_suggestion_with_the_local_clock(start, answer):
    result = suggest(start, start + timedelta(hours=1), zone_name="Europe/Paris", hours=None)
    assert result.answer == answer
    if answer == Answer.IF_NEED_BE:
        assert plain(result.reason) == "outside your hours (at night, Paris 06:30)"


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, user__time_zone="Asia/Dubai", user__display_name="Mona Member").user


def _poll(team, facilitator, starts, now):
    return polls.poll_create(
        actor=facilitator, team=team, title="Second call", deadline=now + timedelta(days=1), slots=starts
    )


def _meeting_for(user, team, start, title="Board call with the minister", hours=1.0):
    meeting = Meeting.objects.create(team=team, title=title, start=start, end=start + timedelta(hours=hours))
    MeetingAttendee.objects.create(meeting=meeting, user=user)
    return meeting


@pytest.mark.clock
def test_the_form_is_prefilled_and_only_confirmed_answers_count(now, client, team, facilitator, member):
    call_hours_set(user=member, hours=WEEKEND_FRI_SAT)
    starts = [_next_local(now, 6, 10), _next_local(now, 4, 10), _next_local(now, 0, 10)]
    poll = _poll(team, facilitator, starts, now)
    _meeting_for(member, team, starts[2])
    client.force_login(member)
    page = plain(client.get(reverse("schedule:poll", args=[poll.pk])).content.decode())
    assert page.count('class="suggestion"') == 3
    assert "free, and within your hours" in page
    assert "outside your hours (outside working days (Dubai " in page
    assert "you have a meeting then (Board call with the minister, " in page
    assert "Taken" in page and "Confirm my answers" in page
    # Shown, not stored: the results count nothing yet.
    assert not Vote.objects.exists()
    assert [(r.yes, r.maybe, r.no) for r in poll_results(poll=poll, show_names=True).slots] == [(0, 0, 0)] * 3
    slots = list(poll.slots.all())
    invitee = poll.invitees.get(user=member)
    suggested = suggested_answers(
        poll,
        invitee,
        slots=[(s.pk, s.start) for s in slots],
        zone_name="Asia/Dubai",
        inputs=suggestion_inputs(poll, member.pk),
    )
    # Confirming sends the form as it was filled in.
    with TestCase.captureOnCommitCallbacks(execute=True):  # the page's cache moves on at commit
        response = client.post(
            reverse("schedule:poll", args=[poll.pk]), {f"slot_{pk}": s.answer for pk, s in suggested.items()}
        )
    assert response.status_code == 302
    by_start = {r.slot.start: (r.yes, r.maybe, r.no) for r in poll_results(poll=poll, show_names=True).slots}
    assert [by_start[s] for s in starts] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    page = plain(client.get(reverse("schedule:poll", args=[poll.pk])).content.decode())
    assert 'class="suggestion"' not in page and "Save my answers" in page
    assert "Taken" in page  # still taken, and answered no: nothing to review
    assert "please review your answer" not in page


@pytest.mark.clock
def test_a_meeting_fixed_later_asks_to_review_a_yes_without_changing_it(
    now, client, team, facilitator, member
):
    starts = [_next_local(now, 6, 10), _next_local(now, 6, 12)]
    poll = _poll(team, facilitator, starts, now)
    invitee = poll.invitees.get(user=member)
    slots = list(poll.slots.all())
    polls.vote_submit(invitee=invitee, answers={s.pk: Answer.YES for s in slots})
    # Another poll of theirs became a meeting at the first slot's time.
    other = _poll(team, facilitator, [starts[0]], now)
    from schedule.services.meetings import meeting_create_from_slot

    with TestCase.captureOnCommitCallbacks(execute=True):
        meeting_create_from_slot(actor=facilitator, poll=other, slot=other.slots.get(), title="Planning call")
    client.force_login(member)
    page = plain(client.get(reverse("schedule:poll", args=[poll.pk])).content.decode())
    assert page.count("please review your answer") == 1
    assert "Planning call" in page
    assert 'class="suggestion"' not in page
    assert set(Vote.objects.filter(invitee=invitee).values_list("answer", flat=True)) == {Answer.YES}


@pytest.mark.clock
@pytest.mark.parametrize("viewer", ["facilitator", "secretariat"])
def test_nobody_else_sees_someones_suggestions_or_meetings(
    now, client, team, facilitator, member, request, viewer
):
    starts = [_next_local(now, 6, 10)]
    poll = _poll(team, facilitator, starts, now)
    _meeting_for(member, team, starts[0], title="Private board call")
    client.force_login(member)
    assert "Private board call" in plain(
        client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    )
    client.force_login(request.getfixturevalue(viewer))
    page = plain(client.get(reverse("schedule:poll", args=[poll.pk])).content.decode())
    assert "Private board call" not in page
    assert "you have a meeting then" not in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.clock
def test_suggestions_cost_the_same_with_5_and_50_slots_and_meetings(now, client, team, facilitator, member):
    call_hours_set(user=member, hours=WEEKEND_FRI_SAT)
    first = _next_local(now, 6, 6)

    def grown(n):
        starts = [first + timedelta(hours=h) for h in range(n)]
        with TestCase.captureOnCommitCallbacks(execute=True):
            poll = _poll(team, facilitator, starts, now)
            for start in starts:
                _meeting_for(member, team, start + timedelta(minutes=30), hours=0.25)
        return reverse("schedule:poll", args=[poll.pk])

    client.force_login(member)
    few_url = grown(5)
    few = _queries(client, few_url)
    assert plain(client.get(few_url).content.decode()).count('class="suggestion"') == 5
    many_url = grown(50)
    assert _queries(client, many_url) == few


@pytest.mark.clock
def test_the_form_follows_the_persons_clock_across_a_dst_change(now, client, team, facilitator):
    """Slots at 05:30 UTC for a week and more from now: 06:30 or 07:30 in Paris, wherever its clocks
    change in that span (CI runs this across the spring change). Expected from the zone itself."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    member = MembershipFactory(team=team, user__time_zone="Europe/Paris").user
    first = now.replace(hour=5, minute=30, second=0, microsecond=0) + timedelta(days=2)
    starts = [first + timedelta(days=d) for d in range(10)]
    poll = _poll(team, facilitator, starts, now)
    client.force_login(member)
    page = plain(client.get(reverse("schedule:poll", args=[poll.pk])).content.decode())
    for slot in poll.slots.all():
        night = slot.start.astimezone(paris).hour < 7
        index = 1 if night else 0  # if need be, else yes
        assert f'id="id_slot_{slot.pk}_{index}" required checked' in page, slot.start


@pytest.mark.clock
def test_a_voter_with_hours_sees_each_slot_marked_by_their_hours_not_the_night(
    now, client, team, facilitator, member
):
    """A night owl (every day 12:00-23:30 in Dubai): 22:00-23:00 is within their hours, 10:00 is not.
    Whoever set no hours in the same zone still sees 23:00 as their night, from the same cached page."""
    owl = MembershipFactory(team=team, user__time_zone="Asia/Dubai").user
    member.time_zone = "Asia/Dubai"
    member.save(update_fields=["time_zone"])
    call_hours_set(user=owl, hours={"days": {str(d): ["12:00", "23:30"] for d in range(7)}})
    late, morning = _next_local(now, 2, 22), _next_local(now, 3, 10)
    poll = _poll(team, facilitator, [late, morning], now)

    def slot_headings(person):
        client.force_login(person)
        page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
        legends = [legend.split("</legend>")[0] for legend in page.split("<legend>")[1:3]]
        return sorted(legends, key=lambda legend: ", 22:00" not in legend)  # the late slot first

    no_hours_late, no_hours_morning = slot_headings(member)
    assert "night for you" in no_hours_late and "night for you" not in no_hours_morning
    owl_late, owl_morning = slot_headings(owl)
    assert "night for you" not in owl_late and "outside your hours" not in owl_late
    assert "outside your hours" in owl_morning
    assert slot_headings(member) == [no_hours_late, no_hours_morning]  # the cache was not changed

    # 23:00-00:00 goes past their 23:30: outside their hours (said once), as it is night for others.
    past = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Late",
        deadline=now + timedelta(days=1),
        slots=[late + timedelta(hours=1)],
    )
    client.force_login(owl)
    page = client.get(reverse("schedule:poll", args=[past.pk])).content.decode()
    legend = page.split("<legend>")[1].split("</legend>")[0]
    assert "outside your hours" in legend and "night for you" not in legend
