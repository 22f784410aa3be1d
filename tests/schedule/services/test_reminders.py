"""Reminders reach each member exactly once, in order, at the right local time, across DST."""

import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from notifications.enums import Delivery, LedgerStatus, MailKind
from notifications.models import NotificationLedger, NotificationPreferences, OutboxMessage
from notifications.services.digests import digests_send
from notifications.services.outbox import outbox_send
from schedule.enums import DeliverableStatus
from schedule.models import Deliverable
from schedule.services import milestones, reminders
from tests.factories import (
    CycleFactory,
    FacilitatorRoleFactory,
    IssueTeamFactory,
    MembershipFactory,
    MilestoneFactory,
    SecretariatFactory,
)
from tests.support.mail import send_queued


def sweep():
    """What beat and the worker do each minute, run in the test's process."""
    ids = reminders.sweep()
    digests = digests_send()
    return outbox_send(ids + digests)


def reminders_by_recipient():
    sent = {}
    for message in mail.outbox:
        days = re.search(r"is due in (\d+) days?", message.subject)
        sent.setdefault(message.to[0], []).append(int(days.group(1)) if days else message.subject)
    return sent


def _team_with_members(zones):
    cycle = CycleFactory()
    team = IssueTeamFactory(cycle=cycle)
    members = [MembershipFactory(team=team, user__time_zone=zone).user for zone in zones]
    return cycle, team, members


@pytest.mark.django_db
@pytest.mark.parametrize(
    "zone, due_local",
    [
        ("UTC", datetime(2027, 6, 16, 12, 0)),
        # Europe moves to summer time on Sunday 28 March 2027, between the 14- and the 3-day reminders.
        ("Europe/Paris", datetime(2027, 4, 1, 10, 0)),
        # Auckland leaves summer time on Sunday 4 April 2027.
        ("Pacific/Auckland", datetime(2027, 4, 6, 9, 30)),
    ],
)
def test_each_member_gets_the_14_3_and_1_day_reminders_once_in_order(zone, due_local):
    tz = zoneinfo.ZoneInfo(zone)
    due = due_local.replace(tzinfo=tz).astimezone(UTC)
    start = due - timedelta(days=15)
    with time_machine.travel(start, tick=False):
        cycle, team, members = _team_with_members([zone, "Asia/Kathmandu", "America/Los_Angeles"])
        MilestoneFactory(cycle=cycle, due_at=due, entered_time_zone=zone, title="Proposals")

    sent_at = {}
    moment = start
    while moment <= due + timedelta(hours=2):  # every hour for 15 days, past the due date
        with time_machine.travel(moment, tick=False):
            before = len(mail.outbox)
            sweep()
            for message in mail.outbox[before:]:
                days = int(re.search(r"in (\d+) day", message.subject).group(1))
                sent_at.setdefault((message.to[0], days), moment)
        moment += timedelta(hours=1)

    assert reminders_by_recipient() == {m.email: [14, 3, 1] for m in members}
    # Each reminder left at the due time's wall-clock hour in the zone the deadline was set in,
    # DST change or not ("3 days before 10:00" is 10:00).
    for (_email, days), when in sent_at.items():
        assert when.astimezone(tz).strftime("%H:%M") == due_local.strftime("%H:%M")
        assert (due_local.date() - when.astimezone(tz).date()).days == days
    assert OutboxMessage.objects.filter(kind=MailKind.REMINDER, status="sent").count() == 9


@pytest.mark.django_db
def test_the_reminder_shows_the_deadline_in_the_recipients_zone_with_utc():
    due = datetime(2027, 9, 14, 12, 0, tzinfo=UTC)
    with time_machine.travel(due - timedelta(days=3), tick=False):
        cycle, team, (member,) = _team_with_members(["Asia/Kolkata"])
        MilestoneFactory(cycle=cycle, due_at=due, title="Main session proposals")
        sweep()
    message = mail.outbox[0]
    assert message.subject == "[IGF MAG] Reminder: Main session proposals is due in 3 days"
    assert "Tue 14 Sep 2027, 17:30 IST (12:00 UTC)" in message.body
    html = message.alternatives[0][0]
    assert "Tue 14 Sep 2027, 17:30 IST (12:00 UTC)" in html
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/notifications/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_a_second_sweep_at_the_same_moment_sends_nothing():
    due = datetime(2027, 9, 14, 12, 0, tzinfo=UTC)
    with time_machine.travel(due - timedelta(days=1), tick=False):
        cycle, team, members = _team_with_members(["UTC", "UTC"])
        MilestoneFactory(cycle=cycle, due_at=due)
        assert sweep() == 2
        assert sweep() == 0
        assert reminders.sweep() == []
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_after_downtime_only_the_nearest_reminder_goes_late_and_the_older_is_recorded_as_skipped():
    due = datetime(2027, 9, 14, 12, 0, tzinfo=UTC)
    with time_machine.travel(due - timedelta(days=20), tick=False):
        cycle, team, (member,) = _team_with_members(["UTC"])
        milestone = MilestoneFactory(cycle=cycle, due_at=due)
        sweep()
    # Down from 20 days before until 2 days before: the 14- and 3-day moments passed unseen.
    with time_machine.travel(due - timedelta(days=2), tick=False):
        sweep()
    assert reminders_by_recipient() == {member.email: [2]}  # the 3-day reminder, sent late, says 2 days
    skipped = NotificationLedger.objects.get(key=f"reminder:{milestone.pk}:{member.pk}:14")
    assert skipped.status == LedgerStatus.SKIPPED and skipped.reason == "superseded by the 3-day reminder"


@pytest.mark.django_db
def test_reminders_of_a_milestone_that_passed_during_downtime_are_skipped_with_the_reason():
    due = datetime(2027, 9, 14, 12, 0, tzinfo=UTC)
    with time_machine.travel(due - timedelta(days=20), tick=False):
        cycle, team, (member,) = _team_with_members(["UTC"])
        milestone = MilestoneFactory(cycle=cycle, due_at=due)
    with time_machine.travel(due + timedelta(hours=5), tick=False):
        sweep()
    assert mail.outbox == []
    reasons = set(NotificationLedger.objects.filter(milestone=milestone).values_list("reason", flat=True))
    assert reasons == {"the milestone had passed"}


@pytest.mark.django_db
def test_preferences_choose_the_offsets_and_drafts_send_nothing():
    due = datetime(2027, 9, 14, 12, 0, tzinfo=UTC)
    with time_machine.travel(due - timedelta(days=15), tick=False):
        cycle, team, (picky, everything) = _team_with_members(["UTC", "UTC"])
        NotificationPreferences.objects.create(user=picky, reminder_offsets=[1])
        MilestoneFactory(cycle=cycle, due_at=due)
        MilestoneFactory(cycle=cycle, due_at=due, status="draft")
    for days in (14, 3, 1):
        with time_machine.travel(due - timedelta(days=days), tick=False):
            sweep()
    assert reminders_by_recipient() == {picky.email: [1], everything.email: [14, 3, 1]}


@pytest.mark.django_db
def test_digest_readers_get_one_email_a_day_at_seven_local_time():
    due = datetime(2027, 9, 14, 12, 0, tzinfo=UTC)
    with time_machine.travel(due - timedelta(days=15), tick=False):
        cycle, team, (reader,) = _team_with_members(["Asia/Tokyo"])  # UTC+9: 07:00 local is 22:00 UTC
        NotificationPreferences.objects.create(
            user=reader, reminder_offsets=[14, 3, 1], delivery=Delivery.DIGEST
        )
        MilestoneFactory(cycle=cycle, due_at=due, title="A")
        MilestoneFactory(cycle=cycle, due_at=due + timedelta(hours=1), title="B")
    with time_machine.travel(
        due - timedelta(days=3) + timedelta(hours=2), tick=False
    ):  # 14:00 UTC, 23:00 Tokyo
        sweep()
    assert len(mail.outbox) == 1  # both 3-day reminders were due after 07:00 Tokyo: today's digest
    assert "digest: 2 items" in mail.outbox[0].subject
    assert "A is due" in mail.outbox[0].body and "B is due" in mail.outbox[0].body
    with time_machine.travel(due - timedelta(days=3) + timedelta(hours=3), tick=False):
        sweep()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_moved_date_brings_one_change_notice_and_the_remaining_reminders_follow_it():
    due = datetime(2027, 9, 14, 12, 0, tzinfo=UTC)
    new_due = due + timedelta(days=10)
    with time_machine.travel(due - timedelta(days=14), tick=False):
        cycle, team, (member,) = _team_with_members(["UTC"])
        secretariat = SecretariatFactory()
        milestone = MilestoneFactory(cycle=cycle, due_at=due, title="Wrap-up")
        sweep()  # the 14-day reminder
    with time_machine.travel(due - timedelta(days=10), tick=False):
        milestones.milestone_update(actor=secretariat, milestone=milestone, teams=[], due_at=new_due)
        send_queued()
        sweep()
    assert [m.subject for m in mail.outbox] == [
        "[IGF MAG] Reminder: Wrap-up is due in 14 days",
        "[IGF MAG] Date changed: Wrap-up",
    ]
    for days in (3, 1):
        with time_machine.travel(due - timedelta(days=days), tick=False):
            sweep()  # the old dates: nothing
        with time_machine.travel(new_due - timedelta(days=days), tick=False):
            sweep()
    assert reminders_by_recipient()[member.email] == [14, "[IGF MAG] Date changed: Wrap-up", 3, 1]


@pytest.mark.django_db
def test_facilitators_of_a_late_team_get_one_overdue_notice():
    due = datetime(2027, 9, 14, 12, 0, tzinfo=UTC)
    with time_machine.travel(due - timedelta(days=20), tick=False):
        cycle = CycleFactory()
        late_team, done_team = IssueTeamFactory(cycle=cycle), IssueTeamFactory(cycle=cycle)
        late_lead = FacilitatorRoleFactory(team=late_team).user
        done_lead = FacilitatorRoleFactory(team=done_team).user
        secretariat = SecretariatFactory()
        milestone = MilestoneFactory(
            cycle=cycle, due_at=due, requires_deliverable=True, reminder_offsets=[], status="draft"
        )
        milestones.milestone_publish(actor=secretariat, milestone=milestone)
        milestones.deliverable_update(
            actor=done_lead,
            deliverable=Deliverable.objects.get(team=done_team),
            status=DeliverableStatus.SUBMITTED,
            link="https://example.org/proposal",
        )
    for hours in (1, 2, 30):
        with time_machine.travel(due + timedelta(hours=hours), tick=False):
            sweep()
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (late_lead.email, f"[IGF MAG] Overdue: {milestone.title} for {late_team.area.name}")
    ]
    assert done_lead.email not in {m.to[0] for m in mail.outbox}
