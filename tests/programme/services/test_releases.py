"""Releasing the programme: numbers, the snapshot, the changelog in words with before and after,
one notice to each person a change touches (in their language and zone, with the sessions'
updated .ics) and nothing twice; the MAG's approval and its bounds."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from icalendar import Calendar

from accounts.models import AuditEvent
from common.timezones import plain_when
from notifications.models import NotificationLedger
from programme.enums import SessionStatus
from programme.ical import session_uid
from programme.models import ProgrammeRelease
from programme.services import releases
from schedule.models import Decision, Meeting
from tests.programme.release_helpers import a_programme, placed_session, session_pages  # noqa: F401
from tests.support.mail import newly_sent, send_queued

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(now, team, facilitator):
    return a_programme(team, facilitator, now=now)


def release(secretariat, cycle, note=""):
    number = releases.changelog_preview(cycle)[0]
    return releases.programme_release(actor=secretariat, cycle=cycle, number=number, note=note)


def move(session, starts_at):
    session.starts_at = starts_at
    session.sequence += 1
    session.save()


def test_the_first_release_is_version_1_with_every_placed_session_and_sends_nothing(
    programme, secretariat, cycle
):
    youth, dialogue, _chooser = programme
    first = release(secretariat, cycle, note="For the MAG")
    assert first.number == 1 and first.note == "For the MAG"
    rows = {row["title"]: row for row in first.snapshot}
    assert set(rows) == {"Youth session", "MAG chair's dialogue"}
    youth_row = rows["Youth session"]
    assert youth_row["uid"] == str(youth.uid)
    assert youth_row["starts_at"] == youth.starts_at.isoformat().replace("+00:00", "+00:00")
    assert youth_row["starts_at"].endswith("+00:00")
    assert {(s["name"], s["role"]) for s in youth_row["speakers"]} == {
        ("Ana Speaker", "speaker"),
        ("Bea Speaker", "speaker"),
    }
    assert "@" not in str(first.snapshot), "no address in a snapshot"
    assert [c["kind"] for c in first.changelog] == ["added", "added"]
    assert not NotificationLedger.objects.filter(key__startswith="programme-release:").exists()
    assert AuditEvent.objects.filter(action=releases.AUDIT_RELEASED, actor=secretariat).count() == 1


def test_versions_count_up_and_a_stale_or_empty_release_is_refused(programme, secretariat, cycle, now):
    youth, _dialogue, _chooser = programme
    release(secretariat, cycle)
    with pytest.raises(ValidationError, match="Nothing changed"):
        release(secretariat, cycle)
    move(youth, youth.starts_at + timedelta(hours=2))
    second = release(secretariat, cycle)
    assert second.number == 2
    # A second click on the page that offered version 2: nothing released, nothing sent again.
    move(youth, youth.starts_at + timedelta(hours=1))
    with pytest.raises(ValidationError, match="released already"):
        releases.programme_release(actor=secretariat, cycle=cycle, number=2)
    assert ProgrammeRelease.objects.filter(cycle=cycle).count() == 2


def test_the_changelog_names_each_kind_with_before_and_after(programme, secretariat, cycle, now, team):
    youth, dialogue, _chooser = programme
    first = release(secretariat, cycle)
    old_start = youth.starts_at
    move(youth, old_start + timedelta(days=1, hours=2))
    youth.title = "Youth voices"
    youth.minutes = 90
    youth.save()
    dialogue.status = SessionStatus.CANCELLED
    dialogue.save()
    training = placed_session(cycle, title="Training", starts_at=now + timedelta(days=30))
    second = release(secretariat, cycle)
    by_kind = {(c["kind"], c.get("field", "")): c for c in second.changelog}
    moved = by_kind[("moved", "")]
    assert (moved["session"], moved["before"], moved["after"]) == (
        youth.pk,
        old_start.isoformat(),
        youth.starts_at.isoformat(),
    )
    assert (by_kind[("renamed", "")]["before"], by_kind[("renamed", "")]["after"]) == (
        "Youth session",
        "Youth voices",
    )
    assert (by_kind[("changed", "minutes")]["before"], by_kind[("changed", "minutes")]["after"]) == (60, 90)
    assert by_kind[("cancelled", "")]["session"] == dialogue.pk
    assert by_kind[("added", "")]["session"] == training.pk
    assert first.number == 1
    dialogue.status = SessionStatus.PLACED
    dialogue.save()
    third = release(secretariat, cycle)
    assert [(c["kind"], c["session"]) for c in third.changelog] == [("restored", dialogue.pk)]


def test_the_changes_read_in_words_with_the_readers_zone_and_utc(programme, secretariat, cycle):
    from django.utils import timezone as dj_timezone

    from programme.templatetags.programme_releases import change_words

    youth, _dialogue, _chooser = programme
    change = {
        "kind": "moved",
        "session": youth.pk,
        "title": "Youth session",
        "before": youth.starts_at.isoformat(),
        "after": (youth.starts_at + timedelta(days=1, hours=2)).isoformat(),
    }
    with dj_timezone.override("Asia/Tokyo"):
        words = change_words(change)
    assert words.startswith("Moved: “Youth session” from ")
    assert "22:00 JST (13:00 UTC)" in words and "15:00 UTC)" in words


def test_after_a_release_each_touched_person_gets_one_notice_in_their_language_and_zone(
    programme, secretariat, cycle, facilitator, mag, django_capture_on_commit_callbacks
):
    youth, dialogue, chooser = programme
    release(secretariat, cycle)
    newly_sent()
    move(youth, youth.starts_at + timedelta(days=1, hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        second = release(secretariat, cycle)
    sent = newly_sent()
    by_address = {message.to[0]: message for message in sent}
    assert sorted(by_address) == sorted(
        [facilitator.email, "ana@example.org", "bea@example.org", "chooser@example.org"]
    )
    assert len(sent) == 4, "one notice each"
    ana, bea, cho = (
        by_address["ana@example.org"],
        by_address["bea@example.org"],
        by_address["chooser@example.org"],
    )
    # In the readers' zones and languages, as the one formatter writes them (Paris is CET or CEST
    # depending on the day the clock puts the session on).
    paris, mexico = ZoneInfo("Europe/Paris"), ZoneInfo("America/Mexico_City")
    with translation.override("fr"):
        in_french = plain_when(youth.starts_at, paris)
    with translation.override("es"):
        in_spanish = plain_when(youth.starts_at, mexico)
    assert "version 2" in cho.subject and youth.starts_at.astimezone(paris).tzname() in ana.body
    assert "JST" in cho.body
    assert "Youth session" in ana.body and "MAG chair" not in ana.body
    # Each in their language (the site's words and the dates) and zone, with UTC beside it.
    assert "Bonjour Ana Speaker" in ana.body and in_french in ana.body, ana.body
    assert "Estimado/a Bea Speaker" in bea.body and in_spanish in bea.body
    assert "22:00 JST (13:00 UTC)" in cho.body
    for message in sent:
        others = {a for a in by_address if a != message.to[0]}
        text = message.message().as_string()
        assert not [a for a in others if a in text], "no one else's address"
        assert mag.email not in text
        (attachment,) = message.attachments
        calendar = Calendar.from_ical(attachment[1] if isinstance(attachment, tuple) else attachment.content)
        assert calendar["method"] == "PUBLISH"
        (event,) = calendar.walk("VEVENT")
        assert str(event["uid"]) == session_uid(youth)
        assert int(event["sequence"]) == youth.sequence == 1
    # A retried or duplicated job sends nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert releases.release_notices_send(second) == []
    send_queued()
    assert newly_sent() == []


def test_a_cancelled_session_goes_out_as_a_calendar_cancellation(
    programme, secretariat, cycle, django_capture_on_commit_callbacks
):
    youth, _dialogue, chooser = programme
    release(secretariat, cycle)
    youth.status = SessionStatus.CANCELLED
    youth.sequence += 1
    youth.save()
    with django_capture_on_commit_callbacks(execute=True):
        release(secretariat, cycle)
    (message,) = [m for m in newly_sent() if m.to == [chooser.email]]
    (attachment,) = message.attachments
    calendar = Calendar.from_ical(attachment[1] if isinstance(attachment, tuple) else attachment.content)
    assert calendar["method"] == "CANCEL"
    assert "Cancelled: “Youth session”" in message.body


def test_a_change_that_touches_no_one_sends_nothing(programme, secretariat, cycle):
    _youth, dialogue, _chooser = programme
    release(secretariat, cycle)
    move(dialogue, dialogue.starts_at + timedelta(hours=1))
    release(secretariat, cycle)
    assert not NotificationLedger.objects.filter(key__startswith="programme-release:").exists()


@pytest.fixture
def decision(team, now, secretariat):
    meeting = Meeting.objects.create(
        team=team,
        title="MAG call",
        organizer=secretariat,
        start=now - timedelta(days=1),
        end=now - timedelta(hours=23),
    )
    return Decision.objects.create(meeting=meeting, text="The schedule is approved.", decided_by="MAG")


def test_the_mag_approval_is_recorded_with_the_meeting_of_its_decision(
    programme, secretariat, cycle, now, decision
):
    first = release(secretariat, cycle)
    today = now.date()
    approved = releases.release_approve(
        actor=secretariat, release=first, approved_on=today, decision=decision
    )
    assert (approved.approved_on, approved.approved_meeting, approved.approved_decision) == (
        today,
        decision.meeting,
        decision,
    )
    assert AuditEvent.objects.filter(action=releases.AUDIT_APPROVED).count() == 1


def test_an_approval_before_the_release_in_the_future_or_at_another_meeting_is_refused(
    programme, secretariat, cycle, now, decision, team
):
    first = release(secretariat, cycle)
    today = now.date()
    for day in (today - timedelta(days=2), today + timedelta(days=2)):
        with pytest.raises(ValidationError, match="between the day it was released"):
            releases.release_approve(actor=secretariat, release=first, approved_on=day)
    other = Meeting.objects.create(
        team=team,
        title="Other call",
        organizer=secretariat,
        start=now - timedelta(days=3),
        end=now - timedelta(days=3, hours=-1),
    )
    with pytest.raises(ValidationError, match="not taken at that meeting"):
        releases.release_approve(
            actor=secretariat, release=first, approved_on=today, meeting=other, decision=decision
        )
    first.refresh_from_db()
    assert first.approved_on is None


def test_two_releases_of_one_number_cannot_both_be_saved(programme, secretariat, cycle):
    """What backs the service's check when two requests race: the database's unique constraint."""
    from django.db import IntegrityError, transaction

    first = release(secretariat, cycle)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeRelease.objects.create(cycle=cycle, number=first.number, released_by=secretariat)
