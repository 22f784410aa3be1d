"""The keys of the sent-once ledger (NotificationLedger.key), built here and nowhere else.

A key names one email that must reach one person at most once: the ledger's unique constraint on
it is what makes a second send impossible (services/notices.py). Whatever a key is made of decides
when a new email is due: a milestone's `sequence` in its key means "once per version of the date",
a local date means "once a day". Code that needs to know what an entry is about reads the entry's
fields (`kind`, `user`, `subject`), never the key: keys are only ever compared whole.

Every function takes ids (not model instances), so that this module needs no app's models.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime


def reminder(milestone_id: int, user_id: int, days: int) -> str:
    """The reminder `days` before a milestone, to one person."""
    return f"reminder:{milestone_id}:{user_id}:{days}"


def overdue(milestone_id: int, team_id: int, user_id: int, sequence: int) -> str:
    """One facilitator told that their team's deliverable is late, per version of the date."""
    return f"overdue:{milestone_id}:{team_id}:{user_id}:{sequence}"


def date_change(milestone_id: int, user_id: int, sequence: int) -> str:
    """Someone reminded of a milestone told that its date moved, per version of the date."""
    return f"change:{milestone_id}:{user_id}:{sequence}"


def digest(user_id: int, local_date: date) -> str:
    """One person's daily digest, per day of their own calendar."""
    return f"digest:{user_id}:{local_date.isoformat()}"


def announcement(announcement_id: int, email: str) -> str:
    """One announcement to one address (a member and a follower with the same address get one)."""
    return f"announcement:{announcement_id}:{email}"


def subscription_confirmation(subscription_id: int, day: date) -> str:
    """The confirmation link of a subscription: one a day, however often the form is sent."""
    return f"subscription:{subscription_id}:{day.isoformat()}"


def poll_invitation(poll_id: int, invitee_id: int) -> str:
    """The invitation to a poll; the invitation task and a join at the same time share it."""
    return f"poll-invite:{poll_id}:{invitee_id}"


def poll_invitation_on_rejoining(poll_id: int, invitee_id: int, membership_id: int) -> str:
    """The invitation again, to someone whose invitation was revoked and who joined the team again."""
    return f"poll-invite:{poll_id}:{invitee_id}:membership-{membership_id}"


def poll_invitation_on_change(poll_id: int, invitee_id: int, sequence: int) -> str:
    """The invitation again, to a guest invited anew when the poll changed (its version `sequence`)."""
    return f"poll-invite:{poll_id}:{invitee_id}:change-{sequence}"


def poll_change(poll_id: int, sequence: int, invitee_id: int) -> str:
    """An invitee told that the poll's slots or deadline changed, per version of the poll."""
    return f"poll-change:{poll_id}:{sequence}:{invitee_id}"


def poll_nudge(poll_id: int, invitee_id: int, deadline: datetime) -> str:
    """The nudge before a poll's deadline, per invitation and deadline: a moved deadline arms a new
    one, and a deadline moved back to where it was is not nudged twice."""
    return f"poll-nudge:{poll_id}:{invitee_id}:{int(deadline.timestamp())}"


def poll_answered(poll_id: int, lead_id: int) -> str:
    """A facilitator told that everyone invited has answered."""
    return f"poll-answered:{poll_id}:{lead_id}"


def poll_summary(poll_id: int, lead_id: int) -> str:
    """A facilitator sent the best slots of a closed poll."""
    return f"poll-summary:{poll_id}:{lead_id}"


def meeting(meeting_id: int, sequence: int, address: str) -> str:
    """A meeting's invitation, update or cancellation to one attendee, per version of the meeting."""
    return f"meeting:{meeting_id}:{sequence}:{address}"


def meeting_withdrawn(meeting_id: int, sequence: int, attendance_id: int) -> str:
    """The cancellation of one attendance's copy when its person leaves the team."""
    return f"meeting-withdrawn:{meeting_id}:{sequence}:{attendance_id}"


def meeting_joined(meeting_id: int, sequence: int, attendance_id: int) -> str:
    """The invitation of someone who joined the team after the meeting was planned."""
    return f"meeting-joined:{meeting_id}:{sequence}:{attendance_id}"


def meeting_reminder(meeting_id: int, sequence: int, user_id: int) -> str:
    """The reminder the day before a meeting, per version of its time."""
    return f"meeting-reminder:{meeting_id}:{sequence}:{user_id}"


def action_item_reminder(item_id: int, user_id: int, due_at: datetime) -> str:
    """The reminder before an action item is due, to one person who answers for it, per due moment:
    a moved due date arms a new one."""
    return f"action-reminder:{item_id}:{user_id}:{int(due_at.timestamp())}"


def action_item_overdue(item_id: int, user_id: int, due_at: datetime) -> str:
    """The notice that an open action item passed its due moment, to one person, per due moment."""
    return f"action-overdue:{item_id}:{user_id}:{int(due_at.timestamp())}"


def minutes_due(meeting_id: int, user_id: int) -> str:
    """One facilitator reminded that a meeting's minutes are not in: once per meeting."""
    return f"minutes-due:{meeting_id}:{user_id}"


def paper_due(paper_id: int, user_id: int, due_at: datetime) -> str:
    """The reminder that a read-ahead paper is due, to its owner, per owner and due moment: a paper
    given to someone else, or a meeting moved, arms a new one."""
    return f"paper-due:{paper_id}:{user_id}:{int(due_at.timestamp())}"


def review_decision(decision_id: int, address: str) -> str:
    """One decision on a workshop proposal, to one proposer: a changed decision is a new one."""
    return f"review-decision:{decision_id}:{address}"


def review_condition_reminder(decision_id: int, address: str) -> str:
    """The one reminder of a conditional accept's condition, to one proposer."""
    return f"review-condition:{decision_id}:{address}"


def review_announcement(announcement_id: int, address: str) -> str:
    """One announcement to the proposers of a review round, to one address."""
    return f"review-announcement:{announcement_id}:{address}"


def account_mail() -> str:
    """A sign-in code, a confirmation or a reset link: each one is new, so each key is."""
    return f"account:{uuid.uuid4().hex}"


def speaker_invitation(panelist_id: int, invitation_round: int) -> str:
    """A panelist's invitation to speak, once per invitation (inviting again after a decline is a
    new round)."""
    return f"speaker-invite:{panelist_id}:{invitation_round}"


def speaker_nudge(panelist_id: int, invitation_round: int, reply_by: date) -> str:
    """The reminder before the reply-by date, once per invitation and date."""
    return f"speaker-nudge:{panelist_id}:{invitation_round}:{reply_by.isoformat()}"


def speaker_confirmed(panelist_id: int, invitation_round: int) -> str:
    """The confirmation, with the session's .ics, once per invitation."""
    return f"speaker-confirmed:{panelist_id}:{invitation_round}"


def speaker_withdrawn(panelist_id: int, invitation_round: int) -> str:
    """An invited or confirmed speaker told the invitation is withdrawn (the proposal withdrawn, or
    they were removed from its panel), once per invitation."""
    return f"speaker-withdrawn:{panelist_id}:{invitation_round}"


def speaker_time(panelist_id: int, invitation_round: int, time_sequence: int) -> str:
    """A confirmed speaker sent the session's new .ics, once per version of the proposed time."""
    return f"speaker-time:{panelist_id}:{invitation_round}:{time_sequence}"


def programme_release(release_id: int, address: str) -> str:
    """The changes of one release of the programme, to one address (a convener, a speaker, someone
    who chose the session): once per release, whoever they are to each session."""
    return f"programme-release:{release_id}:{address.strip().lower()}"
