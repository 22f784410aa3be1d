import zoneinfo
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command

from accounts.enums import Role
from accounts.models import CallHours, User
from igfmag.demo import TIMELINE_2021, load_demo_data
from proposals.models import Panelist, Proposal, ProposalComment, ProposalEvent
from registry.enums import ActivityStatus
from registry.models import ActivityCheck, IntersessionalActivity
from schedule.fairness import Reason
from schedule.models import AvailabilityPoll, Meeting, MeetingSeries, Milestone
from schedule.selectors.attendance import attendance_summary
from schedule.selectors.poll_results import poll_results
from schedule.selectors.series import series_counts, series_meetings
from schedule.services.reminders import due_reminders, reminder_moment
from teams.enums import FacilitatorStatus
from teams.models import Cycle, FacilitatorRole, IssueTeam, Membership


@pytest.mark.django_db
def test_demo_data_loads_twice_without_duplicates_and_has_a_login_per_role(now, capsys):
    call_command("demo_data")
    counts = (
        User.objects.count(),
        Membership.objects.count(),
        Milestone.objects.count(),
        AvailabilityPoll.objects.count(),
        Meeting.objects.count(),
        IntersessionalActivity.objects.count(),
        ActivityCheck.objects.count(),
        Proposal.objects.count(),
        Panelist.objects.count(),
        ProposalEvent.objects.count(),
        ProposalComment.objects.count(),
    )
    call_command("demo_data")
    assert counts == (
        User.objects.count(),
        Membership.objects.count(),
        Milestone.objects.count(),
        AvailabilityPoll.objects.count(),
        Meeting.objects.count(),
        IntersessionalActivity.objects.count(),
        ActivityCheck.objects.count(),
        Proposal.objects.count(),
        Panelist.objects.count(),
        ProposalEvent.objects.count(),
        ProposalComment.objects.count(),
    )
    # The registry: every kind, one entry of each activity status, checks on most.
    entries = IntersessionalActivity.objects.all()
    assert {entry.kind for entry in entries} == {"dc", "bpf", "pn"}
    assert {entry.status for entry in entries} == set(ActivityStatus.values)
    assert ActivityCheck.objects.count() == 5

    # The six issue teams, the MAG working group on hybrid meetings and the DC coordination group.
    assert sorted(IssueTeam.objects.filter(cycle__year=2021).values_list("kind", flat=True)) == sorted(
        ["issue_team"] * 6 + ["mag_working_group", "dc_coordination"]
    )
    dc = IssueTeam.objects.get(cycle__year=2021, kind="dc_coordination")
    assert dc.name == "Dynamic Coalition Coordination Group" and dc.area is None
    assert dc.memberships.count() == 3 and dc.facilitator_roles.filter(status="confirmed").count() == 1
    roles = dict(
        User.objects.filter(
            email__in=[
                "secretariat@example.org",
                "amina@example.org",
                "fatima@example.org",
                "grace@example.org",
            ]
        ).values_list("email", "role")
    )
    assert roles == {
        "secretariat@example.org": Role.SECRETARIAT,
        "amina@example.org": Role.MAG,
        "fatima@example.org": Role.PAST_MAG,
        "grace@example.org": Role.COMMUNITY,
    }
    assert User.objects.get(email="newcomer@example.org").requested_role == Role.MAG
    assert "secretariat@example.org" in capsys.readouterr().out


# `make run` at any hour: around the first calls' 17:00 Geneva (15:00 UTC in summer, 16:00 in
# winter), late at night in UTC, and just after midnight UTC.
@pytest.mark.parametrize("hour, minute", [(0, 30), (9, 0), (14, 59), (15, 0), (15, 30), (16, 30), (23, 30)])
@pytest.mark.django_db
def test_at_any_hour_the_demo_keeps_2021s_times_of_day_and_its_first_sweep_sends_the_14_day_reminders(
    now, hour, minute
):
    loaded_at = now.replace(hour=hour, minute=minute)
    with time_machine.travel(loaded_at, tick=False):
        load_demo_data()

    milestones = list(Milestone.objects.filter(cycle__year=2021).order_by("due_at"))
    days = set()
    for milestone, (title, _kind, due_2021, zone, *_rest) in zip(milestones, TIMELINE_2021, strict=True):
        local = milestone.due_at.astimezone(zoneinfo.ZoneInfo(zone))
        assert (milestone.title, milestone.entered_time_zone) == (title, zone)
        assert (local.hour, local.minute) == (
            due_2021.hour,
            due_2021.minute,
        )  # 17:00 Geneva stays 17:00 Geneva
        days.add((local.date() - due_2021.date()).days)
    assert len(days) == 1  # every date moved by the same whole days

    first = milestones[0]
    # The 14-day moment has come, and one day more of shift would have put it ahead (13 days before
    # the milestone is the next day's same wall-clock time: 24 hours later, or 23 or 25 across DST).
    assert reminder_moment(first, 14) <= loaded_at < reminder_moment(first, 13)
    assert (
        loaded_at + timedelta(days=13) - timedelta(hours=1)
        < first.due_at
        <= loaded_at + timedelta(days=14, hours=1)
    )

    # The beat's first sweep: the first calls' 14-day reminder to each of their members, and nothing else.
    notices, skips = due_reminders(now=loaded_at)
    members = set(
        Membership.objects.filter(team__cycle=first.cycle, team__kind="issue_team").values_list(
            "user_id", flat=True
        )
    )
    assert skips == []
    assert sorted(n.key for n in notices) == sorted(
        f"reminder:{first.pk}:{user_id}:14" for user_id in members
    )

    # The poll's deadline and the meeting keep their hour (UTC) too.
    assert AvailabilityPoll.objects.get(status="open").deadline.hour == 15
    assert Meeting.objects.get(title="First call").start.hour == 13


@pytest.mark.django_db
def test_the_dc_coordination_group_held_a_meeting_that_left_a_record(now):
    load_demo_data()
    meeting = Meeting.objects.get(team__kind="dc_coordination")
    assert meeting.end < now
    summary = attendance_summary(meeting=meeting)
    assert (summary.present, summary.apologies, summary.quorum_reached) == (2, 1, True)
    assert meeting.record.minutes and meeting.record.report_url
    assert meeting.decisions.count() == 2
    items = list(meeting.action_items.all())
    assert len(items) == 3 and sum(item.owner_is_secretariat for item in items) == 1
    assert [item.text for item in items if item.is_open and item.due_at < now] == [
        "Send the main session's proposal to the MAG."
    ]
    assert meeting.parking_lot.count() == 1


@pytest.mark.django_db
def test_the_dynamic_coalitions_submitted_their_main_session_with_a_panel_of_seven(now):
    load_demo_data()
    load_demo_data()
    proposal = Proposal.objects.get(team__kind="dc_coordination")
    assert (proposal.kind.slug, proposal.status, proposal.version, proposal.minutes) == (
        "main",
        "submitted",
        1,
        90,
    )
    assert proposal.due.title == "Main session proposals due" and not proposal.is_late(now)
    assert proposal.policy_questions.count() == 1
    speakers = proposal.panelists.filter(role="speaker")
    assert speakers.count() == 7
    # "Seven on a panel uses 35 minutes ... three minutes and two minutes followup."
    assert sum(p.opening_minutes + p.followup_minutes for p in speakers) == 35
    assert {p.role for p in proposal.panelists.exclude(role="speaker")} == {"chair", "moderator"}
    assert len({p.stakeholder_group for p in speakers}) == 5 and len({p.region for p in speakers}) == 5
    assert speakers.filter(presence="online").count() == 3 and speakers.filter(gender="").count() == 2
    assert list(proposal.events.values_list("kind", flat=True)) == ["created", "submitted"]
    assert proposal.events.get(kind="submitted").snapshot["title"] == proposal.title


@pytest.mark.django_db
def test_an_issue_team_shared_its_introductory_draft_and_a_member_commented(now):
    load_demo_data()
    draft = Proposal.objects.get(kind__slug="introductory")
    assert draft.team.kind == "issue_team" and draft.status == "draft" and draft.shared
    assert draft.minutes == draft.kind.default_minutes == 60
    comment = draft.comments.get()
    assert comment.author.email == "fatima@example.org"
    assert draft.team.memberships.filter(user=comment.author).exists()


@pytest.mark.django_db
def test_a_handful_of_workshops_are_in_review_none_by_a_facilitator_of_its_group(now):
    from review.models import Assignment, Entry, Score
    from teams.models import FacilitatorRole

    load_demo_data()
    load_demo_data()
    entries = Entry.objects.filter(round__cycle__year=2021)
    assert entries.filter(source="imported").count() == 5
    assert entries.filter(source="proposal", proposal__team__kind="dc_coordination").count() == 1
    assert all(entry.assignments.count() == 3 for entry in entries)
    facilitated = set(FacilitatorRole.objects.filter(status="confirmed").values_list("user_id", "team_id"))
    assert not any(
        (a.reviewer_id, a.entry.team_id) in facilitated for a in Assignment.objects.select_related("entry")
    )
    assert Score.objects.count() == 3


@pytest.mark.django_db
def test_the_2021_preparatory_phase_is_drafted_with_its_rooms_and_one_clash(now):
    from programme.models import ProgrammeSession, Resource, ResourceBooking

    load_demo_data()
    load_demo_data()
    sessions = ProgrammeSession.objects.filter(cycle__year=2021)
    introductory = sessions.filter(title__startswith="Introductory session")
    assert introductory.count() == 3
    assert all(session.issue_areas.count() == 2 for session in introductory)
    assert {"youth", "cd", "nri", "dc"} <= set(sessions.values_list("convener", flat=True))
    assert sessions.filter(title__startswith="MAG wrap-up", status="placed").exists()
    assert sessions.filter(status="unplaced").count() == 1  # the MAG chair's dialogue
    assert set(Resource.objects.values_list("name", flat=True)) >= {"Zoom 1", "Zoom 2"}
    assert ResourceBooking.objects.filter(session__cycle__year=2021).count() >= 9
    # The clash: one confirmed person on the panels of two sessions that overlap.
    shared = sessions.filter(
        entry__proposal__panelists__email="grace@example.org",
        entry__proposal__panelists__invitation="confirmed",
    )
    first, second = shared.order_by("starts_at")
    assert first.starts_at < second.starts_at < first.ends_at


@pytest.mark.django_db
def test_the_open_polls_team_set_call_hours_and_its_ranking_follows_them(now):
    load_demo_data()
    poll = AvailabilityPoll.objects.get(team__memberships__user__email="aroha@example.org", status="open")
    assert set(CallHours.objects.values_list("user__email", flat=True)) == {
        "aroha@example.org",
        "carlos@example.org",
    }
    results = poll_results(poll=poll, show_names=True)
    reasons = {entry.reason for r in results.slots for group in r.night_groups for entry in group.entries}
    assert reasons - {Reason.NIGHT}, "some slot is outside someone's hours, not only at night"


@pytest.mark.django_db
def test_a_team_has_a_six_call_series_that_gives_nobody_more_than_two_bad_calls(now):
    load_demo_data()
    series = MeetingSeries.objects.get()
    meetings = series_meetings(series=series)
    assert len(meetings) == 6 and all(m.start > now for m in meetings)
    assert len({m.start.time() for m in meetings}) == 3  # a rotation between the poll's three slots
    counts = series_counts(series=series, meetings=meetings)
    assert len(counts) == series.team.memberships.count()
    assert max(row.bad for row in counts) <= 2, counts
    assert sum(row.bad for row in counts) > 0  # each slot is someone's night or outside their hours


@pytest.mark.django_db
def test_2022_is_drafted_from_2021_and_2021_stays_current(now):
    load_demo_data()
    draft = Cycle.objects.get(year=2022)
    assert (draft.is_draft, draft.is_current, draft.drafted_from.year) == (True, False, 2021)
    assert Cycle.objects.get(is_current=True).year == 2021
    # Five of 2021's six issue teams go on, the working group under its new name; nobody is in them yet.
    groups = IssueTeam.objects.filter(cycle=draft)
    assert sorted(groups.values_list("kind", flat=True)) == sorted(
        ["issue_team"] * 5 + ["mag_working_group", "dc_coordination"]
    )
    assert (
        groups.get(kind="mag_working_group").title == "MAG working group on hybrid and online participation"
    )
    assert not Membership.objects.filter(team__cycle=draft).exists()
    # The plan: every 2021 milestone, a draft, 357 days on (6 Dec 2021 to 28 Nov 2022), same time of day.
    pairs = zip(
        Milestone.objects.filter(cycle__year=2021).order_by("due_at"),
        Milestone.objects.filter(cycle=draft).order_by("due_at"),
        strict=True,
    )
    for old, new in pairs:
        zone = zoneinfo.ZoneInfo(old.entered_time_zone)
        old_local, new_local = old.due_at.astimezone(zone), new.due_at.astimezone(zone)
        assert (new.title, new.status) == (old.title, "draft")
        assert (new_local.date() - old_local.date()).days == 357
        assert new_local.time() == old_local.time()
    assert list(draft.mag_terms_ending.values_list("email", flat=True)) == ["hiroshi@example.org"]
    # 2021's facilitators keep their roles until the switch.
    assert not FacilitatorRole.objects.filter(status=FacilitatorStatus.ENDED).exists()
