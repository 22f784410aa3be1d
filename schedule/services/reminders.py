"""Which milestone notices are due now: reminders before a milestone, overdue notices to
facilitators, and the reasons for reminders that will never go. Read-only; `sweep` records them."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from common.timezones import plain_when
from notifications import ledger_keys
from notifications.chores import chore_run
from notifications.enums import Chore, MailKind
from notifications.models import NotificationLedger
from notifications.services.notices import RECORD_CHUNK, Notice, Skip, notice_for, notices_record
from notifications.services.preferences import preferences_for
from teams.enums import ALL_TEAMS_KINDS, FacilitatorStatus
from teams.models import FacilitatorRole, Membership

from ..enums import DONE_STATUSES, MilestoneKind, MilestoneStatus
from ..models import Deliverable, Milestone

# Skipped reminders of milestones that passed while the system was down are recorded this far back.
PAST_WINDOW = timedelta(days=7)
# Overdue notices go out for deadlines missed at most this long ago (not for last year's).
OVERDUE_WINDOW = timedelta(days=30)


def reminder_moment(milestone: Milestone, days: int):
    """`days` calendar days before the milestone, at the same wall-clock time in the zone it was
    entered in: across a DST change, "3 days before 10:00" is still 10:00, not 09:00 or 11:00."""
    zone = zoneinfo.ZoneInfo(milestone.entered_time_zone)
    local = milestone.due_at.astimezone(zone).replace(tzinfo=None) - timedelta(days=days)
    return local.replace(tzinfo=zone).astimezone(UTC)


def _scope_members(milestones) -> dict[int, set[int]]:
    """milestone id → ids of the users in the teams it concerns (two queries for all milestones)."""
    cycles = {m.cycle_id for m in milestones}
    team_users: dict[int, set[int]] = defaultdict(set)
    cycle_teams: dict[int, set[int]] = defaultdict(set)
    for team_id, user_id, cycle_id, kind in Membership.objects.filter(
        team__cycle_id__in=cycles, user__is_active=True
    ).values_list("team_id", "user_id", "team__cycle_id", "team__kind"):
        team_users[team_id].add(user_id)
        if kind in ALL_TEAMS_KINDS:
            cycle_teams[cycle_id].add(team_id)
    scope = {}
    for milestone in milestones:
        teams = (
            cycle_teams[milestone.cycle_id] if milestone.all_teams else {t.pk for t in milestone.teams.all()}
        )
        scope[milestone.pk] = set().union(*(team_users[t] for t in teams)) if teams else set()
    return scope


def _reminder_notice(milestone, user, days, summaries: dict):
    # The digest line, in the reader's language (the title too, when it is translated) and zone,
    # the same for everyone with both: worked out once per language and zone.
    key = (milestone.pk, user.language, user.time_zone)
    if key not in summaries:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            summaries[key] = _("%(title)s is due %(when)s.") % {
                "title": milestone.localized("title"),
                "when": plain_when(milestone.due_at, user.zone),
            }
    summary = summaries[key]
    return notice_for(
        key=ledger_keys.reminder(milestone.pk, user.pk, days),
        kind=MailKind.REMINDER,
        template="reminder",
        context={"milestone": milestone, "days": days},
        user=user,
        summary=summary,
        subject=milestone,
    )


def due_reminders(*, now, milestones=None) -> tuple[list[Notice], list[Skip]]:
    """For each published milestone, each person in scope and each reminder offset they want
    whose moment has come and that is not in the ledger: the notice to send, or why not.

    Only the nearest offset is sent; an older one that is still unsent (the system was down,
    the person just joined, the date moved) is skipped as superseded, so nobody gets three
    reminders at once. Reminders of a milestone that has passed are skipped, with the reason.
    """
    horizon = now + timedelta(days=366)
    if milestones is None:
        milestones = Milestone.objects.filter(status=MilestoneStatus.PUBLISHED).prefetch_related("teams")
    milestones = [m for m in milestones if now - PAST_WINDOW < m.due_at <= horizon]
    if not milestones:
        return [], []
    scope = _scope_members(milestones)
    recorded = set(
        NotificationLedger.objects.filter(milestone__in=milestones, kind=MailKind.REMINDER).values_list(
            "key", flat=True
        )
    )
    return _due_reminders(now=now, milestones=milestones, scope=scope, recorded=recorded)


def _passed_offsets(milestone: Milestone, now) -> list[int]:
    """The milestone's reminder offsets whose moment has come."""
    return [d for d in sorted(set(milestone.reminder_offsets)) if reminder_moment(milestone, d) <= now]


def _due_reminders(*, now, milestones, scope, recorded) -> tuple[list[Notice], list[Skip]]:
    """due_reminders for the people in `scope` (milestone id → user ids), given the ledger keys
    already `recorded` among theirs."""
    users = User.objects.in_bulk(set().union(*scope.values()))
    prefs = preferences_for(users.values())
    notices, skips = [], []
    summaries = {}
    for milestone in milestones:
        passed = _passed_offsets(milestone, now)
        if not passed:
            continue
        for user_id in scope[milestone.pk]:
            wanted = [d for d in passed if d in prefs[user_id].reminder_offsets]
            unsent = [d for d in wanted if ledger_keys.reminder(milestone.pk, user_id, d) not in recorded]
            if not unsent:
                continue
            user = users[user_id]
            if milestone.due_at <= now:
                skips += [
                    Skip(
                        ledger_keys.reminder(milestone.pk, user_id, d),
                        MailKind.REMINDER,
                        user,
                        "the milestone had passed",
                        milestone,
                    )
                    for d in unsent
                ]
                continue
            nearest = min(wanted)
            if nearest in unsent:
                notices.append(_reminder_notice(milestone, user, nearest, summaries))
            skips += [
                Skip(
                    ledger_keys.reminder(milestone.pk, user_id, d),
                    MailKind.REMINDER,
                    user,
                    f"superseded by the {nearest}-day reminder",
                    milestone,
                )
                for d in unsent
                if d != nearest
            ]
    return notices, skips


def due_overdue_notices(*, now, milestones=None) -> list[Notice]:
    """Facilitators of each team whose deliverable for a passed deadline is not in get one notice
    (per version of the date)."""
    late = (
        Deliverable.objects.filter(
            milestone__status=MilestoneStatus.PUBLISHED,
            milestone__kind=MilestoneKind.DEADLINE,
            milestone__due_at__lte=now,
            milestone__due_at__gt=now - OVERDUE_WINDOW,
        )
        .exclude(status__in=DONE_STATUSES)
        .select_related("milestone", "team__area")
    )
    if milestones is not None:
        late = late.filter(milestone__in=milestones)
    late = list(late)
    if not late:
        return []
    leads = defaultdict(list)
    for role in FacilitatorRole.objects.filter(
        team__in={d.team_id for d in late}, status=FacilitatorStatus.CONFIRMED
    ).select_related("user"):
        leads[role.team_id].append(role.user)
    prefs = preferences_for([u for users in leads.values() for u in users])
    recorded = set(
        NotificationLedger.objects.filter(
            milestone__in={d.milestone_id for d in late}, kind=MailKind.OVERDUE
        ).values_list("key", flat=True)
    )
    notices = []
    for deliverable in late:
        milestone = deliverable.milestone
        for user in leads[deliverable.team_id]:
            key = ledger_keys.overdue(milestone.pk, deliverable.team_id, user.pk, milestone.sequence)
            if key in recorded or not prefs[user.pk].overdue_notices:
                continue
            with translation.override(user.language or settings.LANGUAGE_CODE):
                summary = _("%(team)s: “%(title)s” was due %(when)s and is not in yet.") % {
                    "team": deliverable.team.name,
                    "title": milestone.localized("title"),
                    "when": plain_when(milestone.due_at, user.zone),
                }
            notices.append(
                notice_for(
                    key=key,
                    kind=MailKind.OVERDUE,
                    template="overdue",
                    user=user,
                    summary=summary,
                    context={"deliverable": deliverable, "milestone": milestone},
                    subject=milestone,
                )
            )
    return notices


def _milestone_reminders_record(milestone: Milestone, *, now) -> list[int]:
    """Record a milestone's due reminders RECORD_CHUNK people at a time: a fixed number of
    queries and a bounded amount of memory per chunk, whatever the number of people."""
    if not now - PAST_WINDOW < milestone.due_at <= now + timedelta(days=366):
        return []
    passed = _passed_offsets(milestone, now)
    if not passed:
        return []
    people = sorted(_scope_members([milestone])[milestone.pk])
    ids = []
    for start in range(0, len(people), RECORD_CHUNK):
        chunk = people[start : start + RECORD_CHUNK]
        keys = [ledger_keys.reminder(milestone.pk, user_id, d) for user_id in chunk for d in passed]
        recorded = set(NotificationLedger.objects.filter(key__in=keys).values_list("key", flat=True))
        notices, skips = _due_reminders(
            now=now, milestones=[milestone], scope={milestone.pk: set(chunk)}, recorded=recorded
        )
        ids += notices_record(notices, skips)
    return ids


def _milestone_notices_record(milestone: Milestone, *, now) -> list[int]:
    return _milestone_reminders_record(milestone, now=now) + notices_record(
        due_overdue_notices(now=now, milestones=[milestone])
    )


def sweep(*, now=None) -> list[int]:
    """Record and queue every milestone notice that is due. Safe to run at the same time twice.

    Each milestone is one item of the chore: one whose notices cannot be computed or recorded
    (bad data, a template error) is rolled back, recorded for the secretariat and skipped, and
    the others' notices go."""
    now = now or timezone.now()
    with chore_run(Chore.REMINDER_SWEEP) as run:
        milestones = (
            Milestone.objects.filter(
                status=MilestoneStatus.PUBLISHED,
                due_at__gt=now - max(PAST_WINDOW, OVERDUE_WINDOW),
                due_at__lte=now + timedelta(days=366),
            )
            .prefetch_related("teams")
            .order_by("due_at", "pk")
        )
        return run.each(
            milestones,
            lambda milestone: _milestone_notices_record(milestone, now=now),
            describe=lambda milestone: f"milestone {milestone.pk} “{milestone.title}”",
        )
