"""The release pages as people use them: the secretariat previews the changes in words, releases,
records the MAG's approval; anyone reads the versions, the meeting linked only for who may read
its record."""

from datetime import timedelta

import pytest
from django.urls import reverse

from programme.models import ProgrammeRelease
from schedule.models import Decision, Meeting
from tests.programme.release_helpers import a_programme, session_pages  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(now, team, facilitator):
    return a_programme(team, facilitator, now=now)


def test_the_secretariat_previews_the_changes_then_releases_version_1(client, secretariat, programme):
    client.force_login(secretariat)
    page = client.get(reverse("programme:releases")).content.decode()
    assert "Added: “Youth session” on" in page and "Release version 1" in page
    response = client.post(reverse("programme:releases"), {"number": "1", "note": "For the MAG"})
    assert response.status_code == 302 and response["Location"] == reverse("programme:version", args=[1])
    # The same form sent again (a second click) releases nothing.
    again = client.post(reverse("programme:releases"), {"number": "1", "note": ""})
    assert again.status_code == 200 and "released already" in again.content.decode()
    assert ProgrammeRelease.objects.count() == 1


def test_with_nothing_changed_there_is_no_button_to_release(
    client, secretariat, programme, django_capture_on_commit_callbacks
):
    youth = programme[0]
    client.force_login(secretariat)
    client.post(reverse("programme:releases"), {"number": "1"})
    page = client.get(reverse("programme:releases")).content.decode()
    assert "Nothing changed since the last version." in page and "Release version 2" not in page
    youth.starts_at += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):  # the save's new version, as on commit
        youth.save()
    assert "Release version 2" in client.get(reverse("programme:releases")).content.decode()


def test_a_moved_session_is_previewed_in_the_readers_zone_with_utc(client, secretariat, programme):
    youth = programme[0]
    client.force_login(secretariat)
    client.post(reverse("programme:releases"), {"number": "1"})
    youth.starts_at += timedelta(days=1, hours=2)
    youth.save()
    secretariat.time_zone = "Asia/Tokyo"
    secretariat.save()
    page = client.get(reverse("programme:releases")).content.decode()
    assert "Moved: “Youth session” from " in page and "22:00 JST (13:00 UTC)" in page


def test_anyone_reads_a_version_by_day_and_the_list_of_versions(client, secretariat, programme):
    client.force_login(secretariat)
    client.post(reverse("programme:releases"), {"number": "1"})
    client.logout()
    listing = client.get(reverse("programme:versions")).content.decode()
    assert "Version 1" in listing and "Not yet" in listing
    page = client.get(reverse("programme:version", args=[1])).content.decode()
    assert "Youth session" in page and "MAG chair" in page and "Ana Speaker" in page
    assert "Convened by: Dynamic Coalitions" in page and "Not approved by the MAG yet." in page
    assert "@example.org" not in page
    assert client.get(reverse("programme:version", args=[9])).status_code == 404


def test_the_secretariat_marks_a_version_approved_and_the_version_says_so(
    client, secretariat, programme, team, now, django_capture_on_commit_callbacks
):
    meeting = Meeting.objects.create(
        team=team,
        title="MAG call",
        organizer=secretariat,
        start=now - timedelta(hours=3),
        end=now - timedelta(hours=2),
    )
    decision = Decision.objects.create(meeting=meeting, text="The schedule is approved.", decided_by="MAG")
    client.force_login(secretariat)
    client.post(reverse("programme:releases"), {"number": "1"})
    form = client.get(reverse("programme:release_approve", args=[1])).content.decode()
    assert "The schedule is approved." in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programme:release_approve", args=[1]),
            {"approved_on": now.date().isoformat(), "meeting": "", "decision": str(decision.pk)},
        )
    assert response.status_code == 302
    page = client.get(reverse("programme:version", args=[1])).content.decode()
    assert "Approved by the MAG on" in page
    assert reverse("schedule:meeting", args=[meeting.pk]) in page, "the secretariat may read the record"
    client.logout()
    public = client.get(reverse("programme:version", args=[1])).content.decode()
    assert "Approved by the MAG on" in public and "MAG call" in public
    assert reverse("schedule:meeting", args=[meeting.pk]) not in public, "a visitor may not"


def test_an_approval_date_in_the_future_is_refused_with_a_message(client, secretariat, programme, now):
    client.force_login(secretariat)
    client.post(reverse("programme:releases"), {"number": "1"})
    response = client.post(
        reverse("programme:release_approve", args=[1]),
        {"approved_on": (now.date() + timedelta(days=2)).isoformat()},
    )
    assert response.status_code == 200 and "between the day it was released" in response.content.decode()
    assert ProgrammeRelease.objects.get().approved_on is None
