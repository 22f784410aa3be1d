"""The released programme's files: each read back by the parsers others use (the .ics by icalendar
and by vobject, the JSON against docs/programme-json.md, the CSV by the csv module)."""

import csv
import io
import json

import pytest
import vobject
from django.urls import reverse
from icalendar import Calendar

from programme.enums import SessionStatus
from programme.models import ProgrammeSelection
from proposals.models import SessionKind
from schedule.services.feeds import calendar_feed_get, calendar_feed_reset
from tests.factories import IssueAreaFactory, PolicyQuestionFactory
from tests.programme.public_helpers import programme_session, release, with_speakers

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(cycle, team, facilitator, django_capture_on_commit_callbacks):
    """Three sessions released (one of them cancelled by the next release), one left in the draft."""
    with django_capture_on_commit_callbacks(execute=True):
        other_area = IssueAreaFactory(name="Inclusion", slug="inclusion")
        question = PolicyQuestionFactory(area=team.area, text="What norms increase trust?")
        kinds = list(SessionKind.objects.order_by("position", "pk")[:2])
        youth = with_speakers(
            programme_session(cycle, areas=[team.area], questions=[question], kind=kinds[0]),
            team=team,
            facilitator=facilitator,
        )
        nri = programme_session(
            cycle, title="NRIs together", convener="nri", days=4, areas=[other_area], kind=kinds[1]
        )
        gone = programme_session(cycle, title='=HYPERLINK("x")', convener="mag", days=5, areas=[team.area])
        programme_session(cycle, title="Draft only", status=SessionStatus.UNPLACED, starts_at=None, days=0)
        release(cycle)
        gone.status, gone.sequence = SessionStatus.CANCELLED, gone.sequence + 1
        gone.save()
        release(cycle)
    return {
        "youth": youth,
        "nri": nri,
        "gone": gone,
        "area": team.area,
        "other_area": other_area,
        "kinds": kinds,
    }


def _events(body: bytes) -> dict:
    """{summary: event} by icalendar, after vobject too read every event of it."""
    parsed = vobject.readOne(body.decode())
    vevents = list(getattr(parsed, "vevent_list", []))
    calendar = Calendar.from_ical(body)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert sorted(str(v.summary.value) for v in vevents) == sorted(events)
    assert {str(v.uid.value) for v in vevents} == {str(e["uid"]) for e in events.values()}
    return events


def test_the_whole_programme_ics_holds_the_released_sessions_with_the_cancelled_one_marked(
    client, now, released
):
    response = client.get(reverse("programme:ics"))
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    assert set(events) == {"Youth and the Internet", "NRIs together", '=HYPERLINK("x")'}
    gone = events['=HYPERLINK("x")']
    assert gone["status"] == "CANCELLED"
    assert gone["sequence"] == released["gone"].sequence == 1
    assert b"@example.net" not in response.content  # no speaker's address


def test_the_ics_per_kind_and_per_issue_area(client, now, released):
    by_kind = client.get(reverse("programme:ics") + f"?kind={released['kinds'][1].slug}")
    assert set(_events(by_kind.content)) == {"NRIs together"}
    by_area = client.get(reverse("programme:ics") + "?area=inclusion")
    assert set(_events(by_area.content)) == {"NRIs together"}
    assert client.get(reverse("programme:ics") + "?area=nowhere").status_code == 404


def test_the_ics_answers_not_modified_to_its_etag(client, now, released):
    first = client.get(reverse("programme:ics"))
    again = client.get(reverse("programme:ics"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert first["Last-Modified"]


def test_nothing_is_exported_before_the_first_release(client, now, cycle):
    programme_session(cycle)
    assert client.get(reverse("programme:ics")).status_code == 404
    data = json.loads(client.get(reverse("programme:json")).content)
    assert data["published"] is False and data["sessions"] == [] and data["release"] is None


def test_a_sessions_ics_downloads(client, now, released):
    response = client.get(reverse("programme:session_ics", args=[released["youth"].pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment")
    assert set(_events(response.content)) == {"Youth and the Internet"}


SESSION_KEYS = {
    "id", "uid", "sequence", "title", "description", "status", "starts_at", "ends_at", "minutes",
    "convener", "kind", "issue_areas", "policy_questions", "modality", "join_url", "venue",
    "speakers", "url", "ics",
}  # fmt: skip


def test_the_json_has_the_documented_shape_and_only_public_facts(client, now, released):
    response = client.get(reverse("programme:json"))
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert set(data) == {"format", "language", "year", "published", "release", "conveners", "sessions"}
    assert data["format"] == "igfmag.programme/1"
    assert data["published"] is True and data["release"]["number"] == 2
    assert {c["id"] for c in data["conveners"]} >= {"mag", "youth", "nri"}
    assert all(set(c) == {"id", "name", "short", "colour"} for c in data["conveners"])
    by_title = {s["title"]: s for s in data["sessions"]}
    assert set(by_title) == {"Youth and the Internet", "NRIs together", '=HYPERLINK("x")'}
    assert all(set(s) == SESSION_KEYS for s in data["sessions"])
    youth = by_title["Youth and the Internet"]
    assert youth["speakers"] == [{"name": "Confirmed Chair", "role": "chair"}]
    assert youth["policy_questions"] == ["What norms increase trust?"]
    assert youth["starts_at"].endswith("Z") and youth["convener"] == "youth"
    assert [a["slug"] for a in youth["issue_areas"]] == [released["area"].slug]
    assert by_title['=HYPERLINK("x")']["status"] == "cancelled"
    assert "example.net" not in response.content.decode()


def test_the_csv_holds_the_whole_draft_with_cells_made_safe(client, now, released, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("programme:csv"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_title = {row["title"]: row for row in rows}
    assert set(by_title) == {"Youth and the Internet", "NRIs together", '\'=HYPERLINK("x")', "Draft only"}
    assert by_title["Draft only"]["starts (UTC)"] == ""
    youth = by_title["Youth and the Internet"]
    assert youth["confirmed speakers"] == "Confirmed Chair (Chair)"
    assert youth["starts (UTC)"] == released["youth"].starts_at.strftime("%Y-%m-%d %H:%M")
    assert youth["convened by"] == "Youth"


def test_the_personal_feed_holds_only_its_owners_choices(client, now, released, mag, community):
    ProgrammeSelection.objects.create(user=mag, session=released["youth"])
    ProgrammeSelection.objects.create(user=mag, session=released["gone"])
    ProgrammeSelection.objects.create(user=community, session=released["nri"])
    feed = calendar_feed_get(user=mag)
    response = client.get(reverse("programme:feed", args=[feed.token]))
    assert response["Cache-Control"].startswith("private") or "private" in response["Cache-Control"]
    events = _events(response.content)
    assert set(events) == {"Youth and the Internet", '=HYPERLINK("x")'}
    assert events['=HYPERLINK("x")']["status"] == "CANCELLED"
    old = feed.token
    calendar_feed_reset(user=mag)
    assert client.get(reverse("programme:feed", args=[old])).status_code == 404
    assert client.get(reverse("programme:feed", args=["unknown"])).status_code == 404
