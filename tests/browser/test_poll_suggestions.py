"""A member in Dubai (weekend Friday and Saturday, a board call already fixed on Monday) opens a poll:
each answer is filled in for her as a suggestion with its reason; she confirms them, and only then
does the ranking count her."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.services import call_hours_set
from schedule.models import Meeting, MeetingAttendee, Vote
from schedule.services import polls
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import CycleFactory, FacilitatorRoleFactory, IssueTeamFactory, MembershipFactory
from tests.support.text import plain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DUBAI = zoneinfo.ZoneInfo("Asia/Dubai")


def _next(now, weekday, hour):
    day = (now + timedelta(days=2)).astimezone(DUBAI).date()
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=DUBAI).astimezone(UTC)


def test_a_member_confirms_the_suggested_answers_and_the_ranking_counts_them(live_server, new_page, now):
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory())
    lead = FacilitatorRoleFactory(
        team=team, user__email="lucia@example.org", user__display_name="Lucía", user__time_zone="Asia/Dubai"
    ).user
    amina = MembershipFactory(
        team=team, user__email="amina@example.org", user__display_name="Amina", user__time_zone="Asia/Dubai"
    ).user
    call_hours_set(user=amina, hours={"days": {str(d): ["08:00", "16:00"] for d in (6, 0, 1, 2, 3)}})
    sunday, friday, monday = _next(now, 6, 10), _next(now, 4, 10), _next(now, 0, 10)
    poll = polls.poll_create(
        actor=lead,
        team=team,
        title="Second call",
        slots=[sunday, friday, monday],
        deadline=now + timedelta(days=1),
    )
    board = Meeting.objects.create(
        team=team, title="Board call", start=monday, end=monday + timedelta(hours=1)
    )
    MeetingAttendee.objects.create(meeting=board, user=amina)

    page = new_page(timezone_id="Asia/Dubai")
    signs_in(page, base, amina.email)
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(base + reverse("schedule:poll", args=[poll.pk]))
    form = page.get_by_role("region", name="Your answers")
    expect(form).to_contain_text("Nothing counts until you confirm them.")
    expect(form.locator(".suggestion")).to_have_count(3)
    expect(form).to_contain_text("Yes — free, and within your hours")
    assert "If need be — outside your hours (outside working days (Dubai " in plain(form.inner_text())
    expect(form).to_contain_text("No — you have a meeting then (Board call, ")
    expect(form.locator(".taken")).to_contain_text("Board call")
    slots = {slot.start: slot.pk for slot in poll.slots.all()}
    assert page.locator(f"#id_slot_{slots[sunday]}_0").is_checked()  # yes
    assert page.locator(f"#id_slot_{slots[friday]}_1").is_checked()  # if need be
    assert page.locator(f"#id_slot_{slots[monday]}_2").is_checked()  # no
    assert not Vote.objects.exists()  # shown, not counted
    expect(page.locator("ol.ranking")).not_to_contain_text("1 yes")
    assert_accessible(page, "poll-suggestions")

    page.get_by_role("button", name="Confirm my answers").click()
    expect(page.locator("body")).to_contain_text("Your answers are saved.")
    expect(page.locator("ol.ranking")).to_contain_text("1 yes")
    expect(page.get_by_role("region", name="Your answers").locator(".suggestion")).to_have_count(0)
    assert dict(Vote.objects.values_list("slot_id", "answer")) == {
        slots[sunday]: "yes",
        slots[friday]: "maybe",
        slots[monday]: "no",
    }
    assert_accessible(page, "poll-suggestions-confirmed")
