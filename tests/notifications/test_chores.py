"""Background chores survive their bad items, and the outbox page tells the secretariat how the
machinery is doing."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from notifications.emails import RenderedEmail
from notifications.enums import Chore, OutboxStatus
from notifications.models import ChoreError, ChoreRun, OutboxMessage
from notifications.services.outbox import outbox_send
from schedule.models import AvailabilityPoll as Poll
from schedule.models import Meeting, Milestone
from schedule.services import meetings, poll_mail, reminders
from tests.factories import IssueTeamFactory, MembershipFactory, MilestoneFactory, PollFactory
from tests.support.outbox import queue_email

NOW = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
EMAIL = RenderedEmail(subject="[IGF MAG] Hello", text="Plain text\n", html="")


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def _bad_and_good_milestones(cycle):
    team = IssueTeamFactory(cycle=cycle)
    members = MembershipFactory.create_batch(2, team=team)
    bad = MilestoneFactory(
        cycle=cycle, title="Overflowing offsets", due_at=NOW + timedelta(hours=12), reminder_offsets=[1]
    )
    # What the form now refuses, written as an old row or the admin's raw JSON could hold it.
    Milestone.objects.filter(pk=bad.pk).update(reminder_offsets=[1, 99999999999999999999])
    good = MilestoneFactory(
        cycle=cycle, title="Stocktaking report", due_at=NOW + timedelta(hours=12), reminder_offsets=[1]
    )
    return members, bad, good


@pytest.mark.django_db
def test_a_milestone_whose_offsets_overflow_stops_no_other_reminder_and_shows_on_the_outbox_page(
    now, cycle, client, secretariat
):
    members, bad, good = _bad_and_good_milestones(cycle)

    outbox_send(reminders.sweep())
    reminders.sweep()  # the next minute fails the same way: one error row, counted twice

    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in members)
    assert all("Stocktaking report" in m.subject for m in mail.outbox)
    (error,) = ChoreError.objects.all()
    assert (error.chore, error.occurrences) == (Chore.REMINDER_SWEEP, 2)
    assert f"milestone {bad.pk}" in error.item and "OverflowError" in error.message
    run = ChoreRun.objects.get(chore=Chore.REMINDER_SWEEP)
    assert (run.last_finished_at, run.last_failed_items, run.last_success_at) == (NOW, 1, None)

    client.force_login(secretariat)
    page = client.get(reverse("outbox")).content.decode()
    assert "Overflowing offsets" in page and "OverflowError" in page
    assert "1 item failed" in page


@pytest.mark.django_db
def test_a_sweep_without_a_clean_run_for_20_minutes_is_flagged_in_words(now, client, secretariat):
    ChoreRun.objects.create(
        chore=Chore.REMINDER_SWEEP,
        last_finished_at=NOW,
        last_success_at=NOW - timedelta(minutes=20),
        last_failed_items=1,
    )
    ChoreRun.objects.create(chore=Chore.OUTBOX_HEAL, last_finished_at=NOW, last_success_at=NOW)
    client.force_login(secretariat)

    page = client.get(reverse("outbox")).content.decode()

    assert "“Reminder and overdue sweep” has not run without errors for 20\xa0minutes." in page
    assert "Outbox heal (lost and abandoned messages)” has not run" not in page
    assert "“Daily digests” has never run without errors." in page


@pytest.mark.django_db
def test_the_health_panel_counts_stuck_late_retrying_and_failed_messages(now, client, secretariat):
    def message(**fields):
        row = queue_email(EMAIL)
        OutboxMessage.objects.filter(pk=row.pk).update(**fields)

    message(status=OutboxStatus.SENDING, claimed_at=NOW - timedelta(minutes=5))
    message(status=OutboxStatus.SENDING, claimed_at=NOW)  # a live worker's
    message(created_at=NOW - timedelta(minutes=10))
    message(attempts=2, next_attempt_at=NOW + timedelta(minutes=4))
    for _ in range(3):
        message(status=OutboxStatus.FAILED, attempts=1)
    client.force_login(secretariat)

    page = client.get(reverse("outbox")).content.decode()

    assert "1 email stuck in “sending” past the claim timeout" in page
    assert "1 email queued for more than two minutes and never attempted" in page
    assert "1 email waiting to be tried again after an error" in page
    assert "3 failed emails" in page


@pytest.mark.django_db
def test_the_secretariat_retries_every_failed_email_of_the_last_24_hours_in_one_post(
    now, client, secretariat
):
    def failed(age):
        row = queue_email(EMAIL)
        OutboxMessage.objects.filter(pk=row.pk).update(
            status=OutboxStatus.FAILED, attempts=30, created_at=NOW - age, last_error="ConnectionRefusedError"
        )
        return row.pk

    recent = [failed(timedelta(minutes=m)) for m in range(0, 24 * 60 - 1, 10)]
    older = failed(timedelta(hours=30))
    client.force_login(secretariat)

    page = client.post(reverse("outbox_retry_period"), {"hours": "24"}, follow=True).content.decode()

    assert f"Failed emails of the last 24 hours queued again: {len(recent)}." in page
    assert set(
        OutboxMessage.objects.filter(status=OutboxStatus.QUEUED, attempts=0).values_list("pk", flat=True)
    ) == set(recent)
    assert OutboxMessage.objects.get(pk=older).status == OutboxStatus.FAILED
    event = AuditEvent.objects.get(action=AuditAction.OUTBOX_RETRIED)
    assert event.actor == secretariat and event.target == f"{len(recent)} emails"


@pytest.mark.django_db
def test_a_retry_period_outside_the_limits_is_refused_with_a_message(now, client, secretariat):
    client.force_login(secretariat)
    page = client.post(reverse("outbox_retry_period"), {"hours": "100000"}, follow=True).content.decode()
    assert "Ensure this value is less than or equal to 720." in page
    assert not AuditEvent.objects.filter(action=AuditAction.OUTBOX_RETRIED).exists()


@pytest.mark.django_db
def test_poll_and_meeting_chores_record_the_item_that_fails_and_finish(now, team, monkeypatch):
    def broken(item):
        raise RuntimeError("template broke")

    # Fault injection in our own code: each chore's per-item step fails for the first item only.
    for module, name in ((poll_mail, "_poll_nudges_record"), (meetings, "_meeting_reminders_record")):
        real = getattr(module, name)
        monkeypatch.setattr(
            module, name, lambda item, real=real: broken(item) if item.title == "Broken" else real(item)
        )
    member = MembershipFactory(team=team).user
    for title in ("Broken", "Fine"):
        poll = PollFactory(team=team, title=title, deadline=NOW + timedelta(hours=12))
        poll.invitees.create(user=member)
        meeting = Meeting.objects.create(
            team=team, title=title, start=NOW + timedelta(hours=12), end=NOW + timedelta(hours=13)
        )
        meeting.attendees.create(user=member)

    outbox_send(poll_mail.poll_chores() + meetings.meeting_reminders())

    assert len(mail.outbox) == 2 and all("Fine" in m.subject for m in mail.outbox)  # a nudge and a reminder
    assert sorted(ChoreError.objects.values_list("chore", "item")) == sorted(
        [
            (Chore.POLL_CHORES, f"poll {Poll.objects.get(title='Broken').pk} “Broken”"),
            (Chore.MEETING_REMINDERS, f"meeting {Meeting.objects.get(title='Broken').pk} “Broken”"),
        ]
    )
