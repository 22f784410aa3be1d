"""Each predicate of schedule/rules.py alone, as a truth table: who is asked (anonymous, an outsider,
a member, a facilitator, the secretariat) about what (the object, or None)."""

from datetime import timedelta

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from schedule.models import (
    ActionItem,
    BusyCalendar,
    Deliverable,
    Invitee,
    Meeting,
    MeetingAttendee,
    OutsideCalendar,
)
from schedule.rules import (
    answers_for_action_item,
    facilitates_deliverable_team,
    is_in_team_of,
    is_invited_to,
    leads_team,
    leads_team_of,
    leads_team_of_meeting,
    reads_deliverables,
    sees_all_attendees,
)
from tests.factories import MembershipFactory, MilestoneFactory, PollFactory, SecretariatFactory, UserFactory

pytestmark = pytest.mark.django_db
WHO = ["anonymous", "outsider", "member", "facilitator", "secretariat"]


@pytest.fixture
def people(team, facilitator, secretariat, community):
    member = MembershipFactory(team=team, user=UserFactory(email="member@example.org")).user
    return {
        "anonymous": AnonymousUser(),
        "outsider": community,
        "member": member,
        "facilitator": facilitator,
        "secretariat": secretariat,
    }


@pytest.fixture
def deliverable(team):
    return Deliverable.objects.create(milestone=MilestoneFactory(cycle=team.cycle), team=team)


@pytest.fixture
def poll(team):
    return PollFactory(team=team)


@pytest.fixture
def meeting(team, now):
    return Meeting.objects.create(team=team, title="First call", start=now, end=now + timedelta(hours=1))


def _true_for(*who):
    return {w: w in who for w in WHO}


def _table(predicate, people, obj):
    return {who: predicate(people[who], obj) for who in WHO}


def test_facilitates_deliverable_team(people, deliverable):
    assert _table(facilitates_deliverable_team, people, deliverable) == _true_for("facilitator")
    assert not any(_table(facilitates_deliverable_team, people, None).values())


def test_reads_deliverables_is_everyone_signed_in(people, deliverable):
    expected = _true_for("outsider", "member", "facilitator", "secretariat")
    assert _table(reads_deliverables, people, deliverable) == expected
    assert _table(reads_deliverables, people, None) == expected


@pytest.mark.parametrize("what", ["poll", "meeting"])
def test_leads_team_of(request, people, what):
    obj = request.getfixturevalue(what)
    assert _table(leads_team_of, people, obj) == _true_for("facilitator")
    assert not any(_table(leads_team_of, people, None).values())


@pytest.mark.parametrize("what", ["poll", "meeting"])
def test_is_in_team_of(request, people, what):
    obj = request.getfixturevalue(what)
    # A facilitator is a member of the team too.
    assert _table(is_in_team_of, people, obj) == _true_for("member", "facilitator")
    assert not any(_table(is_in_team_of, people, None).values())


def test_is_invited_to_a_poll_while_the_invitation_stands(people, poll, now):
    Invitee.objects.create(poll=poll, user=people["outsider"])
    withdrawn = Invitee.objects.create(poll=poll, user=people["member"], revoked_at=now)
    assert _table(is_invited_to, people, poll) == _true_for("outsider")
    withdrawn.revoked_at = None
    withdrawn.save()
    assert is_invited_to(people["member"], poll)
    assert not any(_table(is_invited_to, people, None).values())


def test_is_invited_to_a_meeting_as_an_attendee(people, meeting):
    MeetingAttendee.objects.create(meeting=meeting, user=people["outsider"])
    assert _table(is_invited_to, people, meeting) == _true_for("outsider")


def test_leads_team(people, team):
    assert _table(leads_team, people, team) == _true_for("facilitator")
    assert not any(_table(leads_team, people, None).values())


def test_sees_all_attendees_is_who_runs_the_meeting(people, meeting):
    assert _table(sees_all_attendees, people, meeting) == _true_for("facilitator", "secretariat")
    assert _table(sees_all_attendees, people, None) == _true_for("secretariat")


def test_answers_for_action_item_is_its_owner_or_the_secretariat_for_its_items(people, meeting):
    mine = ActionItem(meeting=meeting, owner=people["member"], due_at=meeting.start)
    theirs = ActionItem(meeting=meeting, owner_is_secretariat=True, due_at=meeting.start)
    assert _table(answers_for_action_item, people, mine) == _true_for("member")
    assert _table(answers_for_action_item, people, theirs) == _true_for("secretariat")
    assert not any(_table(answers_for_action_item, people, None).values())


def test_leads_team_of_meeting_is_the_meeting_s_facilitators(people, meeting):
    item = ActionItem(meeting=meeting, owner=people["member"], due_at=meeting.start)
    assert _table(leads_team_of_meeting, people, item) == _true_for("facilitator")
    assert not any(_table(leads_team_of_meeting, people, None).values())


def test_the_record_is_the_team_s_and_the_secretariat_s(people, meeting):
    MeetingAttendee.objects.create(meeting=meeting, user=people["outsider"])  # invited from outside
    asked = {
        who: rules.has_perm("schedule.view_record_meeting", person, meeting) for who, person in people.items()
    }
    assert asked == _true_for("member", "facilitator", "secretariat")


def test_running_a_poll_again_is_for_who_may_create_its_team_s_polls(people, poll, team):
    """The same people as `create` for the poll's team: its facilitators and the secretariat."""
    again = {
        who: rules.has_perm("schedule.duplicate_availabilitypoll", person, poll)
        for who, person in people.items()
    }
    create = {
        who: rules.has_perm("schedule.create_availabilitypoll", person, team)
        for who, person in people.items()
    }
    assert again == create == _true_for("facilitator", "secretariat")


def test_the_models_declare_the_schedules_permissions():
    assert {
        name
        for name in rules.permissions.permissions
        if name.startswith("schedule.")  # the shared registry of django-rules' add_perm
    } == {
        "schedule.view_milestone",
        "schedule.manage_milestone",
        "schedule.list_deliverable",
        "schedule.view_deliverable",
        "schedule.update_deliverable",
        "schedule.accept_deliverable",
        "schedule.use_calendarfeed",
        "schedule.create_availabilitypoll",
        "schedule.launch_availabilitypoll",
        "schedule.manage_availabilitypoll",
        "schedule.duplicate_availabilitypoll",
        "schedule.view_availabilitypoll",
        "schedule.see_names_availabilitypoll",
        "schedule.view_meeting",
        "schedule.view_record_meeting",
        "schedule.close_actionitem",
        "schedule.manage_meeting",
        "schedule.see_attendees_meeting",
        "schedule.answer_meeting",
        "schedule.export_meeting",
        "schedule.export_actionitem",
        "schedule.provide_meetingpaper",
        "schedule.manage_outsidecalendar",
        "schedule.manage_busycalendar",
        "schedule.manage_meetingseries",
        "schedule.view_meetingseries",
    }


def test_those_invited_answer_and_those_who_run_the_group_set_its_quorum(people, meeting, team):
    MeetingAttendee.objects.create(meeting=meeting, user=people["outsider"])
    answers = {role: person.has_perm("schedule.answer_meeting", meeting) for role, person in people.items()}
    assert answers == _true_for("outsider")
    quorum = {role: person.has_perm("teams.set_quorum_issueteam", team) for role, person in people.items()}
    assert quorum == _true_for("facilitator", "secretariat")


def test_the_exports_are_for_those_who_run_the_group_its_action_items_for_its_members_too(people, team):
    def asked(perm, obj=None):
        return {role: rules.has_perm(perm, person, obj) for role, person in people.items()}

    assert asked("teams.export_attendance_issueteam", team) == _true_for("facilitator", "secretariat")
    assert asked("teams.export_action_items_issueteam", team) == _true_for(
        "member", "facilitator", "secretariat"
    )
    # Every group's of a cycle: the secretariat's alone.
    assert asked("schedule.export_meeting") == _true_for("secretariat")
    assert asked("schedule.export_actionitem") == _true_for("secretariat")


def test_outside_calendars_are_the_secretariat_s_alone(people):
    calendar = OutsideCalendar.objects.create(name="NRI events", url="https://example.org/nri.ics")
    for obj in (None, calendar):
        assert {
            who: rules.has_perm("schedule.manage_outsidecalendar", person, obj)
            for who, person in people.items()
        } == _true_for("secretariat")


def test_a_busy_calendar_is_its_owners_alone(db):
    owner, other, staff = UserFactory(), UserFactory(), SecretariatFactory()
    cal = BusyCalendar.objects.create(user=owner)
    assert owner.has_perm("schedule.manage_busycalendar", cal)
    assert not other.has_perm("schedule.manage_busycalendar", cal)
    assert not staff.has_perm("schedule.manage_busycalendar", cal)
