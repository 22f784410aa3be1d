"""Closing an account (issue 17): what the one service changes in each app, what it keeps (answers
and attendance, counted and anonymous), who may not close (the last secretariat account), and that a
second closing changes nothing."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.closing import account_close, account_close_refusal
from accounts.enums import AuditAction, Role
from accounts.models import CLOSED_NAME, AuditEvent, CallHours, User, closed_address
from accounts.services import audit_record, call_hours_set, profile_update
from notifications.enums import LedgerStatus, MailKind, OutboxStatus
from notifications.models import NotificationLedger, NotificationPreferences, OutboxMessage, Subscription
from programme.models import ProgrammeSelection
from schedule.models import BusyCalendar, CalendarFeed, Meeting, MeetingAttendee, Vote
from schedule.services import polls
from schedule.services.feeds import calendar_feed_get
from teams.enums import Capacity, FacilitatorStatus
from teams.models import FacilitatorRole, Membership
from tests.factories import (
    FacilitatorRoleFactory,
    MagFactory,
    MembershipFactory,
    PanelistFactory,
    SecretariatFactory,
    UserFactory,
    panel_proposal,
)

pytestmark = pytest.mark.django_db

ADDRESS = "amina@example.org"


@pytest.fixture
def amina(team):
    person = MagFactory(email=ADDRESS, display_name="Amina Diallo", organisation="Ministry of ICT")
    MembershipFactory(team=team, user=person, capacity=Capacity.MAG)
    return person


def _outbox(user, status, **fields):
    return OutboxMessage.objects.create(
        kind=MailKind.REMINDER,
        to_email=user.email,
        to_user=user,
        subject="Reminder",
        body_text="Dear Amina Diallo",
        status=status,
        **fields,
    )


def test_the_row_stays_without_anything_of_the_person(amina):
    call_hours_set(user=amina, hours={"days": {"0": []}, "never_before": None, "never_after": None})
    assert EmailAddress.objects.filter(user=amina).exists()

    closed = account_close(user=amina)

    closed.refresh_from_db()
    assert closed.pk == amina.pk
    assert closed.email == closed_address(amina.pk) and closed.email.endswith("@closed.invalid")
    assert closed.display_name == CLOSED_NAME and closed.name == "Closed account"
    assert (closed.organisation, closed.stakeholder_group, closed.un_region, closed.gender) == (
        "",
        "",
        "",
        "",
    )
    assert closed.role == Role.COMMUNITY and not closed.is_active and not closed.has_usable_password()
    assert closed.is_closed
    assert not EmailAddress.objects.filter(user=amina).exists()
    assert not CallHours.objects.filter(user=amina).exists()


def test_two_factor_and_sessions_go(amina, client):
    client.force_login(amina)
    Authenticator.objects.create(user=amina, type=Authenticator.Type.RECOVERY_CODES, data={})
    other = Client()
    other.force_login(UserFactory())
    assert Session.objects.count() == 2

    account_close(user=amina)

    assert not Authenticator.objects.filter(user=amina).exists()
    assert Session.objects.count() == 1  # the other person's stays


def test_memberships_end_and_facilitator_roles_close(amina, team, other_team):
    role = FacilitatorRoleFactory(team=other_team, user=amina)  # a confirmed chair
    assert role.status == FacilitatorStatus.CONFIRMED

    account_close(user=amina)

    assert not Membership.objects.filter(user=amina).exists()
    role.refresh_from_db()
    assert role.status == FacilitatorStatus.WITHDRAWN and role.decided_by == amina
    assert not FacilitatorRole.objects.filter(user=amina, status=FacilitatorStatus.CONFIRMED).exists()


def test_poll_answers_and_attendance_stay_pointing_at_the_closed_row(amina, team, facilitator, now):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=3)],
    )
    invitee = poll.invitees.get(user=amina)
    polls.vote_submit(invitee=invitee, answers={poll.slots.get().pk: "yes"})
    meeting = Meeting.objects.create(
        team=team,
        title="Call",
        start=now - timedelta(days=2),
        end=now - timedelta(days=2, hours=-1),
        organizer=facilitator,
    )
    MeetingAttendee.objects.create(meeting=meeting, user=amina, present=True)

    account_close(user=amina)

    assert Vote.objects.get(invitee__user=amina).answer == "yes"
    attendance = MeetingAttendee.objects.get(meeting=meeting)
    assert attendance.user_id == amina.pk and attendance.present is True
    assert attendance.display_name == "Closed account"


def test_busy_calendars_feed_and_personal_schedule_go(amina):
    BusyCalendar.objects.create(user=amina, url="https://calendar.example.org/x.ics")
    calendar_feed_get(user=amina)
    assert CalendarFeed.objects.filter(user=amina).exists()

    account_close(user=amina)

    assert not BusyCalendar.objects.filter(user=amina).exists()
    assert not CalendarFeed.objects.filter(user=amina).exists()
    assert not ProgrammeSelection.objects.filter(user=amina).exists()


def test_unsent_mail_goes_and_sent_mail_keeps_no_address_or_body(amina):
    queued = _outbox(amina, OutboxStatus.QUEUED)
    failed = _outbox(amina, OutboxStatus.FAILED)
    sent = _outbox(amina, OutboxStatus.SENT, sent_at=timezone.now())
    NotificationPreferences.objects.create(user=amina)
    NotificationLedger.objects.create(
        key=f"meeting:1:0:{ADDRESS}", kind=MailKind.MEETING, user=amina, status=LedgerStatus.QUEUED
    )

    account_close(user=amina)

    assert not OutboxMessage.objects.filter(pk__in=[queued.pk, failed.pk]).exists()
    sent.refresh_from_db()
    assert sent.to_email == closed_address(amina.pk) and sent.body_text == "" and sent.status == "sent"
    assert not NotificationPreferences.objects.filter(user=amina).exists()
    assert NotificationLedger.objects.get(user=amina).key == f"meeting:1:0:{closed_address(amina.pk)}"


def test_no_mail_is_recorded_for_a_closed_account_later(amina):
    from notifications.services.notices import CLOSED_REASON, notice_for, notices_record

    account_close(user=amina)
    amina.refresh_from_db()
    notices_record(
        [
            notice_for(
                key="test:closed",
                kind=MailKind.REMINDER,
                template="notifications/email/announcement",
                context={},
                user=amina,
            )
        ]
    )
    assert not OutboxMessage.objects.filter(to_user=amina).exists()
    assert NotificationLedger.objects.get(key="test:closed").reason == CLOSED_REASON


def test_following_a_team_by_the_address_ends(amina, team):
    Subscription.objects.create(team=team, email=ADDRESS, name="Amina")
    account_close(user=amina)
    assert not Subscription.objects.filter(email=ADDRESS).exists()


def test_panels_forget_the_address(amina, team, facilitator):
    proposal = panel_proposal(team=team, actor=facilitator)
    panelist = PanelistFactory(proposal=proposal, name="Amina Diallo", email=ADDRESS)
    account_close(user=amina)
    panelist.refresh_from_db()
    assert panelist.email == ""


def test_audit_entries_keep_the_event_without_the_person(amina, secretariat, mag):
    profile_update(user=amina, data={"organisation": "Another ministry"})
    about_her = AuditEvent.objects.get(action=AuditAction.PROFILE_UPDATED, subject=amina)
    assert about_her.target == ADDRESS
    mentions_her = audit_record(
        actor=secretariat, action=AuditAction.ROSTER_IMPORTED, target="2 rows", changed=[ADDRESS, mag.email]
    )
    at = about_her.created_at

    account_close(user=amina)

    about_her.refresh_from_db()
    assert (about_her.action, about_her.created_at, about_her.target, about_her.details) == (
        AuditAction.PROFILE_UPDATED,
        at,
        "",
        {},
    )
    mentions_her.refresh_from_db()
    assert mentions_her.details == {"changed": [closed_address(amina.pk), mag.email]}
    closing = AuditEvent.objects.get(action=AuditAction.ACCOUNT_CLOSED)
    assert closing.subject == amina and closing.actor is None
    assert (closing.target, closing.details) == ("", {})
    assert not AuditEvent.objects.filter(target__icontains="amina").exists()
    assert not any("amina" in str(event.details).lower() for event in AuditEvent.objects.all())


def test_closing_twice_changes_nothing(amina):
    account_close(user=amina)
    events = AuditEvent.objects.count()
    again = account_close(user=amina)
    assert again.is_closed and AuditEvent.objects.count() == events


def test_the_last_secretariat_account_cannot_close(db):
    only = SecretariatFactory(email="only@example.org")
    assert "last secretariat account" in account_close_refusal(only)
    with pytest.raises(ValidationError, match="last secretariat account"):
        account_close(user=only)
    only.refresh_from_db()
    assert only.email == "only@example.org" and only.is_active


def test_a_secretariat_member_closes_when_another_remains(db):
    leaving = SecretariatFactory(email="leaving@example.org")
    SecretariatFactory(email="staying@example.org")
    assert account_close_refusal(leaving) == ""
    assert account_close(user=leaving).is_closed


def test_a_superuser_counts_as_someone_who_runs_the_site(db):
    leaving = SecretariatFactory(email="leaving@example.org")
    User.objects.create_superuser("root@example.org", "x" * 20)
    assert account_close_refusal(leaving) == ""


def test_a_closed_person_cannot_sign_in(amina, client):
    account_close(user=amina)
    assert not client.login(email=ADDRESS, password="correct-horse-battery")
    assert not client.login(email=closed_address(amina.pk), password="correct-horse-battery")


def test_nobody_waits_for_an_answer_the_closed_account_cannot_give(amina, team, facilitator, now):
    answered = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Answered",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=3)],
    )
    polls.vote_submit(invitee=answered.invitees.get(user=amina), answers={answered.slots.get().pk: "no"})
    waiting = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Waiting",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=4)],
    )
    ahead = Meeting.objects.create(
        team=team,
        title="Ahead",
        organizer=facilitator,
        start=now + timedelta(days=5),
        end=now + timedelta(days=5, hours=1),
    )
    unanswered = MeetingAttendee.objects.create(meeting=ahead, user=amina)
    other = Meeting.objects.create(
        team=team,
        title="Other",
        organizer=facilitator,
        start=now + timedelta(days=6),
        end=now + timedelta(days=6, hours=1),
    )
    apologies = MeetingAttendee.objects.create(meeting=other, user=amina, response="apologies")

    account_close(user=amina)

    assert answered.invitees.filter(user=amina).exists()
    assert not waiting.invitees.filter(user=amina).exists()
    assert not MeetingAttendee.objects.filter(pk=unanswered.pk).exists()
    assert MeetingAttendee.objects.filter(pk=apologies.pk).exists()
