"""A person's data of every kind the download holds, `n` rows of each, shared with `other` where
the site shares it (the same poll, meeting, proposal), so that a test can check that only the
person's own rows and address travel."""

from datetime import time, timedelta

from accounts.enums import AuditAction
from accounts.services import audit_record, call_hours_set
from notifications.emails import RenderedEmail
from notifications.models import Announcement, GuestAddress, NotificationPreferences, Subscription
from programme.models import ProgrammeSelection
from proposals.models import Nomination, NominationSupport, ProposalComment
from review.enums import EntrySource
from review.models import Assignment, Criterion, Entry, ReviewRound, Score
from schedule.models import (
    ActionItem,
    AgendaInput,
    BusyCalendar,
    BusyTime,
    CalendarFeed,
    Invitee,
    Meeting,
    MeetingAttendee,
    MeetingPaper,
    PollComment,
    Slot,
    Vote,
)
from teams.enums import Capacity
from teams.models import FacilitatorRole, Membership
from tests.factories import IssueTeamFactory, PanelistFactory, PollFactory, panel_proposal
from tests.programme.public_helpers import programme_session
from tests.support.outbox import queue_email


def grow_personal_data(person, other, n, now):
    """`n` rows of each kind about `person` (and the same about `other` where they share a thing)."""
    call_hours_set(
        user=person, hours={"days": {"0": ["09:00", "17:00"]}, "never_before": time(8), "never_after": None}
    )
    NotificationPreferences.objects.get_or_create(user=person)
    # The person stops all email to their address at the end (below); until then both get this mail.
    GuestAddress.objects.filter(email__in=[person.email, other.email]).update(stopped_at=None)
    CalendarFeed.objects.get_or_create(user=person)
    calendar = BusyCalendar.objects.create(user=person, url="https://cal.example.net/private/person.ics")
    for i in range(n):
        team = IssueTeamFactory()
        for someone in (person, other):
            Membership.objects.create(team=team, user=someone, capacity=Capacity.OTHER)
        FacilitatorRole.objects.create(team=team, user=person, kind="co_chair", status="volunteered")
        audit_record(
            actor=person,
            action=AuditAction.MEMBERSHIP_JOINED,
            subject=person,
            target=f"{team} ({other.email})",
        )
        audit_record(actor=other, action=AuditAction.ROLE_CHANGED, subject=other, target=other.email)

        poll = PollFactory(team=team, created_by=other)
        slot = Slot.objects.create(poll=poll, start=now + timedelta(days=3, hours=i))
        for someone in (person, other):
            invitee = Invitee.objects.create(poll=poll, user=someone)
            Vote.objects.create(invitee=invitee, slot=slot, answer="yes")
            PollComment.objects.create(poll=poll, invitee=invitee, text=f"Comment of {someone.email}")
        Invitee.objects.create(poll=poll, email=f"guest{i}@elsewhere.example", name="A guest")

        meeting = Meeting.objects.create(
            team=team,
            title=f"Call {i}",
            start=now + timedelta(days=5, hours=i),
            end=now + timedelta(days=5, hours=i + 1),
        )
        for someone in (person, other):
            MeetingAttendee.objects.create(
                meeting=meeting, user=someone, response="attending", response_note="Late"
            )
            ActionItem.objects.create(
                meeting=meeting,
                text=f"Draft for {someone.name}",
                owner=someone,
                due_at=now + timedelta(days=9),
            )
            AgendaInput.objects.create(
                meeting=meeting, author=someone, item="1", text=f"Input of {someone.name}"
            )
        MeetingPaper.objects.create(meeting=meeting, title=f"Paper {i}", owner=person)

        BusyTime.objects.create(
            calendar=calendar,
            user=person,
            starts_at=now + timedelta(days=i, hours=1),
            ends_at=now + timedelta(days=i, hours=2),
        )

        proposal = panel_proposal(team=team, actor=person, title=f"Session {i}")
        ProposalComment.objects.create(proposal=proposal, author=person, body="Good draft")
        ProposalComment.objects.create(proposal=proposal, author=other, body=f"Write to {other.email}")
        PanelistFactory(proposal=proposal, name=person.name, email=person.email)
        PanelistFactory(proposal=proposal, name=other.name, email=other.email)
        nomination = Nomination.objects.create(
            proposal=proposal, role="chair", nominee=person, nominated_by=other
        )
        NominationSupport.objects.create(nomination=nomination, user=person)

        review_round, _new = ReviewRound.objects.get_or_create(cycle=team.cycle)
        entry = Entry.objects.create(
            round=review_round, source=EntrySource.IMPORTED, title=f"Workshop {i}", contact_email=other.email
        )
        Entry.objects.create(
            round=review_round,
            source=EntrySource.IMPORTED,
            title=f"My workshop {i}",
            contact_email=person.email,
        )
        criterion = Criterion.objects.create(
            round=review_round, name=f"Criterion {entry.pk}", max_score=5, position=i
        )
        assignment = Assignment.objects.create(entry=entry, reviewer=person, comment="Strong")
        Score.objects.create(assignment=assignment, criterion=criterion, value=4)

        session = programme_session(team.cycle, title=f"Programme session {i}", days=4 + i)
        ProgrammeSelection.objects.create(user=person, session=session)

        Subscription.objects.create(team=team, email=person.email, name=person.name)
        Announcement.objects.create(author=person, subject=f"News {i}", body="Hello")
        queue_email(
            RenderedEmail(subject=f"Reminder {i}", text=f"Ask {other.email} if stuck.", html=""),
            to_email=person.email,
        )
        queue_email(
            RenderedEmail(subject=f"For the other {i}", text="Private", html=""), to_email=other.email
        )
    GuestAddress.objects.update_or_create(email=person.email, defaults={"stopped_at": now})
