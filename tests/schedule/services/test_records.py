"""A meeting's record: minutes, decisions, action items and the parking lot, written by the
facilitators, each part bounded and refused cleanly."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from common.forms import MARKDOWN_MAX
from schedule.enums import ActionItemStatus, MeetingStatus
from schedule.models import ActionItem, Meeting, MeetingRecord, ParkingLotItem
from schedule.models.records import ITEMS_PER_MEETING
from schedule.services import records
from teams.enums import Capacity, QuorumKind
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, user__email="amina@example.org", user__display_name="Amina").user


@pytest.fixture
def meeting(team, facilitator, now):
    return Meeting.objects.create(
        team=team,
        title="Second call",
        organizer=facilitator,
        start=now - timedelta(hours=2),
        end=now - timedelta(hours=1),
    )


def test_minutes_saved_with_links_and_first_publication_kept(meeting, facilitator, now):
    record = records.record_save(
        actor=facilitator,
        meeting=meeting,
        minutes="# Minutes\n\nWe agreed.",
        recording_url="https://example.org/rec",
    )
    assert record.minutes_published_at == now
    assert AuditEvent.objects.filter(details__part="record").count() == 1
    again = records.record_save(actor=facilitator, meeting=meeting, minutes="Changed")
    assert again.minutes_published_at == now
    assert again.recording_url == ""
    assert MeetingRecord.objects.count() == 1


def test_empty_minutes_publish_nothing(meeting, facilitator):
    record = records.record_save(actor=facilitator, meeting=meeting, report_url="https://example.org/report")
    assert record.minutes_published_at is None


def test_minutes_over_the_limit_are_refused_and_nothing_is_saved(meeting, facilitator):
    with pytest.raises(ValidationError):
        records.record_save(actor=facilitator, meeting=meeting, minutes="x" * (MARKDOWN_MAX + 1))
    assert not MeetingRecord.objects.exists()


def test_a_cancelled_meeting_has_no_record(meeting, facilitator):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        records.decision_add(actor=facilitator, meeting=meeting, text="Yes", decided_by="the team")


def test_decision_keeps_who_decided_and_the_quorum_at_the_time(meeting, facilitator):
    unknown = records.decision_add(
        actor=facilitator, meeting=meeting, text="Meet again", decided_by="the team"
    )
    assert (unknown.decided_by, unknown.quorum_reached) == ("the team", None)  # no rule yet

    team = meeting.team
    team.quorum_kind, team.quorum_value = QuorumKind.COUNT, 2
    team.save()
    first, second = (MembershipFactory(team=team, capacity=Capacity.MAG).user for _ in range(2))
    meeting.attendees.create(user=first, present=True)
    meeting.attendees.create(user=second, present=False)
    short = records.decision_add(actor=facilitator, meeting=meeting, text="Adopt", decided_by="the MAG")
    assert short.quorum_reached is False  # one MAG member present of the two the rule asks

    meeting.attendees.filter(user=second).update(present=True)
    enough = records.decision_add(
        actor=facilitator, meeting=meeting, text="Adopt again", decided_by="the MAG"
    )
    assert enough.quorum_reached is True
    short.refresh_from_db()
    assert short.quorum_reached is False  # what it was when decided


def test_action_item_goes_to_a_member_or_the_secretariat(meeting, facilitator, member, now):
    mine = records.action_item_add(
        actor=facilitator, meeting=meeting, text="Draft", owner_id=member.pk, due_at=now + timedelta(days=7)
    )
    theirs = records.action_item_add(
        actor=facilitator, meeting=meeting, text="Book room", owner_is_secretariat=True, due_at=now
    )
    assert (mine.owner, mine.status) == (member, ActionItemStatus.OPEN)
    assert theirs.owner is None and theirs.owner_is_secretariat


@pytest.mark.parametrize("owner", ["outsider", "both", "nobody"])
def test_action_item_owner_refused(meeting, facilitator, member, now, owner):
    outsider = UserFactory()
    kwargs = {
        "outsider": {"owner_id": outsider.pk},
        "both": {"owner_id": member.pk, "owner_is_secretariat": True},
        "nobody": {},
    }[owner]
    with pytest.raises(ValidationError):
        records.action_item_add(actor=facilitator, meeting=meeting, text="x", due_at=now, **kwargs)
    assert not ActionItem.objects.exists()


def test_action_item_due_outside_the_date_window_is_refused(meeting, facilitator, member, now):
    with pytest.raises(ValidationError):
        records.action_item_add(
            actor=facilitator,
            meeting=meeting,
            text="x",
            owner_id=member.pk,
            due_at=now + timedelta(days=3650 * 3),
        )


def test_a_meeting_holds_a_bounded_number_of_items(meeting, facilitator):
    ParkingLotItem.objects.bulk_create(
        ParkingLotItem(meeting=meeting, text="x") for _ in range(ITEMS_PER_MEETING)
    )
    with pytest.raises(ValidationError, match="the most one meeting holds"):
        records.parking_lot_add(actor=facilitator, meeting=meeting, text="one more")


def test_action_item_done_and_open_again(meeting, facilitator, member, now):
    item = records.action_item_add(
        actor=facilitator, meeting=meeting, text="x", owner_id=member.pk, due_at=now
    )
    done = records.action_item_status_set(actor=member, item=item, status=ActionItemStatus.DONE)
    assert done.closed_at == now
    reopened = records.action_item_status_set(actor=member, item=item, status=ActionItemStatus.OPEN)
    assert reopened.closed_at is None
    with pytest.raises(ValidationError):
        records.action_item_status_set(actor=member, item=item, status="finished")


def test_parking_lot_carried_to_the_next_meeting_once(meeting, facilitator, team, now):
    records.parking_lot_add(actor=facilitator, meeting=meeting, text="Hybrid  formats\nlater")
    records.parking_lot_add(actor=facilitator, meeting=meeting, text="Budget")
    with pytest.raises(ValidationError, match="no next meeting"):
        records.parking_lot_carry(actor=facilitator, meeting=meeting)
    later = Meeting.objects.create(
        team=team,
        title="Third call",
        agenda="1. Welcome",
        start=now + timedelta(days=7),
        end=now + timedelta(days=7, hours=1),
    )
    assert records.parking_lot_carry(actor=facilitator, meeting=meeting) == later
    later.refresh_from_db()
    assert later.agenda.startswith("1. Welcome\n\n")
    assert "- Hybrid formats later\n- Budget" in later.agenda
    assert set(ParkingLotItem.objects.values_list("carried_to", flat=True)) == {later.pk}
    with pytest.raises(ValidationError, match="carried already"):
        records.parking_lot_carry(actor=facilitator, meeting=meeting)


def test_parking_lot_carried_into_a_meeting_when_it_is_scheduled(meeting, facilitator, team, now):
    from schedule.services import polls
    from schedule.services.meetings import meeting_create_from_slot

    records.parking_lot_add(actor=facilitator, meeting=meeting, text="Budget")
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Next",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=3)],
    )
    created = meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get(), agenda="Intro")
    created.refresh_from_db()
    assert "- Budget" in created.agenda and created.agenda.startswith("Intro")
    assert ParkingLotItem.objects.get().carried_to == created
