"""Scheduling a meeting from a poll renders nobody's invitation in the facilitator's request: one
task after the commit renders and records them all in the worker, each once however often it runs."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from igfmag.celery import app as celery_app
from notifications.models import OutboxMessage
from schedule.models import Meeting
from schedule.services import meetings, polls
from tests.factories import FacilitatorRoleFactory, IssueTeamFactory, MembershipFactory
from tests.support.mail import newly_sent

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def eager_tasks():
    """Tasks enqueued on commit run at once, in the test's process, as a worker would run them."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def _poll_of(team, facilitator, members: int):
    for _ in range(members):
        MembershipFactory(team=team)
    return polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=NOW + timedelta(days=1),
        slots=[NOW + timedelta(days=3)],
        guests=["guest@example.org"],
    )


def _finalise(client, poll):
    return client.post(
        reverse("schedule:poll_finalise", args=[poll.pk]),
        {"slot": poll.slots.get().pk, "title": "First call", "confirm_unattended": "on"},
    )


def _finalise_queries(client, poll) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = _finalise(client, poll)
    assert response.status_code == 302
    return len(ctx.captured_queries)


def test_picking_a_slot_renders_no_email_in_the_request_whatever_the_number_of_attendees(
    client, cycle, team, facilitator
):
    client.force_login(facilitator)
    few = _finalise_queries(client, _poll_of(team, facilitator, 2))
    assert not OutboxMessage.objects.exists()  # nothing rendered or recorded before the worker runs

    bigger = IssueTeamFactory(cycle=cycle)
    FacilitatorRoleFactory(team=bigger, user=facilitator)
    many = _finalise_queries(client, _poll_of(bigger, facilitator, 30))
    assert many == few and not OutboxMessage.objects.exists()


def test_the_facilitator_is_told_how_many_are_invited_and_each_gets_one_invitation(
    client, team, facilitator, eager_tasks, django_capture_on_commit_callbacks
):
    poll = _poll_of(team, facilitator, 3)
    newly_sent()  # the poll's own invitations
    client.force_login(facilitator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _finalise(client, poll)
    meeting = Meeting.objects.get()
    attendees = meeting.attendees.count()
    page = client.get(response.url).content.decode()
    assert f"invitations with a calendar file are being sent to {attendees} people" in page

    sent = list(mail.outbox)  # the worker's task recorded them; the outbox's task sent them
    assert sorted(m.to[0] for m in sent) == sorted(
        a.address for a in meeting.attendees.select_related("user")
    )
    assert all(m.attachments[0][0] == "invite.ics" for m in sent)

    # The same task again (a retry, or the broker delivering it twice): nobody gets a second copy.
    assert meetings.meeting_notices_send(meeting.pk) == []
    assert newly_sent() == []


def test_a_late_task_of_an_earlier_version_sends_nothing_out_of_date(team, facilitator):
    poll = _poll_of(team, facilitator, 2)
    meeting = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    meetings.meeting_cancel(actor=facilitator, meeting=meeting)
    newly_sent()
    # The invitation's task runs after the cancellation committed: it sends the cancellation...
    first = meetings.meeting_notices_send(meeting.pk)
    sent = newly_sent()
    assert len(sent) == len(first) == meeting.attendees.count()
    assert all("method=CANCEL" in m.attachments[0][2] for m in sent)
    # ...and the cancellation's own task, after it, sends nothing twice.
    assert meetings.meeting_notices_send(meeting.pk) == []
