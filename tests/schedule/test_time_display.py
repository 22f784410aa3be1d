"""Every time a person reads is in their zone, with UTC beside it unless their zone is UTC (then UTC
once): the poll's answer form, grid headers and ranking, the finalise page, the meeting page and its
row per participant, the matrix, guests' pages, emails. Slots straddle Europe's change to summer
time (28 March 2027) and a night in São Paulo that is already the next day in UTC."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications.services.outbox import outbox_send
from schedule.models import Meeting
from schedule.services import meetings, milestones, poll_mail, polls
from tests.factories import MembershipFactory, MilestoneFactory
from tests.support.mail import send_queued

NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
FRIDAY = datetime(2027, 3, 26, 12, 0, tzinfo=UTC)  # before the change: Paris is UTC+1
SATURDAY = datetime(2027, 3, 27, 2, 0, tzinfo=UTC)  # Friday 23:00 in São Paulo
MONDAY = datetime(2027, 3, 29, 12, 0, tzinfo=UTC)  # after the change: Paris is UTC+2

# What the reader sees for each slot: (local, UTC beside it or None).
SEEN = {
    "America/Sao_Paulo": {
        FRIDAY: ("Fri 26 Mar 2027, 09:00 -03", "12:00 UTC"),
        SATURDAY: ("Fri 26 Mar 2027, 23:00 -03", "Sat 27 Mar, 02:00 UTC"),
        MONDAY: ("Mon 29 Mar 2027, 09:00 -03", "12:00 UTC"),
    },
    "Asia/Kolkata": {
        FRIDAY: ("Fri 26 Mar 2027, 17:30 IST", "12:00 UTC"),
        SATURDAY: ("Sat 27 Mar 2027, 07:30 IST", "02:00 UTC"),
        MONDAY: ("Mon 29 Mar 2027, 17:30 IST", "12:00 UTC"),
    },
    "Europe/Paris": {
        FRIDAY: ("Fri 26 Mar 2027, 13:00 CET", "12:00 UTC"),
        SATURDAY: ("Sat 27 Mar 2027, 03:00 CET", "02:00 UTC"),
        MONDAY: ("Mon 29 Mar 2027, 14:00 CEST", "12:00 UTC"),
    },
    "UTC": {
        FRIDAY: ("Fri 26 Mar 2027, 12:00 UTC", None),
        SATURDAY: ("Sat 27 Mar 2027, 02:00 UTC", None),
        MONDAY: ("Mon 29 Mar 2027, 12:00 UTC", None),
    },
}
# The meeting on Monday, 12:00-13:00 UTC, in each zone.
MEETING = {
    "America/Sao_Paulo": ("Mon 29 Mar 2027, 09:00–10:00 -03", "12:00–13:00 UTC"),
    "Asia/Kolkata": ("Mon 29 Mar 2027, 17:30–18:30 IST", "12:00–13:00 UTC"),
    "Europe/Paris": ("Mon 29 Mar 2027, 14:00–15:00 CEST", "12:00–13:00 UTC"),
    "UTC": ("Mon 29 Mar 2027, 12:00–13:00 UTC", None),
}
ZONES = list(SEEN)
GUEST = "guest@example.org"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _html(moment, local, utc):
    stamp = f'<time datetime="{moment:%Y-%m-%dT%H:%M:%S}Z">{local}</time>'
    return stamp + (f' <span class="utc">({utc})</span>' if utc else "")


def _text(local, utc):
    return f"{local} ({utc})" if utc else local


def _assert_utc_once(page):
    """A UTC reader never gets UTC twice ("06:00 UTC (06:00 UTC)")."""
    assert 'class="utc"' not in page and not re.search(r"UTC \(\d\d:\d\d", page)


@pytest.fixture
def poll(team, facilitator):
    MembershipFactory(team=team, user__time_zone="Asia/Kolkata", user__display_name="Priya")
    MembershipFactory(team=team, user__time_zone="UTC", user__display_name="Ulla")
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        slots=[FRIDAY, SATURDAY, MONDAY],
        deadline=NOW + timedelta(days=2),
        guests=[GUEST],
    )
    for invitee in poll.invitees.filter(user__isnull=False):
        polls.vote_submit(invitee=invitee, answers={s.pk: "yes" for s in poll.slots.all()})
    return poll


@pytest.mark.parametrize("zone", ZONES)
def test_poll_page_answer_form_grid_and_ranking_in_the_readers_zone(client, poll, facilitator, zone):
    facilitator.time_zone = zone
    facilitator.save()
    polls.vote_submit(
        invitee=poll.invitees.get(user=facilitator),
        answers={s.pk: "no" if s.start == SATURDAY else "yes" for s in poll.slots.all()},
    )
    poll.deadline = NOW + timedelta(days=2)
    client.force_login(facilitator)
    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()

    legends = re.findall(r"<legend>(.*?)</legend>", page, re.S)
    for legend, moment in zip(legends, [FRIDAY, SATURDAY, MONDAY], strict=True):
        assert legend.startswith(_html(moment, *SEEN[zone][moment]))
    # Grid headers: compact (no year), UTC on its own line.
    headers = re.findall(r'<th scope="col">(<time.*?)</th>', page, re.S)
    for header, moment in zip(headers, [FRIDAY, SATURDAY, MONDAY], strict=True):
        local, utc = SEEN[zone][moment]
        compact = local.replace(" 2027,", ",")
        stamp = f'<time datetime="{moment:%Y-%m-%dT%H:%M:%S}Z">{compact}</time>'
        assert header == (stamp + f'<br><span class="utc">{utc}</span>' if utc else stamp)
    ranking = [
        " ".join(re.sub(r"<[^>]+>", "", item).split())
        for item in re.findall(
            r"<li>(.*?)</li>",
            # Each slot's strips (their own list, in the places' zones) aside: the slot's own line.
            re.sub(
                r'<ul class="strips">.*?</ul>', "", page.split('<ol class="ranking">')[1].split("</ol>")[0]
            ),
            re.S,
        )
    ]
    assert ranking[0].startswith(_text(*SEEN[zone][FRIDAY]) + ": 3 can attend (3 yes, 0 if need be)")
    assert ranking[1].startswith(_text(*SEEN[zone][MONDAY]) + ": 3 can attend (3 yes, 0 if need be)")
    if zone == "UTC":
        _assert_utc_once(page)


@pytest.mark.parametrize("zone", ZONES)
def test_finalise_page_names_each_slot_in_the_readers_zone(client, poll, facilitator, zone):
    facilitator.time_zone = zone
    facilitator.save()
    client.force_login(facilitator)
    page = client.get(reverse("schedule:poll_finalise", args=[poll.pk])).content.decode()
    for moment in (FRIDAY, SATURDAY, MONDAY):
        assert _text(*SEEN[zone][moment]) + ": " in page
    if zone == "UTC":
        _assert_utc_once(page)


@pytest.mark.parametrize("zone", ZONES)
def test_meeting_page_and_each_participants_row(client, poll, facilitator, zone):
    facilitator.time_zone = zone
    facilitator.save()
    monday = poll.slots.get(start=MONDAY)
    meeting = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=monday)
    meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
    client.force_login(facilitator)
    page = client.get(reverse("schedule:meeting", args=[meeting.pk])).content.decode()

    assert f"<p><strong>{_html(MONDAY, *MEETING[zone])}</strong>" in page
    # The zones table (the first on the page; the facilitator's table of answers comes later).
    zones_table = page.split("<table>", 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r"<tr><td>([\w/]+)</td><td>(.*?)</td>", zones_table, re.S))
    assert set(rows) == {"Asia/Kolkata", "UTC", zone}
    for row_zone, cell in rows.items():
        assert cell.startswith(_html(MONDAY, *MEETING[row_zone]))
    assert 'class="utc"' not in rows["UTC"]


@pytest.mark.parametrize("zone", ZONES)
def test_emails_show_the_recipients_zone(poll, facilitator, zone):
    facilitator.time_zone = zone
    facilitator.save()
    mail.outbox.clear()
    scheduled = meetings.meeting_create_from_slot(
        actor=facilitator, poll=poll, slot=poll.slots.get(start=MONDAY)
    )
    meetings.meeting_notices_send(scheduled.pk)  # what the worker does after the commit
    send_queued()
    (invitation,) = [m for m in mail.outbox if m.to == [facilitator.email]]
    assert _text(*MEETING[zone]) in invitation.body
    (html,) = [content for content, mimetype in invitation.alternatives if mimetype == "text/html"]
    assert _text(*MEETING[zone]) in html
    if zone == "UTC":
        assert "UTC (" not in invitation.body and "UTC (" not in html


@pytest.mark.parametrize("zone", ZONES)
def test_the_poll_summary_ranks_slots_in_the_recipients_zone(team, poll, facilitator, zone):
    facilitator.time_zone = zone
    facilitator.save()
    mail.outbox.clear()
    with time_machine.travel(poll.deadline + timedelta(minutes=1), tick=False):
        outbox_send(poll_mail.poll_chores())
    (summary,) = [m for m in mail.outbox if m.to == [facilitator.email]]
    assert f"1. {_text(*SEEN[zone][FRIDAY])}: " in summary.body


@pytest.mark.parametrize("zone", ZONES)
def test_matrix_headers_in_the_readers_zone_with_utc(client, team, secretariat, zone):
    secretariat.time_zone = zone
    secretariat.save()
    MilestoneFactory(
        cycle=team.cycle,
        title="Proposals",
        kind="deadline",
        requires_deliverable=True,
        status="published",
        due_at=MONDAY,
    )
    client.force_login(secretariat)
    page = client.get(reverse("schedule:matrix")).content.decode()
    local, utc = SEEN[zone][MONDAY]
    stamp = f'<time datetime="2027-03-29T12:00:00Z">{local.replace(" 2027,", ",")}</time>'
    assert (stamp + f'<br><span class="utc">{utc}</span>' if utc else stamp) in page


# --- guests -----------------------------------------------------------------------------------


def _guest(poll):
    return poll.invitees.get(user__isnull=True)


def _selected_zone(page):
    """The one zone the guest form's select starts at."""
    select = re.search(r'<select name="time_zone".*?</select>', page, re.S).group(0)
    (zone,) = re.findall(r'<option value="([^"]+)" selected>', select)
    return zone


@pytest.mark.parametrize(
    "cookie, stored, shown",
    [
        ("America/Sao_Paulo", "", "America/Sao_Paulo"),  # the browser's zone, told by static/js/timezone.js
        ("Asia/Calcutta", "", "Asia/Kolkata"),  # Chromium's old spelling
        (None, "", "UTC"),  # nothing known yet
        ("America/Sao_Paulo", "Asia/Kolkata", "Asia/Kolkata"),  # the zone the guest chose wins
    ],
)
def test_a_guests_poll_page_and_form_agree_on_the_zone(client, poll, cookie, stored, shown):
    guest = _guest(poll)
    if stored:
        polls.vote_submit(
            invitee=guest, answers={s.pk: "yes" for s in poll.slots.all()}, guest_time_zone=stored
        )
    if cookie:
        client.cookies["tz"] = cookie
    page = client.get(reverse("schedule:poll_guest", args=[guest.token])).content.decode()

    assert f"Times are shown in {shown}." in page
    assert _selected_zone(page) == shown
    for legend, moment in zip(
        re.findall(r"<legend>(.*?)</legend>", page, re.S), [FRIDAY, SATURDAY, MONDAY], strict=True
    ):
        assert legend.startswith(_html(moment, *SEEN[shown][moment]))
    # A first visit the server had to show in UTC asks the browser to come back with its zone.
    assert ('data-reload-with-zone="' in page) == (not stored)
    if shown == "UTC":
        _assert_utc_once(page)


def test_a_guest_answering_keeps_the_zone_the_page_showed(client, poll):
    guest = _guest(poll)
    client.cookies["tz"] = "America/Sao_Paulo"
    url = reverse("schedule:poll_guest", args=[guest.token])
    page = client.get(url).content.decode()
    zone = _selected_zone(page)
    answers = {f"slot_{s.pk}": "yes" for s in poll.slots.all()}
    assert client.post(url, {"name": "Gary", "time_zone": zone, **answers}).status_code == 302
    guest.refresh_from_db()
    assert guest.guest_time_zone == "America/Sao_Paulo"


@pytest.mark.parametrize(
    "cookie, stored, shown",
    [
        (None, "Asia/Kolkata", "Asia/Kolkata"),
        ("America/Sao_Paulo", "", "America/Sao_Paulo"),
        (None, "", "UTC"),
    ],
)
def test_a_guests_meeting_page_in_their_zone(client, poll, facilitator, cookie, stored, shown):
    guest = _guest(poll)
    polls.vote_submit(invitee=guest, answers={s.pk: "yes" for s in poll.slots.all()}, guest_time_zone=stored)
    scheduled = meetings.meeting_create_from_slot(
        actor=facilitator, poll=poll, slot=poll.slots.get(start=MONDAY)
    )
    meetings.meeting_notices_send(scheduled.pk)  # what the worker does after the commit
    assert Meeting.objects.get().attendees.get(email=GUEST).time_zone == stored
    if cookie:
        client.cookies["tz"] = cookie
    page = client.get(reverse("schedule:meeting_guest", args=[guest.token])).content.decode()
    assert f"<strong>{_html(MONDAY, *MEETING[shown])}</strong>" in page
    assert f"Times are shown in {shown}." in page
    if shown == "UTC":
        _assert_utc_once(page)


@pytest.mark.parametrize("zone", ["Europe/Paris", "UTC"])
def test_the_audit_log_shows_a_moved_date_in_the_readers_zone(client, team, secretariat, zone):

    secretariat.time_zone = zone
    secretariat.save()
    milestone = milestones.milestone_create(
        actor=secretariat,
        cycle=team.cycle,
        teams=[],
        title="Report",
        kind="deadline",
        due_at=FRIDAY,
        status="published",
    )
    milestones.milestone_update(actor=secretariat, milestone=milestone, teams=[], due_at=MONDAY)
    client.force_login(secretariat)
    page = client.get(reverse("audit_log")).content.decode()
    assert f"from: {_html(FRIDAY, *SEEN[zone][FRIDAY])}" in page  # PostgreSQL's jsonb keeps its own key order
    assert f"to: {_html(MONDAY, *SEEN[zone][MONDAY])}" in page
    assert "+00:00" not in page
