"""A facilitator in Paris opens a poll; a member in Kolkata answers with the keyboard alone, a
guest in Los Angeles through the emailed link; the ranking explains itself; the facilitator picks
the best slot and the .ics carries the right UTC times. Every time is the reader's, with UTC beside it."""

import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from icalendar import Calendar
from playwright.sync_api import expect

from common.timezones import plain_when
from schedule.models import AvailabilityPoll, Invitee, Meeting, Vote
from schedule.services.poll_mail import poll_invitations_send
from tests.browser.conftest import assert_accessible, signs_in
from tests.factories import (
    CycleFactory,
    FacilitatorRoleFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MembershipFactory,
)
from tests.support.mail import send_queued
from tests.support.text import plain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# The slots fall ten days later, after Europe's change to summer time (28 March);
# Los Angeles changed on 14 March.
NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def clocked_page(new_page):
    """A page whose browser clock stands at NOW, like the server's."""

    def make(timezone_id="UTC"):
        page = new_page(timezone_id=timezone_id)
        page.clock.set_fixed_time(NOW)
        return page

    return make


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_poll_from_creation_to_meeting(live_server, clocked_page, mailoutbox, tmp_path):
    new_page = clocked_page
    base = live_server.url
    team = IssueTeamFactory(cycle=CycleFactory(), area=IssueAreaFactory(name="Universal access"))
    lead = FacilitatorRoleFactory(
        team=team, user__email="lucia@example.org", user__display_name="Lucía", user__time_zone="Europe/Paris"
    ).user
    MembershipFactory(
        team=team, user__email="priya@example.org", user__display_name="Priya", user__time_zone="Asia/Kolkata"
    )
    day = NOW.astimezone(PARIS).date() + timedelta(days=10)
    # In Paris time: 08:00 is night in Los Angeles; 16:30 is 07:30-ish in Los Angeles and 20:00-21:00
    # in Kolkata, fine for all in every season; 23:00 is night in Paris and Kolkata.
    slots_local = [f"{day:%Y-%m-%d} 08:00", f"{day:%Y-%m-%d} 16:30", f"{day:%Y-%m-%d} 23:00"]

    # 1. The facilitator opens the poll.
    page = new_page(timezone_id="Europe/Paris")
    page.clock.set_fixed_time(NOW)
    signs_in(page, base, lead.email)
    page.wait_for_url(f"{base}/dashboard/")
    page.goto(base + team.get_absolute_url())
    page.get_by_role("link", name="Find a time: new availability poll").click()
    page.get_by_label("Times below are in").select_option("Europe/Paris")
    page.get_by_label("Answers by").fill(f"{day - timedelta(days=3):%Y-%m-%d}T12:00")
    page.get_by_label("Slots, one per line").fill("\n".join(slots_local))
    page.get_by_label("Guests by email (optional)").fill("gary@example.org")
    assert_accessible(page, "poll-form")
    page.get_by_role("button", name="Open the poll").click()
    expect(page.locator("body")).to_contain_text("The poll is open")
    poll = AvailabilityPoll.objects.get()
    slots = list(poll.slots.all())
    assert [s.start.astimezone(PARIS).strftime("%H:%M") for s in slots] == ["08:00", "16:30", "23:00"]

    # The invitations, as the worker sends them.
    poll_invitations_send(poll.pk)
    send_queued()
    guest_mail = next(m for m in mailoutbox if m.to == ["gary@example.org"])
    guest_link = re.search(r"http://testserver(/polls/answer/[\w-]+/)", guest_mail.body).group(1)

    # 2. Priya in Kolkata answers with the keyboard alone.
    voter = new_page(timezone_id="Asia/Kolkata")
    voter.clock.set_fixed_time(NOW)
    signs_in(voter, base, "priya@example.org")
    voter.wait_for_url(f"{base}/dashboard/")
    voter.get_by_role("link", name="First call").first.click()
    legends = voter.locator("fieldset.slot legend").all_inner_texts()
    # 23:00 Paris is 03:30 (summer) or 04:30 (winter) in Kolkata: marked in words, not only in colour.
    assert "night for you" in legends[2] and "night for you" not in legends[1]
    assert " IST" in legends[0]
    for legend, slot in zip(legends, slots, strict=True):
        kolkata = slot.start.astimezone(zoneinfo.ZoneInfo("Asia/Kolkata"))
        assert legend.startswith(f"{kolkata:%a %d %b %Y, %H:%M} IST")
        assert legend.startswith(plain_when(slot.start, "Asia/Kolkata"))  # with UTC beside it
    first_radio = voter.get_by_role("radio", name="Yes").first
    first_radio.focus()
    voter.keyboard.press("Space")  # slot 1: yes
    voter.keyboard.press("Tab")  # into slot 2's group
    voter.keyboard.press("Space")  # slot 2: yes
    voter.keyboard.press("Tab")  # into slot 3's group, at its suggestion: if need be (night for her)
    assert voter.locator("fieldset.slot").nth(2).locator("input[value=maybe]").is_checked()
    voter.keyboard.press("ArrowRight")  # slot 3: no
    voter.keyboard.press("Tab")  # to the button
    with voter.expect_navigation():
        voter.keyboard.press("Enter")
    assert "Your answers are saved" in voter.content()
    assert dict(
        Vote.objects.filter(invitee__user__email="priya@example.org").values_list("slot_id", "answer")
    ) == {slots[0].pk: "yes", slots[1].pk: "yes", slots[2].pk: "no"}
    assert_accessible(voter, "poll-vote")

    # 3. Gary, a guest in Los Angeles, answers through his link.
    guest = new_page(timezone_id="America/Los_Angeles")
    guest.clock.set_fixed_time(NOW)
    guest.goto(base + guest_link)
    # His first visit: the server did not know his zone yet; the page comes back once with it,
    # and the form starts at the zone the page shows.
    expect(guest.locator('[data-reload-with-zone="America/Los_Angeles"]')).to_be_visible()
    assert guest.get_by_label("Your time zone").input_value() == "America/Los_Angeles"
    assert (
        guest.locator("fieldset.slot legend")
        .first.inner_text()
        .startswith(plain_when(slots[0].start, "America/Los_Angeles"))
    )
    guest.get_by_label("Your name").fill("Gary")
    for fieldset, answer in zip(guest.locator("fieldset.slot").all(), ["maybe", "yes", "yes"], strict=True):
        fieldset.locator(f"input[value={answer}]").check()
    assert_accessible(guest, "poll-guest")
    guest.get_by_role("button", name="Save my answers").click()
    expect(guest.locator("body")).to_contain_text("Your answers are saved")
    assert Invitee.objects.get(email="gary@example.org").guest_time_zone == "America/Los_Angeles"

    # 4. The facilitator answers, reads the ranking, and picks the best slot.
    page.goto(f"{base}/polls/{poll.pk}/")
    for fieldset, answer in zip(page.locator("fieldset.slot").all(), ["yes", "yes", "no"], strict=True):
        fieldset.locator(f"input[value={answer}]").check()
    # Not answered yet: the form comes filled in with suggestions, to confirm.
    page.get_by_role("button", name="Confirm my answers").click()
    items = page.locator("ol.ranking > li").all_inner_texts()
    # A slot's line, then its strips' words, a place a line (_slot_strips.html).
    ranking = [plain(item.split("\n")[0]) for item in items]
    assert "\nLos Angeles (1 person): " in items[0]
    best = ranking[0]
    assert best == (
        f"{plain_when(slots[1].start, 'Europe/Paris')}: 3 can attend (3 yes, 0 if need be); "
        "nobody before 07:00 or after 22:00"
    )
    assert ranking[1].startswith(
        f"{plain_when(slots[0].start, 'Europe/Paris')}: 3 can attend (2 yes, 1 if need be); "
        "night for 1 who can attend: Los Angeles "
    )
    assert (
        " ".join(page.get_by_role("rowheader", name=re.compile("Gary")).inner_text().split())
        == "Gary (guest)"
    )
    assert "gary@example.org" not in page.content()
    assert_accessible(page, "poll-results")
    page.get_by_role("link", name="Choose a slot and invite").click()
    assert page.get_by_role("radio", name=re.compile(re.escape(best))).is_checked()
    page.get_by_role("textbox", name="Video link").fill("https://meet.example.org/access")
    page.get_by_label("Agenda (Markdown)").fill("1. **Chairs**\n2. Introductory session")
    assert_accessible(page, "poll-finalise")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator("body")).to_contain_text("The meeting is scheduled")
    assert_accessible(page, "meeting")

    # 5. The .ics carries the slot's UTC times.
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    path = tmp_path / "invite.ics"
    download.value.save_as(path)
    event = Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]
    assert event["dtstart"].dt == slots[1].start.astimezone(UTC)
    assert event["dtend"].dt == slots[1].start.astimezone(UTC) + timedelta(hours=1)
    assert Meeting.objects.get().start == slots[1].start
