"""The yearly rollover: what the database holds after a draft and after the switch, year N unchanged
while N+1 is a draft, nothing half-done when drafting fails, and milestone dates moved on the wall
clock of the zone they were entered in."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from accounts.enums import AuditAction, Role
from accounts.models import AuditEvent
from schedule.enums import MilestoneStatus
from schedule.models import Milestone
from schedule.services import years
from schedule.services.milestones import milestone_publish
from schedule.services.years import cycle_draft, cycle_switch, shifted_due
from teams.enums import Capacity, FacilitatorStatus
from teams.models import Cycle, FacilitatorRole, IssueTeam, Membership
from teams.selectors import carry_over_questions
from teams.services import carry_over_answer, facilitator_volunteer, membership_create, membership_delete
from tests.factories import (
    CycleFactory,
    FacilitatorRoleFactory,
    GroupFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MagFactory,
    MembershipFactory,
    MilestoneFactory,
    SecretariatFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_n(now):
    """The current year (the clock's), with two issue teams and a working group, a facilitator,
    members and three milestones, one of them for the working group only."""
    cycle = CycleFactory(year=now.year, annual_meeting_on=date(now.year, 12, 6))
    trust = IssueTeamFactory(cycle=cycle, area=IssueAreaFactory(name="Trust", slug="trust"))
    access = IssueTeamFactory(cycle=cycle, area=IssueAreaFactory(name="Access", slug="access"))
    hybrid = GroupFactory(cycle=cycle, title="Hybrid meetings", slug="hybrid-meetings")
    FacilitatorRoleFactory(team=trust, user=MagFactory(email="chair@example.org"), kind="chair")
    MembershipFactory(team=access, user=MagFactory(email="leaving@example.org"), capacity=Capacity.MAG)
    MilestoneFactory(cycle=cycle, title="Workshop proposals", due_at=now + timedelta(days=20))
    MilestoneFactory(cycle=cycle, title="Programme published", due_at=now + timedelta(days=60))
    only_hybrid = MilestoneFactory(cycle=cycle, title="Hybrid report", all_teams=False)
    only_hybrid.teams.set([hybrid])
    return cycle


def _snapshot(cycle):
    """Everything of a year that a draft must leave alone."""
    return {
        "cycle": model_to_dict(Cycle.objects.get(pk=cycle.pk), exclude=["mag_terms_ending"]),
        "teams": [model_to_dict(t) for t in IssueTeam.objects.filter(cycle=cycle).order_by("pk")],
        "memberships": list(Membership.objects.filter(team__cycle=cycle).order_by("pk").values()),
        "roles": list(FacilitatorRole.objects.filter(team__cycle=cycle).order_by("pk").values()),
        "milestones": [
            model_to_dict(m, exclude=["teams"]) for m in Milestone.objects.filter(cycle=cycle).order_by("pk")
        ],
        "people": sorted(
            MagFactory._meta.model.objects.exclude(role=Role.SECRETARIAT).values_list("email", "role")
        ),
    }


def _draft(year_n, *, carry=None, terms_ending=(), meeting=None):
    teams = {t.slug: t for t in IssueTeam.objects.filter(cycle=year_n)}
    carry = carry if carry is not None else {"trust": "", "hybrid-meetings": "Hybrid and online meetings"}
    return cycle_draft(
        actor=SecretariatFactory(),
        previous=year_n,
        name=f"IGF {year_n.year + 1}",
        annual_meeting_on=meeting or date(year_n.year + 1, 12, 16),
        carry={teams[slug].pk: title for slug, title in carry.items()},
        terms_ending=terms_ending,
    )


def test_a_draft_holds_the_groups_kept_renamed_and_the_milestones_moved(year_n):
    draft = _draft(year_n)

    assert (draft.year, draft.is_draft, draft.is_current, draft.drafted_from) == (
        year_n.year + 1,
        True,
        False,
        year_n,
    )
    groups = {g.slug: g for g in IssueTeam.objects.filter(cycle=draft)}
    # Access retired; trust kept under its area's name; the working group renamed, with a new address.
    assert set(groups) == {"trust", "hybrid-and-online-meetings"}
    assert groups["hybrid-and-online-meetings"].title == "Hybrid and online meetings"
    assert not Membership.objects.filter(team__cycle=draft).exists()
    assert not FacilitatorRole.objects.filter(team__cycle=draft).exists()
    # 10 days later in the year than the annual meeting before it: 365 + 10 days later.
    shift = (date(year_n.year + 1, 12, 16) - date(year_n.year, 12, 6)).days
    copies = {m.title: m for m in Milestone.objects.filter(cycle=draft)}
    for original in Milestone.objects.filter(cycle=year_n):
        assert copies[original.title].due_at == original.due_at + timedelta(days=shift)  # UTC: no DST
        assert copies[original.title].status == MilestoneStatus.DRAFT
    assert list(copies["Hybrid report"].teams.all()) == [groups["hybrid-and-online-meetings"]]
    event = AuditEvent.objects.get(action=AuditAction.CYCLE_DRAFTED)
    assert event.details["groups_retired"] == ["access"] and event.details["milestones_copied"] == 3


def test_nothing_of_year_n_changes_while_the_next_is_a_draft(year_n):
    before = _snapshot(year_n)
    _draft(year_n, terms_ending=[MagFactory._meta.model.objects.get(email="leaving@example.org")])
    assert _snapshot(year_n) == before
    assert Cycle.objects.get(is_current=True) == year_n


def test_a_milestone_of_only_retired_groups_is_not_copied(year_n):
    draft = _draft(year_n, carry={"trust": ""})
    assert "Hybrid report" not in set(Milestone.objects.filter(cycle=draft).values_list("title", flat=True))


def test_a_failure_midway_leaves_nothing_of_the_draft(year_n, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    before = _snapshot(year_n)
    monkeypatch.setattr(years, "_copy_milestones", broken)
    with pytest.raises(RuntimeError):
        _draft(year_n)
    assert not Cycle.objects.filter(year=year_n.year + 1).exists()
    assert IssueTeam.objects.count() == 3 and Milestone.objects.count() == 3
    assert not AuditEvent.objects.filter(action=AuditAction.CYCLE_DRAFTED).exists()
    assert _snapshot(year_n) == before


@pytest.mark.parametrize(
    ("meeting", "field"),
    [(date(2000, 12, 1), "annual_meeting_on"), (None, "annual_meeting_on")],
)
def test_the_new_annual_meeting_is_in_the_new_year(year_n, meeting, field):
    with pytest.raises(ValidationError) as refused:
        cycle_draft(
            actor=SecretariatFactory(),
            previous=year_n,
            name="IGF next",
            annual_meeting_on=meeting,
            carry={},
        )
    assert field in refused.value.message_dict
    assert not Cycle.objects.filter(is_draft=True).exists()


def test_a_milestone_moved_past_the_dates_kept_is_refused_naming_it(year_n, now):
    MilestoneFactory(cycle=year_n, title="Far away", due_at=now.replace(year=now.year + 9))
    with pytest.raises(ValidationError, match="Far away"):
        _draft(year_n, meeting=date(year_n.year + 1, 12, 31))
    assert not Cycle.objects.filter(year=year_n.year + 1).exists()


def test_a_year_is_drafted_once(year_n):
    _draft(year_n)
    with pytest.raises(ValidationError):
        _draft(year_n)


def test_a_drafts_milestone_is_not_published_before_the_switch(year_n):
    draft = _draft(year_n)
    milestone = Milestone.objects.filter(cycle=draft).first()
    with pytest.raises(ValidationError, match="draft"):
        milestone_publish(actor=SecretariatFactory(), milestone=milestone)


def test_the_switch_makes_the_draft_current_ends_roles_and_terms_and_is_audited(year_n, now):
    leaving = MagFactory._meta.model.objects.get(email="leaving@example.org")
    draft = _draft(year_n, terms_ending=[leaving])
    secretariat = SecretariatFactory(email="switcher@example.org")

    cycle_switch(actor=secretariat, cycle=draft, confirmed=True)

    year_n.refresh_from_db()
    draft.refresh_from_db()
    assert (draft.is_current, draft.is_draft, draft.started_at) == (True, False, now)
    assert not year_n.is_current and not year_n.is_draft
    role = FacilitatorRole.objects.get(team__cycle=year_n)
    assert (role.status, role.decided_at, role.decided_by) == (FacilitatorStatus.ENDED, now, secretariat)
    leaving.refresh_from_db()
    assert leaving.role == Role.PAST_MAG
    # Their place in year N is kept as it was: a MAG member of that year, joined when they joined.
    membership = Membership.objects.get(user=leaving)
    assert membership.capacity == Capacity.MAG
    # The record of when their term ended stays on the year that began then.
    assert list(leaving.mag_terms_ended_with.all()) == [draft]
    event = AuditEvent.objects.get(action=AuditAction.CYCLE_SWITCHED)
    assert event.actor == secretariat
    assert event.details == {
        "year": draft.year,
        "previous_year": year_n.year,
        "facilitator_roles_ended": 1,
        "mag_terms_ended": ["leaving@example.org"],
    }


def test_the_switch_needs_its_confirmation_and_changes_nothing_without_it(year_n):
    draft = _draft(year_n)
    with pytest.raises(ValidationError):
        cycle_switch(actor=SecretariatFactory(), cycle=draft, confirmed=False)
    assert Cycle.objects.get(is_current=True) == year_n
    assert FacilitatorRole.objects.get().status == FacilitatorStatus.CONFIRMED


def test_a_failed_switch_leaves_the_year_as_it_was(year_n, monkeypatch):
    leaving = MagFactory._meta.model.objects.get(email="leaving@example.org")
    draft = _draft(year_n, terms_ending=[leaving])

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(years, "user_set_role", broken)
    with pytest.raises(RuntimeError):
        cycle_switch(actor=SecretariatFactory(), cycle=draft, confirmed=True)
    assert Cycle.objects.get(is_current=True) == year_n
    assert Cycle.objects.get(pk=draft.pk).is_draft
    assert FacilitatorRole.objects.get().status == FacilitatorStatus.CONFIRMED
    assert not AuditEvent.objects.filter(action=AuditAction.CYCLE_SWITCHED).exists()


@pytest.mark.parametrize(
    ("due", "zone", "days", "expected"),
    [
        # 17:00 in Geneva in winter (16:00 UTC) is 17:00 in Geneva in summer (15:00 UTC).
        (
            datetime(2026, 3, 20, 16, 0, tzinfo=UTC),
            "Europe/Zurich",
            10,
            datetime(2026, 3, 30, 15, 0, tzinfo=UTC),
        ),
        # ...and back across the autumn change.
        (
            datetime(2026, 10, 20, 15, 0, tzinfo=UTC),
            "Europe/Zurich",
            10,
            datetime(2026, 10, 30, 16, 0, tzinfo=UTC),
        ),
        # 02:30 does not exist on 29 March 2026 in Zurich: read with the winter offset (03:30 on the clock).
        (
            datetime(2026, 3, 28, 1, 30, tzinfo=UTC),
            "Europe/Zurich",
            1,
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        ),
        # Month ends are whole days: 31 January + 29 days is 1 March in a leap year, 29 February none.
        (datetime(2028, 1, 31, 12, 0, tzinfo=UTC), "UTC", 29, datetime(2028, 2, 29, 12, 0, tzinfo=UTC)),
        (datetime(2027, 1, 31, 12, 0, tzinfo=UTC), "UTC", 29, datetime(2027, 3, 1, 12, 0, tzinfo=UTC)),
        # Southern hemisphere, moved back a year: 09:00 in Sydney stays 09:00.
        (
            datetime(2027, 1, 10, 22, 0, tzinfo=UTC),
            "Australia/Sydney",
            -180,
            datetime(2026, 7, 14, 23, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_milestone_keeps_its_wall_clock_time_in_its_zone(due, zone, days, expected):
    assert shifted_due(due, zone, days) == expected


# After the switch: year N is the archive, read-only.


def test_after_the_switch_year_ns_groups_no_longer_change(year_n):
    draft = _draft(year_n)
    cycle_switch(actor=SecretariatFactory(), cycle=draft, confirmed=True)
    access = IssueTeam.objects.get(cycle=year_n, slug="access")
    leaving = MagFactory._meta.model.objects.get(email="leaving@example.org")
    newcomer = MagFactory(email="newcomer@example.org")
    before = _snapshot(year_n)
    for attempt in (
        lambda: membership_create(user=newcomer, team=access, capacity=Capacity.MAG),
        lambda: membership_delete(user=leaving, team=access),
        lambda: facilitator_volunteer(user=newcomer, team=access, kind="co_chair"),
    ):
        with pytest.raises(ValidationError, match="not the current year"):
            attempt()
    assert _snapshot(year_n) == before


def test_a_drafts_groups_take_no_members_before_the_switch(year_n):
    draft = _draft(year_n)
    group = IssueTeam.objects.get(cycle=draft, slug="trust")
    with pytest.raises(ValidationError, match="not the current year"):
        membership_create(user=MagFactory(), team=group, capacity=Capacity.MAG)
    assert not group.memberships.exists()


# After the switch: last year's members are asked, once, whether to join the group carrying theirs on.


def test_last_years_members_are_asked_once_whether_to_join_the_group_carrying_theirs_on(year_n):
    leaving = MagFactory._meta.model.objects.get(email="leaving@example.org")
    chair = MagFactory._meta.model.objects.get(email="chair@example.org")
    draft = _draft(year_n, carry={"trust": "", "access": ""}, terms_ending=[leaving])
    cycle_switch(actor=SecretariatFactory(), cycle=draft, confirmed=True)
    access, trust = (IssueTeam.objects.get(cycle=draft, slug=slug) for slug in ("access", "trust"))
    assert carry_over_questions(user=leaving) == [access]
    assert carry_over_questions(user=chair) == [trust]

    # Their term ended: they join as past MAG member.
    leaving.refresh_from_db()
    carry_over_answer(user=leaving, team=access, join=True)
    assert Membership.objects.get(user=leaving, team=access).capacity == Capacity.PAST_MAG
    carry_over_answer(user=chair, team=trust, join=False)
    assert not Membership.objects.filter(user=chair, team=trust).exists()
    # Asked once: the first answer stands.
    carry_over_answer(user=chair, team=trust, join=True)
    assert not Membership.objects.filter(user=chair, team=trust).exists()
    assert carry_over_questions(user=leaving) == [] and carry_over_questions(user=chair) == []
    # Someone who was not in last year's group is not asked, and cannot answer.
    with pytest.raises(ValidationError):
        carry_over_answer(user=MagFactory(), team=trust, join=True)
