"""The yearly rollover: the secretariat drafts year N+1 from year N, reviews it, then switches.

It lives here, above teams, because a year's draft carries its milestone plan as well as its groups.

`cycle_draft` writes the whole draft in one transaction and changes nothing of year N: the new
cycle (a draft, seen only by the secretariat), the groups carried over (renamed or kept; the others
retire, staying in year N), the milestone plan copied as drafts with each date moved by the days
between the two annual meetings, and the MAG members whose term ends with year N.
`cycle_switch` is the one confirmed step that makes the draft current, in one transaction: year N's
facilitator roles end, the MAG terms chosen on the draft end (those people become past MAG members;
their memberships of year N keep their capacity and dates), and the audit log records it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.enums import AuditAction, Role
from accounts.models import User
from accounts.services import audit_record, user_set_role
from common.forms import date_window
from common.timezones import zone_info
from common.versions import version_bump
from teams.enums import OPEN_FACILITATOR_STATUSES, FacilitatorStatus
from teams.models import Cycle, FacilitatorRole, IssueTeam

from ..enums import MilestoneStatus
from ..models import Milestone

CYCLE_NAME_MAX = 120
GROUP_TITLE_MAX = 200
SLUG_MAX = 80


def shifted_due(due_at: datetime, zone_name: str, days: int) -> datetime:
    """`due_at` moved by `days` whole days on the wall clock of the zone it was entered in: a
    deadline at 17:00 in Geneva stays at 17:00 in Geneva, whatever the daylight-saving time on
    either date. A wall time that does not exist on the new day (the hour skipped in spring) reads
    with the offset before the change, that is one hour later on the clock; one that happens twice
    (autumn) is the first."""
    zone = zone_info(zone_name)
    wall = due_at.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


@dataclass(frozen=True)
class DraftPlan:
    """What drafting would copy: the groups kept (with their new names) and each milestone with
    its date in the new year; the page shows it before anything is saved."""

    shift_days: int
    milestones: list[tuple[Milestone, datetime]]


def _shift_days(previous: Cycle, *, previous_meeting_on: date | None, annual_meeting_on: date) -> int:
    year = previous.year + 1
    previous_meeting_on = previous.annual_meeting_on or previous_meeting_on
    errors = {}
    if previous_meeting_on is None:
        errors["previous_meeting_on"] = _("Give the date of %(year)s's annual meeting.") % {
            "year": previous.year
        }
    elif previous_meeting_on.year != previous.year:
        errors["previous_meeting_on"] = _(
            "Choose a day in %(year)s: the annual meeting falls in its own year."
        ) % {"year": previous.year}
    if annual_meeting_on is None or annual_meeting_on.year != year:
        errors["annual_meeting_on"] = _(
            "Choose a day in %(year)s: the annual meeting falls in its own year."
        ) % {"year": year}
    if errors:
        raise ValidationError(errors)
    return (annual_meeting_on - previous_meeting_on).days


def draft_plan(*, previous: Cycle, previous_meeting_on: date | None, annual_meeting_on: date) -> DraftPlan:
    """Each milestone of `previous` with its date in the new year. Raises ValidationError for
    meeting dates outside their years or a moved date outside the dates the site keeps."""
    days = _shift_days(previous, previous_meeting_on=previous_meeting_on, annual_meeting_on=annual_meeting_on)
    first, last = date_window()
    moved = []
    for milestone in Milestone.objects.filter(cycle=previous).order_by("due_at", "pk"):
        due = shifted_due(milestone.due_at, milestone.entered_time_zone, days)
        if not first <= due <= last:
            raise ValidationError(
                {
                    "annual_meeting_on": _(
                        "“%(title)s” would fall outside the dates the site keeps; choose a nearer date."
                    )
                    % {"title": milestone.title}
                }
            )
        moved.append((milestone, due))
    return DraftPlan(shift_days=days, milestones=moved)


def _carried_group(team: IssueTeam, cycle: Cycle, title: str, taken: set[str]) -> IssueTeam:
    renamed = bool(title) and title != team.title
    translations = dict(team.translations or {})
    if renamed:
        # The old name's translations do not name the new group.
        translations = {
            language: {field: text for field, text in texts.items() if field != "title"}
            for language, texts in translations.items()
        }
    slug = team.slug
    if renamed:
        base = (slugify(title)[:SLUG_MAX].strip("-")) or "group"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base[: SLUG_MAX - len(str(n)) - 1]}-{n}"
    taken.add(slug)
    return IssueTeam(
        cycle=cycle,
        kind=team.kind,
        area=team.area,
        title=title if renamed else team.title,
        slug=slug,
        description=team.description,
        minutes_due_days=team.minutes_due_days,
        quorum_kind=team.quorum_kind,
        quorum_value=team.quorum_value,
        original_language=team.original_language,
        translations=translations,
        carried_from=team,
    )


@transaction.atomic
def cycle_draft(
    *,
    actor: User,
    previous: Cycle,
    name: str,
    annual_meeting_on: date,
    previous_meeting_on: date | None = None,
    carry: Mapping[int, str],
    terms_ending: Iterable[User] = (),
) -> Cycle:
    """Draft the year after `previous` (the current year), all or nothing.

    `carry` maps each group of `previous` to carry over (its id) to its new name ("" keeps the
    name); a group left out retires (it stays in `previous`, and no group of the new year follows
    it). Members and facilitators are not carried: facilitator roles end with their year, and
    people join the new year's groups themselves. Each milestone of `previous` is copied as a draft,
    its date moved by the days between the two annual meetings (`shifted_due`), concerning the
    same groups where they carry over; one that concerned only retired groups is not copied.
    `terms_ending`: current MAG members whose term ends when the new year begins (`cycle_switch`).
    Nothing of `previous` changes."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the year a name.")})
    if len(name) > CYCLE_NAME_MAX:
        raise ValidationError(
            {"name": _("Keep the name within %(max)d characters.") % {"max": CYCLE_NAME_MAX}}
        )
    # Lock the current year: two drafts started at once make one, the other is refused below.
    previous = Cycle.objects.select_for_update().get(pk=previous.pk)
    if not previous.is_current:
        raise ValidationError(_("A new year is drafted from the current year only."))
    year = previous.year + 1
    if Cycle.objects.filter(year=year).exists():
        raise ValidationError(_("The year %(year)s already exists.") % {"year": year})
    plan = draft_plan(
        previous=previous, previous_meeting_on=previous_meeting_on, annual_meeting_on=annual_meeting_on
    )
    teams = {team.pk: team for team in IssueTeam.objects.filter(cycle=previous).select_related("area")}
    unknown = set(carry) - set(teams)
    if unknown:
        raise ValidationError(
            _("Some of the groups chosen are not groups of %(year)s.") % {"year": previous.year}
        )
    for title in carry.values():
        if len((title or "").strip()) > GROUP_TITLE_MAX:
            raise ValidationError(
                _("Keep each group's name within %(max)d characters.") % {"max": GROUP_TITLE_MAX}
            )
    ending = list(User.objects.filter(pk__in=[u.pk for u in terms_ending], role=Role.MAG))

    cycle = Cycle(
        year=year,
        name=name,
        is_draft=True,
        drafted_from=previous,
        annual_meeting_on=annual_meeting_on,
    )
    cycle.full_clean()
    cycle.save()
    cycle.mag_terms_ending.set(ending)

    taken: set[str] = set()
    # Groups keeping their slug first, so that a renamed one never takes a kept one's address.
    kept_first = sorted(carry.items(), key=lambda item: bool((item[1] or "").strip()))
    carried = {}
    for team_id, title in kept_first:
        group = _carried_group(teams[team_id], cycle, (title or "").strip(), taken)
        group.full_clean(validate_unique=False, validate_constraints=False)
        carried[team_id] = group
    IssueTeam.objects.bulk_create(carried.values())

    copied = _copy_milestones(plan, cycle, carried)
    version_bump("teams", "milestones")
    audit_record(
        actor=actor,
        action=AuditAction.CYCLE_DRAFTED,
        target=cycle.name,
        year=year,
        drafted_from=previous.year,
        shift_days=plan.shift_days,
        groups_carried=sorted(group.slug for group in carried.values()),
        groups_retired=sorted(team.slug for pk, team in teams.items() if pk not in carried),
        milestones_copied=copied,
        mag_terms_ending=sorted(user.email for user in ending),
    )
    return cycle


def _copy_milestones(plan: DraftPlan, cycle: Cycle, carried: dict[int, IssueTeam]) -> int:
    originals = [milestone for milestone, _due in plan.milestones]
    concerned: dict[int, list[int]] = {}
    for link in Milestone.teams.through.objects.filter(milestone__in=originals):
        concerned.setdefault(link.milestone_id, []).append(link.issueteam_id)
    now = timezone.now()
    copies, team_links = [], []
    for milestone, due in plan.milestones:
        teams = [carried[pk] for pk in concerned.get(milestone.pk, []) if pk in carried]
        if not milestone.all_teams and not teams:
            continue
        copy = Milestone(
            cycle=cycle,
            title=milestone.title,
            description=milestone.description,
            kind=milestone.kind,
            due_at=due,
            entered_time_zone=milestone.entered_time_zone,
            all_teams=milestone.all_teams,
            requires_deliverable=milestone.requires_deliverable,
            is_public=milestone.is_public,
            reminder_offsets=list(milestone.reminder_offsets or []),
            status=MilestoneStatus.DRAFT,
            created_at=now,
            updated_at=now,
            original_language=milestone.original_language,
            translations=dict(milestone.translations or {}),
        )
        copies.append(copy)
        team_links.append(teams)
    Milestone.objects.bulk_create(copies)
    Through = Milestone.teams.through
    Through.objects.bulk_create(
        [
            Through(milestone_id=copy.pk, issueteam_id=team.pk)
            for copy, teams in zip(copies, team_links, strict=True)
            for team in teams
        ]
    )
    return len(copies)


@transaction.atomic
def cycle_switch(*, actor: User, cycle: Cycle, confirmed: bool) -> Cycle:
    """Make the draft `cycle` the current year: one confirmed step, all or nothing.

    The year it was drafted from must still be current; it becomes the archive. Its open facilitator
    roles (volunteered or confirmed) end with it (`ENDED`); the MAG members chosen on the draft
    become past MAG members (through accounts' `user_set_role`, audited each), and their memberships
    of the years before keep the capacity they held then. One audit row records the switch."""
    if not confirmed:
        raise ValidationError(_("Tick the box to confirm the switch."))
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not cycle.is_draft:
        raise ValidationError(_("%(name)s is not a draft.") % {"name": cycle.name})
    previous = Cycle.objects.select_for_update().filter(is_current=True).first()
    if previous is None or previous.pk != cycle.drafted_from_id:
        raise ValidationError(
            _("%(name)s was drafted from a year that is no longer the current one.") % {"name": cycle.name}
        )
    now = timezone.now()
    roles_ended = FacilitatorRole.objects.filter(
        team__cycle=previous, status__in=OPEN_FACILITATOR_STATUSES
    ).update(status=FacilitatorStatus.ENDED, decided_at=now, decided_by=actor)
    previous.is_current = False
    previous.save(update_fields=["is_current"])
    cycle.is_draft, cycle.is_current, cycle.started_at = False, True, now
    cycle.save(update_fields=["is_draft", "is_current", "started_at"])
    ending = list(cycle.mag_terms_ending.filter(role=Role.MAG))
    for user in ending:
        user_set_role(actor=actor, user=user, role=Role.PAST_MAG)
    version_bump("teams", "milestones", "people")
    audit_record(
        actor=actor,
        action=AuditAction.CYCLE_SWITCHED,
        target=cycle.name,
        year=cycle.year,
        previous_year=previous.year,
        facilitator_roles_ended=roles_ended,
        mag_terms_ended=sorted(user.email for user in ending),
    )
    return cycle
