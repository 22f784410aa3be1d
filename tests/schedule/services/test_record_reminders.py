"""Action items get one reminder before they are due and one overdue notice; facilitators one
reminder when the minutes are not in: each at most once, whatever the chore's runs, and one bad row
does not stop the others."""

from datetime import timedelta

import pytest
from django.core import mail

from notifications.enums import MailKind
from notifications.models import ChoreError, NotificationLedger
from schedule.models import ActionItem, Meeting
from schedule.services import record_reminders, records
from tests.factories import MembershipFactory, SecretariatFactory
from tests.support.mail import send_queued


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, user__email="amina@example.org", user__display_name="Amina").user


@pytest.fixture
def meeting(team, facilitator, now):
    return Meeting.objects.create(
        team=team,
        title="Second call",
        organizer=facilitator,
        start=now - timedelta(hours=2),
        end=now - timedelta(hours=1),
    )


def _item(meeting, facilitator, due_at, **owner):
    return records.action_item_add(
        actor=facilitator, meeting=meeting, text="Draft the report", due_at=due_at, **owner
    )


def _kinds():
    return sorted(NotificationLedger.objects.values_list("kind", "user__email"))


def test_reminder_before_the_due_date_once_then_overdue_once(meeting, facilitator, member, now, time_machine):
    records.record_save(actor=facilitator, meeting=meeting, minutes="Done")  # no minutes reminder here
    _item(meeting, facilitator, now + timedelta(days=3), owner_id=member.pk)
    assert record_reminders.record_reminders() == []  # three days ahead: not yet
    time_machine.move_to(now + timedelta(days=1, hours=1), tick=False)
    assert len(record_reminders.record_reminders()) == 1
    assert record_reminders.record_reminders() == []  # the chore runs again: nothing twice
    time_machine.move_to(now + timedelta(days=3, minutes=1), tick=False)
    assert len(record_reminders.record_reminders()) == 1
    assert record_reminders.record_reminders() == []
    assert _kinds() == [(MailKind.ACTION_OVERDUE, member.email), (MailKind.ACTION_REMINDER, member.email)]
    send_queued()
    reminder, overdue = mail.outbox
    assert reminder.to == [member.email] and "Draft the report" in reminder.body
    assert "Overdue" in overdue.subject and "Second call" in overdue.subject


def test_done_items_are_not_reminded(meeting, facilitator, member, now):
    records.record_save(actor=facilitator, meeting=meeting, minutes="Done")
    item = _item(meeting, facilitator, now + timedelta(hours=5), owner_id=member.pk)
    records.action_item_status_set(actor=member, item=item, status="done")
    assert record_reminders.record_reminders() == []


def test_the_secretariat_s_items_go_to_each_of_the_secretariat(meeting, facilitator, now):
    records.record_save(actor=facilitator, meeting=meeting, minutes="Done")
    people = [SecretariatFactory(email=f"s{i}@example.org") for i in range(2)]
    _item(meeting, facilitator, now + timedelta(hours=5), owner_is_secretariat=True)
    assert len(record_reminders.record_reminders()) == 2
    assert {u for _, u in _kinds()} == {p.email for p in people}
    send_queued()
    for message in mail.outbox:  # each names its reader alone
        (other,) = {p.email for p in people} - set(message.to)
        assert other not in message.body and "for the secretariat" in message.body


def test_minutes_reminder_once_after_the_team_s_days(meeting, facilitator, team, now, time_machine):
    team.minutes_due_days = 2
    team.save()
    assert record_reminders.record_reminders() == []
    time_machine.move_to(meeting.end + timedelta(days=2), tick=False)
    assert len(record_reminders.record_reminders()) == 1
    assert record_reminders.record_reminders() == []
    assert _kinds() == [(MailKind.MINUTES_DUE, facilitator.email)]
    send_queued()
    (message,) = mail.outbox
    assert "Second call" in message.subject and f"/meetings/{meeting.pk}/record/" in message.body


def test_minutes_in_time_send_no_reminder(meeting, facilitator, now, time_machine):
    records.record_save(actor=facilitator, meeting=meeting, minutes="We met.")
    time_machine.move_to(now + timedelta(days=10), tick=False)
    assert record_reminders.record_reminders() == []


def test_a_broken_row_is_recorded_and_the_others_still_go(meeting, facilitator, member, now, monkeypatch):
    records.record_save(actor=facilitator, meeting=meeting, minutes="Done")
    broken = _item(meeting, facilitator, now + timedelta(hours=3), owner_id=member.pk)
    _item(meeting, facilitator, now + timedelta(hours=4), owner_id=member.pk)
    real = record_reminders._action_item_notices

    def failing(item, **kwargs):
        if item.pk == broken.pk:
            raise RuntimeError("bad row")
        return real(item, **kwargs)

    monkeypatch.setattr(record_reminders, "_action_item_notices", failing)
    assert len(record_reminders.record_reminders()) == 1
    (error,) = ChoreError.objects.all()
    assert error.item == f"action item {broken.pk}" and "bad row" in error.message
    assert ActionItem.objects.count() == 2


def test_a_run_with_nothing_new_costs_the_same_queries_for_1_and_12_items(meeting, facilitator, member, now):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert record_reminders.record_reminders() == []
        return len(ctx.captured_queries)

    _item(meeting, facilitator, now + timedelta(hours=5), owner_id=member.pk)
    record_reminders.record_reminders()  # the reminder and the minutes reminder, sent
    few = queries()
    for hours in range(11):
        _item(meeting, facilitator, now + timedelta(hours=6 + hours), owner_id=member.pk)
    record_reminders.record_reminders()
    assert queries() == few
