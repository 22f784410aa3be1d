"""The outbox's rendered list is cached by what it shows: a message that changes state shows at the
next load, with no version to bump. The health panel is counted at most every HEALTH_MAX_AGE (the
workers move its counts every second), and at once after the secretariat's own retry."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from notifications.enums import Chore, MailKind, OutboxStatus
from notifications.models import ChoreError, ChoreRun, OutboxMessage
from notifications.views import HEALTH_MAX_AGE

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _message(**fields) -> OutboxMessage:
    return OutboxMessage.objects.create(
        kind=MailKind.ANNOUNCEMENT,
        to_email="amina@example.org",
        subject="Hello",
        body_text="Hello",
        created_at=NOW - timedelta(minutes=5),
        **fields,
    )


def _outbox(client) -> str:
    response = client.get(reverse("outbox"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_message_that_fails_shows_failed_at_once_and_counted_within_seconds(client, secretariat, _clock):
    message = _message(status=OutboxStatus.QUEUED)
    client.force_login(secretariat)
    page = _outbox(client)
    assert ">Queued<" in page and "0 failed emails" in page

    # What a worker does, in another process: no signal, no version, just the row.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, attempts=3, last_error="550 mailbox unavailable"
    )
    page = _outbox(client)
    assert ">Failed<" in page and "550 mailbox unavailable" in page
    assert 'name="ids"' in page  # a failed row can be selected for a retry
    _clock.shift(HEALTH_MAX_AGE)
    assert "1 failed email" in _outbox(client)


def test_a_retry_shows_in_the_panel_at_once(client, secretariat, django_capture_on_commit_callbacks):
    message = _message(status=OutboxStatus.FAILED, attempts=3)
    client.force_login(secretariat)
    assert "1 failed email" in _outbox(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("outbox_retry"), {"ids": [message.pk]})
    page = _outbox(client)
    assert "0 failed emails" in page and ">Queued<" in page


def test_a_new_error_shows_in_the_panel_within_seconds(client, secretariat, _clock):
    client.force_login(secretariat)
    assert "No errors recorded" in _outbox(client)
    ChoreError.objects.create(
        chore=Chore.MEETING_REMINDERS, item="meeting 7", message="boom", first_at=NOW, last_at=NOW
    )
    _clock.shift(HEALTH_MAX_AGE)
    page = _outbox(client)
    assert "boom" in page and "No errors recorded" not in page


def test_the_panel_says_how_long_ago_as_the_clock_moves(client, secretariat, _clock):
    ChoreRun.objects.create(chore=Chore.MEETING_REMINDERS, last_finished_at=NOW, last_success_at=NOW)
    client.force_login(secretariat)
    assert "0\xa0minutes ago" in _outbox(client)
    _clock.shift(timedelta(minutes=90))
    assert "1\xa0hour, 30\xa0minutes ago" in _outbox(client)


def test_each_reader_reads_it_in_their_zone(client, secretariat):
    _message(status=OutboxStatus.SENT)
    client.force_login(secretariat)
    assert "08:55 UTC" in _outbox(client)
    secretariat.time_zone = "Asia/Tokyo"
    secretariat.save(update_fields=["time_zone"])
    assert "17:55 JST" in _outbox(client)


def test_only_the_secretariat_reads_it(client, community):
    _message(status=OutboxStatus.SENT)
    client.force_login(community)
    response = client.get(reverse("outbox"))
    assert response.status_code in (302, 403)
    assert "amina@example.org" not in response.content.decode()


def test_the_panel_names_the_chores_in_each_reader_s_language(client, secretariat):
    # The health is counted once for every reader: the chores' names are put in when shown.
    ChoreRun.objects.create(chore=Chore.MEETING_REMINDERS, last_finished_at=NOW, last_success_at=NOW)
    client.force_login(secretariat)
    assert "Meeting reminders" in _outbox(client)
    secretariat.language = "fr"
    secretariat.save(update_fields=["language"])
    assert "Rappels de réunion" in _outbox(client)


def test_the_filter_marks_the_status_shown_and_the_forms_carry_the_reader_s_token(client, secretariat):
    _message(status=OutboxStatus.FAILED)
    client.force_login(secretariat)
    assert 'href="/secretariat/outbox/" aria-current="page"' in _outbox(client)
    page = client.get(reverse("outbox"), {"status": "failed"}).content.decode()
    assert 'href="?status=failed" aria-current="page"' in page
    assert 'aria-current="page"' not in client.get(reverse("outbox"), {"status": "nonsense"}).content.decode()
    assert "csrf-token-of-the-request" not in page and 'name="csrfmiddlewaretoken" value="' in page
