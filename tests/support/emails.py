"""One email of every kind the site sends, each made through the real services and sent through
the outbox, for the email tests and the browser test that looks at them."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import time_machine
from django.core import mail
from django.urls import NoReverseMatch, reverse

from notifications.enums import Delivery
from notifications.models import Announcement, NotificationPreferences, Subscription
from notifications.services.announcements import announcement_send, subscription_request
from notifications.services.digests import digests_send
from programme import ical
from programme.models import ProgrammeSelection, ProgrammeSession
from programme.services import releases
from proposals import invitations
from proposals import services as proposal_services
from schedule.services import (
    meetings,
    milestones,
    papers,
    poll_changes,
    poll_mail,
    polls,
    record_reminders,
    reminders,
)
from tests.factories import (
    CycleFactory,
    FacilitatorRoleFactory,
    IssueTeamFactory,
    MembershipFactory,
    MilestoneFactory,
    PanelistFactory,
    SecretariatFactory,
    panel_proposal,
)
from tests.support.mail import send_queued

TITLE = 'Q&A with O\'Neil: "drafts" <due>'
# A Monday morning in UTC; the milestone is due 14 days later, the poll's slot 5 days later.
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
GUEST = "guest@example.org"
FOLLOWER = "follower@example.org"
SPEAKER = "speaker@example.org"


class Collector:
    """Sends what the outbox holds and keeps the newest email to one address under a name."""

    def __init__(self):
        self.emails = {}

    def take(self, name, to):
        send_queued()
        found = [m for m in mail.outbox if m.to == [to]]
        assert found, f"no {name} email to {to}"
        self.emails[name] = found[-1]
        mail.outbox[:] = [m for m in mail.outbox if m.to != [to]]


def every_email(client, *, title=TITLE, language="") -> dict:
    """{kind: EmailMessage} for every kind of email, `title` used wherever a person types one. The
    member reads in `language` (their profile's), in Paris time; the guest in Kathmandu time."""
    got = Collector()
    with time_machine.travel(START, tick=False):
        cycle = CycleFactory()
        team = IssueTeamFactory(cycle=cycle)
        secretariat = SecretariatFactory(email="secretariat@example.org")
        lead = FacilitatorRoleFactory(team=team, user__email="lead@example.org", user__language=language).user
        member = MembershipFactory(
            team=team,
            user__email="member@example.org",
            user__display_name="Mo Member",
            user__time_zone="Europe/Paris",
            user__language=language,
        ).user
        reader = MembershipFactory(team=team, user__email="reader@example.org").user
        NotificationPreferences.objects.create(user=reader, reminder_offsets=[14], delivery=Delivery.DIGEST)
        Subscription.objects.create(team=team, email=FOLLOWER, name="Fay Follower", confirmed_at=START)
        mail.outbox.clear()

        milestone = MilestoneFactory(
            cycle=cycle,
            title=title,
            description=title,
            due_at=START + timedelta(days=14),
            requires_deliverable=True,
            status="draft",
            reminder_offsets=[14, 3, 1],
        )
        milestones.milestone_publish(actor=secretariat, milestone=milestone)
        reminders.sweep()
        got.take("reminder", member.email)
        digests_send()  # 09:00 UTC, past 07:00 for the reader, who takes a daily digest
        got.take("digest", reader.email)

        announcement = Announcement.objects.create(
            author=secretariat, subject=title, body=title, to_everyone=True
        )
        announcement_send(announcement.pk)
        got.take("announcement_subscriber", FOLLOWER)
        got.take("announcement", member.email)

        subscription_request(team=team, name="Nia New", email="nia@example.org")
        got.take("subscription", "nia@example.org")

        poll = polls.poll_create(
            actor=lead,
            team=team,
            title=title,
            slots=[START + timedelta(days=5)],
            deadline=START + timedelta(days=2),
            guests=[GUEST],
        )
        poll_mail.poll_invitations_send(poll.pk)
        got.take("poll_invitation_guest", GUEST)
        got.take("poll_invitation", member.email)
        poll_changes.poll_update(actor=lead, poll=poll, add_slots=[START + timedelta(days=6)])
        got.take("poll_change_guest", GUEST)
        got.take("poll_change", member.email)

        for name, url, address in [
            ("account_login_code", "account_request_login_code", member.email),
            ("account_password_reset", "account_reset_password", member.email),
            ("account_unknown", "account_reset_password", "nobody@example.org"),
            ("account_confirmation", "account_signup", "newcomer@example.org"),
            ("account_already_exists", "account_signup", member.email),
        ]:
            client.logout()
            client.post(reverse(url), {"email": address})
            got.take(name, address)

    with time_machine.travel(START + timedelta(days=1, hours=1), tick=False):
        poll_mail.poll_chores()
        got.take("poll_reminder_guest", GUEST)
        got.take("poll_reminder", member.email)
        guest = poll.invitees.get(user__isnull=True)
        first_slot = poll.slots.order_by("start").first()
        polls.vote_submit(
            invitee=guest,
            answers={first_slot.pk: "yes"},
            guest_name="Gita Guest",
            guest_time_zone="Asia/Kathmandu",
        )
        for person in (lead, member, reader):
            polls.vote_submit(invitee=poll.invitees.get(user=person), answers={first_slot.pk: "maybe"})
        got.take("poll_answered", lead.email)

    with time_machine.travel(START + timedelta(days=2, minutes=1), tick=False):
        poll_mail.poll_chores()
        got.take("poll_summary", lead.email)
        meeting = meetings.meeting_create_from_slot(
            actor=lead,
            poll=poll,
            slot=first_slot,
            title=title,
            agenda=title,
            video_link="https://meet.example.org/igf-call",
        )
        meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
        got.take("meeting_invitation_guest", GUEST)
        got.take("meeting_invitation", member.email)
        milestones.milestone_update(
            actor=secretariat, milestone=milestone, teams=[], due_at=milestone.due_at + timedelta(days=7)
        )
        got.take("change", member.email)
        # A read-ahead paper asked of the member, due 3 days before the call: already within a
        # day of it, so the next sweep reminds them.
        papers.paper_request(actor=lead, meeting=meeting, title=title, owner_id=member.pk, due_days_before=3)
        record_reminders.record_reminders()
        got.take("paper_due", member.email)

    with time_machine.travel(meeting.start - timedelta(hours=20), tick=False):
        meetings.meeting_reminders()
        got.take("meeting_reminder", member.email)
        meetings.meeting_update(
            actor=lead,
            meeting=meeting,
            start=meeting.start + timedelta(hours=1),
            end=meeting.end + timedelta(hours=1),
        )
        meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
        got.take("meeting_update", member.email)
        meetings.meeting_cancel(actor=lead, meeting=meeting)
        meetings.meeting_notices_send(meeting.pk)  # what the worker does after the commit
        got.take("meeting_cancel", member.email)

    with time_machine.travel(milestone.due_at + timedelta(days=7, hours=1), tick=False):
        reminders.sweep()
        got.take("overdue", lead.email)

    # Invitations to speak (proposals): the invitation, the nudge, the confirmation with its .ics, the
    # new time, the withdrawal.
    with time_machine.travel(START, tick=False):
        proposal = panel_proposal(team=team, actor=lead, title=title, starts_at=START + timedelta(days=30))
        speaker = PanelistFactory(proposal=proposal, name="Sam Speaker", email=SPEAKER)
        token = invitations.panelist_invite(
            actor=lead,
            panelist=speaker,
            reply_by=(START + timedelta(days=10)).date(),
            language=language or "en",
        ).token
        got.take("speaker_invitation", SPEAKER)
    with time_machine.travel(START + timedelta(days=7, hours=1), tick=False):
        invitations.speaker_nudges()
        got.take("speaker_nudge", SPEAKER)
        invitations.invitation_answer(token=token, confirm=True, zone="Asia/Kathmandu")
        got.take("speaker_confirmed", SPEAKER)
        proposal_services.proposal_update(actor=lead, proposal=proposal, starts_at=START + timedelta(days=31))
        got.take("speaker_time", SPEAKER)
        # The proposal withdrawn: the confirmed speaker is told, with the .ics's cancellation.
        proposal_services.proposal_withdraw(actor=lead, proposal=proposal)
        got.take("speaker_withdrawn", SPEAKER)
        # The programme released twice: the member chose a session, which then moved.
        _programme_change(cycle, secretariat, member, title)
        got.take("programme_change", member.email)
    return got.emails


def _programme_change(cycle, secretariat, member, title):
    session = ProgrammeSession.objects.create(
        cycle=cycle, title=title, status="placed", starts_at=START + timedelta(days=40), minutes=60
    )
    ProgrammeSelection.objects.create(user=member, session=session)
    releases.programme_release(actor=secretariat, cycle=cycle, number=1)
    session.starts_at += timedelta(hours=2)
    session.sequence += 1
    session.save()
    # The .ics links to the session's page, which the public part's URLs give once they are in.
    try:
        reverse("programme:session", args=[session.pk])
        releases.programme_release(actor=secretariat, cycle=cycle, number=2)
    except NoReverseMatch:
        with mock.patch.object(ical, "session_url", lambda s: reverse("programme:versions")):
            releases.programme_release(actor=secretariat, cycle=cycle, number=2)
