"""What meetings' records ask of people, by email, each at most once (the ledger's keys in
notifications/ledger_keys.py): a reminder REMIND_BEFORE an action item is due and one notice once it
is overdue, to whoever answers for it (its owner, or each member of the secretariat for the
secretariat's); one reminder to the facilitators when a meeting's minutes are not in its team's
`minutes_due_days` after it ended; one reminder to the owner of a read-ahead paper still requested
PAPER_REMIND_BEFORE its due moment (or later, until the meeting starts). Beat runs
`record_reminders` every few minutes."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from common.timezones import plain_when
from notifications import ledger_keys
from notifications.chores import chore_run
from notifications.emails import absolute_url
from notifications.enums import Chore, MailKind
from notifications.models import NotificationLedger
from notifications.services.notices import notice_for, notices_record
from teams.enums import FacilitatorStatus
from teams.models import FacilitatorRole

from ..enums import ActionItemStatus, MeetingStatus, PaperStatus
from ..models import ActionItem, Meeting, MeetingPaper
from ..models.papers import DUE_DAYS_MAX

REMIND_BEFORE = timedelta(days=2)
PAPER_REMIND_BEFORE = timedelta(days=1)
# Ledger keys looked up per query.
KEYS_CHUNK = 1000
# Overdue notices go for items due at most this long ago; minutes reminders for meetings that
# ended at most this long ago (nobody is told about last year's).
LATE_WINDOW = timedelta(days=30)
# The longest a team may give itself for its minutes (IssueTeam.minutes_due_days).
MINUTES_DAYS_MAX = 30


def _answering(item: ActionItem, secretariat: list[User]) -> list[User]:
    if item.owner_is_secretariat:
        return secretariat
    return [item.owner] if item.owner is not None and item.owner.is_active else []


def _secretariat() -> list[User]:
    return list(User.objects.filter(role=Role.SECRETARIAT, is_active=True))


def _action_key(item: ActionItem, user: User, now) -> str:
    if item.due_at <= now:
        return ledger_keys.action_item_overdue(item.pk, user.pk, item.due_at)
    return ledger_keys.action_item_reminder(item.pk, user.pk, item.due_at)


def _action_item_notices(item: ActionItem, *, now, secretariat: list[User]) -> list[int]:
    """The reminder before `item` is due or, once it passed, its overdue notice, to each person who
    answers for it, unless the ledger has it."""
    overdue = item.due_at <= now
    link = absolute_url(reverse("schedule:action_items"))
    notices = []
    for user in _answering(item, secretariat):
        values = {"text": item.text[:120], "when": plain_when(item.due_at, user.zone)}
        key = _action_key(item, user, now)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            if overdue:
                summary = _("“%(text)s” was due %(when)s and is still open.") % values
            else:
                summary = _("“%(text)s” is due %(when)s.") % values
        notices.append(
            notice_for(
                key=key,
                kind=MailKind.ACTION_OVERDUE if overdue else MailKind.ACTION_REMINDER,
                template="action_item_overdue" if overdue else "action_item_reminder",
                user=user,
                context={"item": item, "meeting": item.meeting, "link": link},
                summary=summary,
                subject=item,
            )
        )
    return notices_record(notices)


def _leads_by_team(team_ids) -> dict[int, list[User]]:
    """The confirmed facilitators of each team, in one query."""
    leads = defaultdict(list)
    for role in FacilitatorRole.objects.filter(
        team_id__in=team_ids, status=FacilitatorStatus.CONFIRMED, user__is_active=True
    ).select_related("user"):
        leads[role.team_id].append(role.user)
    return leads


def _minutes_notices(meeting: Meeting, leads: list[User]) -> list[int]:
    """One reminder to each confirmed facilitator of the meeting's team that its minutes are not in."""
    link = absolute_url(reverse("schedule:meeting_record", args=[meeting.pk]))
    return notices_record(
        [
            notice_for(
                key=ledger_keys.minutes_due(meeting.pk, user.pk),
                kind=MailKind.MINUTES_DUE,
                template="minutes_due",
                user=user,
                context={"meeting": meeting, "link": link, "days": meeting.team.minutes_due_days},
                subject=meeting,
            )
            for user in leads
        ]
    )


def _paper_notices(paper: MeetingPaper) -> list[int]:
    """The "paper due" reminder to the paper's owner, unless the ledger has it."""
    user, meeting = paper.owner, paper.meeting
    link = absolute_url(reverse("schedule:meeting", args=[meeting.pk]) + "#papers")
    with translation.override(user.language or settings.LANGUAGE_CODE):
        summary = _("The paper “%(title)s” for “%(meeting)s” is due %(when)s.") % {
            "title": paper.title[:120],
            "meeting": meeting.title,
            "when": plain_when(paper.due_at, user.zone),
        }
    return notices_record(
        [
            notice_for(
                key=ledger_keys.paper_due(paper.pk, user.pk, paper.due_at),
                kind=MailKind.PAPER_DUE,
                template="paper_due",
                user=user,
                context={"paper": paper, "meeting": meeting, "link": link},
                summary=summary,
                subject=meeting,
            )
        ]
    )


def due_papers(*, now) -> list[MeetingPaper]:
    """Requested papers with an active owner still in the group, whose reminder moment
    (PAPER_REMIND_BEFORE their due moment) has come, of scheduled meetings that have not started.
    Filtered in two steps: the meetings of the next DUE_DAYS_MAX days in SQL, each paper's own
    days here."""
    candidates = (
        MeetingPaper.objects.filter(
            status=PaperStatus.REQUESTED,
            owner__isnull=False,
            owner__is_active=True,
            meeting__status=MeetingStatus.SCHEDULED,
            meeting__start__gt=now,
            meeting__start__lte=now + timedelta(days=DUE_DAYS_MAX) + PAPER_REMIND_BEFORE,
            # Not someone who has left the group since.
            owner__memberships__team_id=F("meeting__team_id"),
        )
        .select_related("owner", "meeting__team__area")
        .order_by("meeting__start", "pk")
    )
    return [paper for paper in candidates if paper.due_at - PAPER_REMIND_BEFORE <= now]


def due_action_items(*, now):
    """Open action items whose reminder moment has come (and not more than LATE_WINDOW overdue)."""
    return (
        ActionItem.objects.filter(
            status=ActionItemStatus.OPEN, due_at__lte=now + REMIND_BEFORE, due_at__gt=now - LATE_WINDOW
        )
        .select_related("owner", "meeting__team__area")
        .order_by("due_at", "pk")
    )


def meetings_without_minutes(*, now):
    """Meetings that ended more than their team's `minutes_due_days` ago (within LATE_WINDOW) and
    have no minutes yet. Filtered in two steps: the window in SQL, the team's own delay here."""
    candidates = (
        Meeting.objects.filter(
            status=MeetingStatus.SCHEDULED,
            end__lte=now - timedelta(days=1),
            end__gt=now - LATE_WINDOW - timedelta(days=MINUTES_DAYS_MAX),
        )
        .filter(Q(record__isnull=True) | Q(record__minutes_published_at__isnull=True))
        .select_related("team__area")
        .order_by("end", "pk")
    )
    return [
        m
        for m in candidates
        if m.end + timedelta(days=m.team.minutes_due_days) <= now
        and now - (m.end + timedelta(days=m.team.minutes_due_days)) < LATE_WINDOW
    ]


def record_reminders(*, now=None) -> list[int]:
    """Record and queue every action-item reminder, overdue notice and minutes reminder that is due.
    Safe to run twice at once (the ledger's keys); each item and each meeting is one item of the
    chore: one that fails is recorded for the secretariat and the others' emails still go."""
    now = now or timezone.now()
    with chore_run(Chore.RECORD_REMINDERS) as run:
        items = list(due_action_items(now=now))
        secretariat = _secretariat() if any(item.owner_is_secretariat for item in items) else []
        meetings = meetings_without_minutes(now=now)
        leads = _leads_by_team({meeting.team_id for meeting in meetings})
        # What the ledger already has is skipped before any work: a run with nothing new to send
        # costs the same few queries however many items and meetings wait.
        item_keys = {
            item.pk: {_action_key(item, u, now) for u in _answering(item, secretariat)} for item in items
        }
        meeting_keys = {
            m.pk: {ledger_keys.minutes_due(m.pk, u.pk) for u in leads[m.team_id]} for m in meetings
        }
        papers = due_papers(now=now)
        paper_keys = {p.pk: ledger_keys.paper_due(p.pk, p.owner_id, p.due_at) for p in papers}
        recorded = _recorded(set().union(*item_keys.values(), *meeting_keys.values(), paper_keys.values()))
        ids = run.each(
            [item for item in items if not item_keys[item.pk] <= recorded],
            lambda item: _action_item_notices(item, now=now, secretariat=secretariat),
            describe=lambda item: f"action item {item.pk}",
        )
        ids += run.each(
            [meeting for meeting in meetings if not meeting_keys[meeting.pk] <= recorded],
            lambda meeting: _minutes_notices(meeting, leads[meeting.team_id]),
            describe=lambda meeting: f"minutes of meeting {meeting.pk} “{meeting.title}”",
        )
        ids += run.each(
            [paper for paper in papers if paper_keys[paper.pk] not in recorded],
            _paper_notices,
            describe=lambda paper: f"paper {paper.pk} “{paper.title}”",
        )
        return ids


def _recorded(keys: set[str]) -> set[str]:
    names = sorted(keys)
    found = set()
    for start in range(0, len(names), KEYS_CHUNK):
        found.update(
            NotificationLedger.objects.filter(key__in=names[start : start + KEYS_CHUNK]).values_list(
                "key", flat=True
            )
        )
    return found
