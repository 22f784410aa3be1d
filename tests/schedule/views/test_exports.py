"""The secretariat's exports: a group's attendance and action items as CSV files, and every group's
of a cycle; who may download each, what each says, and what none of them says (an address, a
formula)."""

import csv
import io
from datetime import UTC, timedelta

import pytest
from django.urls import reverse

from schedule.enums import ActionItemStatus, MeetingResponse, MeetingStatus
from schedule.models import Meeting
from schedule.services import records
from teams.enums import Capacity, GroupKind, QuorumKind
from tests.factories import MembershipFactory, UserFactory


def _iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rows(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def _team_url(name, team):
    return reverse(f"schedule:{name}", kwargs={"year": team.cycle.year, "slug": team.slug})


def _year_url(name, cycle):
    return reverse(f"schedule:{name}", kwargs={"year": cycle.year})


@pytest.fixture
def member(team):
    return MembershipFactory(
        team=team, capacity=Capacity.OTHER, user__email="amina@example.org", user__display_name="Amina"
    ).user


@pytest.fixture
def world(team, other_team, facilitator, member, secretariat, now):
    """A held meeting with answers, notes and attendance under a quorum of two MAG members; a
    cancelled one; decisions and action items for a member and for the secretariat; and another
    group's meeting with its own action item."""
    team.quorum_kind, team.quorum_value = QuorumKind.COUNT, 2
    team.save()
    mag_one = MembershipFactory(
        team=team, capacity=Capacity.MAG, user__email="bo@example.org", user__display_name="Bo"
    ).user
    mag_two = MembershipFactory(
        team=team, capacity=Capacity.MAG, user__email="chen@example.org", user__display_name="Chen"
    ).user
    held = Meeting.objects.create(
        team=team,
        title='=HYPERLINK("http://evil")',
        organizer=facilitator,
        start=now - timedelta(days=2),
        end=now - timedelta(days=2) + timedelta(hours=1),
    )
    held.attendees.create(user=mag_one, response=MeetingResponse.ATTENDING, present=True)
    held.attendees.create(user=mag_two, response=MeetingResponse.ATTENDING, present=True)
    held.attendees.create(
        user=member, response=MeetingResponse.APOLOGIES, response_note="-travelling", present=False
    )
    held.attendees.create(email="guest@example.org", name="Dana Guest")
    cancelled = Meeting.objects.create(
        team=team,
        title="Called off",
        organizer=facilitator,
        start=now - timedelta(days=1),
        end=now - timedelta(days=1) + timedelta(hours=1),
        status=MeetingStatus.CANCELLED,
    )
    cancelled.attendees.create(user=member)
    records.decision_add(actor=facilitator, meeting=held, text="Adopt the plan", decided_by="the MAG")
    records.action_item_add(
        actor=facilitator,
        meeting=held,
        text="@SUM(1) circulate the notes",
        owner_id=member.pk,
        due_at=now + timedelta(days=3),
    )
    records.action_item_add(
        actor=facilitator,
        meeting=held,
        text="Book the room",
        owner_is_secretariat=True,
        due_at=now + timedelta(days=5),
        entered_time_zone="Asia/Tokyo",
    )
    elsewhere = Meeting.objects.create(
        team=other_team,
        title="Other group's call",
        organizer=facilitator,
        start=now - timedelta(days=3),
        end=now - timedelta(days=3) + timedelta(hours=1),
    )
    other_member = MembershipFactory(
        team=other_team, user__email="eve@example.org", user__display_name="Eve"
    ).user
    elsewhere.attendees.create(user=other_member, response=MeetingResponse.NOT_ATTENDING)
    records.action_item_add(
        actor=facilitator,
        meeting=elsewhere,
        text="Elsewhere's task",
        owner_id=other_member.pk,
        due_at=now + timedelta(days=4),
    )
    return {"held": held, "now": now}


def test_a_groups_attendance_lists_each_invitee_with_the_answer_presence_and_quorum(
    client, team, facilitator, world
):
    client.force_login(facilitator)
    response = client.get(_team_url("team_attendance_csv", team))
    rows = _rows(response)
    assert response["Content-Disposition"] == (
        f'attachment; filename="igfmag-{team.cycle.year}-{team.slug}-attendance.csv"'
    )
    assert rows[0][:4] == ["meeting_start_utc", "meeting", "name", "capacity"]
    start, title = _iso(world["held"].start), '\'=HYPERLINK("http://evil")'
    # The cancelled meeting and the other group's are not in it; the title cannot run as a formula.
    assert [row[:2] for row in rows[1:]] == [[start, title]] * 4
    assert [row[2:] for row in rows[1:]] == [
        ["Bo", "MAG member", "Attending", "", "Yes", "2", "2", "Reached"],
        ["Chen", "MAG member", "Attending", "", "Yes", "2", "2", "Reached"],
        ["Amina", "Other", "Apologies", "'-travelling", "No", "2", "2", "Reached"],
        ["Dana Guest", "Guest", "No answer yet", "", "Not marked", "2", "2", "Reached"],
    ]


def test_a_meeting_without_attendance_marked_or_a_group_without_a_rule_says_so(
    client, team, facilitator, member, now
):
    meeting = Meeting.objects.create(
        team=team,
        title="Next",
        organizer=facilitator,
        start=now + timedelta(days=1),
        end=now + timedelta(days=1, hours=1),
    )
    meeting.attendees.create(user=member, response=MeetingResponse.ATTENDING)
    client.force_login(facilitator)
    assert _rows(client.get(_team_url("team_attendance_csv", team)))[1][-3:] == ["", "", "No quorum rule"]
    team.quorum_kind, team.quorum_value = QuorumKind.SHARE, 50
    team.save()
    assert _rows(client.get(_team_url("team_attendance_csv", team)))[1][-3:] == [
        "1",
        "",
        "Attendance not marked",
    ]


def test_a_groups_action_items_name_the_owner_and_the_due_moment_in_utc_and_as_entered(
    client, team, member, world
):
    client.force_login(member)  # a member reads the record on the meeting page: the file too
    response = client.get(_team_url("team_action_items_csv", team))
    rows = _rows(response)
    assert response["Content-Disposition"] == (
        f'attachment; filename="igfmag-{team.cycle.year}-{team.slug}-action-items.csv"'
    )
    now, start = world["now"], _iso(world["held"].start)
    title = '\'=HYPERLINK("http://evil")'
    tokyo = (
        (now + timedelta(days=5)).astimezone(UTC).astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    )
    assert rows[1:] == [
        [start, title, "'@SUM(1) circulate the notes", "Amina", _iso(now + timedelta(days=3)),
         (now + timedelta(days=3)).astimezone(UTC).isoformat(timespec="minutes"), "UTC", "Open"],
        [start, title, "Book the room", "The secretariat", _iso(now + timedelta(days=5)),
         tokyo.isoformat(timespec="minutes"), "Asia/Tokyo", "Open"],
    ]  # fmt: skip
    assert "@" not in response.content.decode().replace("'@SUM", "")


def test_a_closed_action_item_says_so(client, team, facilitator, member, world):
    item = world["held"].action_items.get(owner=member)
    records.action_item_status_set(actor=member, item=item, status=ActionItemStatus.DONE)
    client.force_login(facilitator)
    assert _rows(client.get(_team_url("team_action_items_csv", team)))[1][-1] == "Done"


def test_the_yearly_files_hold_every_group_of_the_cycle_with_its_name_and_kind(
    client, team, other_team, secretariat, world
):
    client.force_login(secretariat)
    response = client.get(_year_url("year_attendance_csv", team.cycle))
    rows = _rows(response)
    assert (
        response["Content-Disposition"] == f'attachment; filename="igfmag-{team.cycle.year}-attendance.csv"'
    )
    assert rows[0][:5] == ["meeting_start_utc", "meeting", "group", "kind_of_group", "name"]
    # Oldest meeting first: the other group's call, then the held one's four invitees.
    assert [row[2:5] for row in rows[1:]] == [
        [str(other_team.name), "Issue team", "Eve"],
        *[
            [str(team.name), GroupKind(team.kind).label, name]
            for name in ("Bo", "Chen", "Amina", "Dana Guest")
        ],
    ]
    assert rows[1][-1] == "No quorum rule"
    response = client.get(_year_url("year_action_items_csv", team.cycle))
    rows = _rows(response)
    assert (
        response["Content-Disposition"] == f'attachment; filename="igfmag-{team.cycle.year}-action-items.csv"'
    )
    assert [(row[2], row[4]) for row in rows[1:]] == [
        (str(other_team.name), "Elsewhere's task"),
        (str(team.name), "'@SUM(1) circulate the notes"),
        (str(team.name), "Book the room"),
    ]


def test_no_file_holds_anyones_address(client, team, secretariat, world):
    client.force_login(secretariat)
    urls = [
        _team_url("team_attendance_csv", team),
        _team_url("team_action_items_csv", team),
        _year_url("year_attendance_csv", team.cycle),
        _year_url("year_action_items_csv", team.cycle),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert "example.org" not in body, url
        assert "@" not in body.replace("'@SUM", ""), url


def test_a_person_without_a_display_name_is_named_without_their_address(client, team, facilitator, now):
    person = UserFactory(email="nameless@example.org", display_name="")
    MembershipFactory(team=team, user=person)
    meeting = Meeting.objects.create(
        team=team,
        title="Call",
        organizer=facilitator,
        start=now - timedelta(days=1),
        end=now - timedelta(hours=23),
    )
    meeting.attendees.create(user=person)
    client.force_login(facilitator)
    body = client.get(_team_url("team_attendance_csv", team)).content.decode()
    assert "nameless" in body and "@" not in body and "example.org" not in body


@pytest.mark.parametrize(
    "who, attendance, action_items",
    [
        ("secretariat", 200, 200),
        ("facilitator", 200, 200),
        ("member", 403, 200),
        ("other_facilitator", 403, 403),
        ("community", 403, 403),
    ],
)
def test_who_may_download_a_groups_files(client, request, team, world, who, attendance, action_items):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_team_url("team_attendance_csv", team)).status_code == attendance
    assert client.get(_team_url("team_action_items_csv", team)).status_code == action_items
    for name in ("year_attendance_csv", "year_action_items_csv"):
        assert client.get(_year_url(name, team.cycle)).status_code == (200 if who == "secretariat" else 403)


def test_a_visitor_is_sent_to_sign_in(client, team, world):
    for url in (
        _team_url("team_attendance_csv", team),
        _team_url("team_action_items_csv", team),
        _year_url("year_attendance_csv", team.cycle),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_an_unknown_year_or_group_is_not_found(client, team, secretariat, world):
    client.force_login(secretariat)
    assert client.get(reverse("schedule:year_attendance_csv", kwargs={"year": 1999})).status_code == 404
    url = reverse("schedule:team_action_items_csv", kwargs={"year": team.cycle.year, "slug": "nope"})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "who, links",
    [
        ("facilitator", {"attendance.csv", "action-items.csv"}),
        ("secretariat", {"attendance.csv", "action-items.csv"}),
        ("member", {"action-items.csv"}),
        ("community", set()),
    ],
)
def test_the_group_page_links_the_files_its_reader_may_download(client, request, team, world, who, links):
    client.force_login(request.getfixturevalue(who))
    html = client.get(team.get_absolute_url()).content.decode()
    for name in ("attendance.csv", "action-items.csv"):
        assert (f"/{team.slug}/{name}" in html) == (name in links), name


def test_the_secretariats_dashboard_links_the_current_cycles_files(client, team, secretariat, facilitator):
    client.force_login(secretariat)
    html = client.get(reverse("dashboard")).content.decode()
    assert _year_url("year_attendance_csv", team.cycle) in html
    assert _year_url("year_action_items_csv", team.cycle) in html
    client.force_login(facilitator)
    assert (
        _year_url("year_attendance_csv", team.cycle) not in client.get(reverse("dashboard")).content.decode()
    )


def test_the_group_pages_cached_calls_keep_each_readers_links(client, team, facilitator, member, world):
    """The calls panel is cached for the group: a facilitator's links do not reach a member's page."""
    client.force_login(facilitator)
    assert "/attendance.csv" in client.get(team.get_absolute_url()).content.decode()
    client.force_login(member)
    html = client.get(team.get_absolute_url()).content.decode()
    assert "/attendance.csv" not in html and "/action-items.csv" in html
