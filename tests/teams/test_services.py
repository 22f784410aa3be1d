import pytest
from django.core.exceptions import ValidationError

from accounts.enums import AuditAction, Role
from accounts.models import AuditEvent
from teams import services
from teams.enums import Capacity, FacilitatorKind, FacilitatorStatus
from teams.models import FacilitatorRole, Membership
from tests.factories import FacilitatorRoleFactory, MagFactory, UserFactory


def test_joining_twice_changes_nothing(team, community):
    services.membership_create(user=community, team=team, capacity=Capacity.DC)
    services.membership_create(user=community, team=team, capacity=Capacity.DC)

    assert Membership.objects.filter(team=team, user=community).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.MEMBERSHIP_JOINED, subject=community).count() == 1


def test_joining_again_in_another_capacity_changes_the_capacity(team, community):
    services.membership_create(user=community, team=team, capacity=Capacity.DC)
    services.membership_create(user=community, team=team, capacity=Capacity.NRI)

    assert Membership.objects.get(team=team, user=community).capacity == Capacity.NRI
    assert AuditEvent.objects.filter(action=AuditAction.MEMBERSHIP_CHANGED).count() == 1


def test_a_person_can_be_in_several_teams(team, other_team, community):
    services.membership_create(user=community, team=team, capacity=Capacity.DC)
    services.membership_create(user=community, team=other_team, capacity=Capacity.BPF)

    assert set(community.memberships.values_list("team_id", flat=True)) == {team.pk, other_team.pk}


def test_leaving_removes_the_membership_and_is_audited(team, community):
    services.membership_create(user=community, team=team, capacity=Capacity.DC)
    services.membership_delete(user=community, team=team)

    assert not Membership.objects.filter(team=team, user=community).exists()
    assert AuditEvent.objects.filter(action=AuditAction.MEMBERSHIP_LEFT, subject=community).exists()


def test_confirmed_facilitator_cannot_leave_without_handing_over(team, facilitator):
    with pytest.raises(ValidationError, match="hand your role over"):
        services.membership_delete(user=facilitator, team=team)

    assert Membership.objects.filter(team=team, user=facilitator).exists()


def test_leaving_withdraws_a_pending_volunteering(team, mag):
    role = services.facilitator_volunteer(user=mag, team=team, kind=FacilitatorKind.CO_CHAIR)
    services.membership_delete(user=mag, team=team)

    role.refresh_from_db()
    assert role.status == FacilitatorStatus.WITHDRAWN


def test_volunteering_joins_the_team_as_mag(team, mag):
    role = services.facilitator_volunteer(user=mag, team=team, kind=FacilitatorKind.CHAIR)

    assert role.status == FacilitatorStatus.VOLUNTEERED
    assert Membership.objects.get(team=team, user=mag).capacity == Capacity.MAG


@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.PAST_MAG, Role.SECRETARIAT])
def test_only_current_mag_members_can_volunteer(team, role):
    person = UserFactory(role=role)
    with pytest.raises(ValidationError, match="Only current MAG members"):
        services.facilitator_volunteer(user=person, team=team, kind=FacilitatorKind.CO_CHAIR)
    assert not FacilitatorRole.objects.exists()
    assert not Membership.objects.exists()


def test_cannot_volunteer_as_chair_when_the_team_has_one(team, mag):
    FacilitatorRoleFactory(team=team, kind=FacilitatorKind.CHAIR)
    with pytest.raises(ValidationError, match="already has a chair"):
        services.facilitator_volunteer(user=mag, team=team, kind=FacilitatorKind.CHAIR)


def test_volunteering_twice_for_the_same_role_changes_nothing(team, mag):
    first = services.facilitator_volunteer(user=mag, team=team, kind=FacilitatorKind.CO_CHAIR)
    second = services.facilitator_volunteer(user=mag, team=team, kind=FacilitatorKind.CO_CHAIR)
    assert first.pk == second.pk


def test_secretariat_confirms_volunteers_in_bulk(team, other_team, secretariat):
    first = services.facilitator_volunteer(user=MagFactory(), team=team, kind=FacilitatorKind.CHAIR)
    second = services.facilitator_volunteer(user=MagFactory(), team=other_team, kind=FacilitatorKind.CO_CHAIR)

    count = services.facilitator_roles_decide(actor=secretariat, roles=[first, second], confirm=True)

    assert count == 2
    assert set(FacilitatorRole.objects.values_list("status", flat=True)) == {FacilitatorStatus.CONFIRMED}
    assert AuditEvent.objects.filter(action=AuditAction.FACILITATOR_CONFIRMED, actor=secretariat).count() == 2


def test_confirming_two_chairs_of_one_team_saves_nothing(team, secretariat):
    first = services.facilitator_volunteer(user=MagFactory(), team=team, kind=FacilitatorKind.CHAIR)
    second = services.facilitator_volunteer(user=MagFactory(), team=team, kind=FacilitatorKind.CHAIR)

    with pytest.raises(ValidationError, match="already has a chair"):
        services.facilitator_roles_decide(actor=secretariat, roles=[first, second], confirm=True)

    assert FacilitatorRole.objects.filter(status=FacilitatorStatus.CONFIRMED).count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.FACILITATOR_CONFIRMED).exists()


def test_declined_volunteer_stays_a_member(team, mag, secretariat):
    role = services.facilitator_volunteer(user=mag, team=team, kind=FacilitatorKind.CO_CHAIR)
    services.facilitator_roles_decide(actor=secretariat, roles=[role], confirm=False)

    role.refresh_from_db()
    assert role.status == FacilitatorStatus.DECLINED
    assert Membership.objects.filter(team=team, user=mag).exists()


def test_facilitator_hands_over_and_can_then_leave(team, facilitator, mag):
    role = FacilitatorRole.objects.get(user=facilitator)

    new_role = services.facilitator_handover(actor=facilitator, role=role, successor=mag)
    services.membership_delete(user=facilitator, team=team)

    assert (
        new_role.user == mag and new_role.status == FacilitatorStatus.CONFIRMED and new_role.kind == role.kind
    )
    role.refresh_from_db()
    assert role.status == FacilitatorStatus.HANDED_OVER
    assert Membership.objects.filter(team=team, user=mag, capacity=Capacity.MAG).exists()
    assert not Membership.objects.filter(team=team, user=facilitator).exists()


def test_handover_to_someone_not_in_the_mag_is_refused(team, facilitator, community):
    role = FacilitatorRole.objects.get(user=facilitator)
    with pytest.raises(ValidationError, match="not a current MAG member"):
        services.facilitator_handover(actor=facilitator, role=role, successor=community)
    role.refresh_from_db()
    assert role.status == FacilitatorStatus.CONFIRMED
    assert not Membership.objects.filter(user=community).exists()


def test_secretariat_reassigns_a_chair(team, secretariat, mag):
    chair = FacilitatorRoleFactory(team=team, kind=FacilitatorKind.CHAIR)
    services.facilitator_handover(actor=secretariat, role=chair, successor=mag)

    assert (
        FacilitatorRole.objects.get(
            team=team, kind=FacilitatorKind.CHAIR, status=FacilitatorStatus.CONFIRMED
        ).user
        == mag
    )
    event = AuditEvent.objects.get(action=AuditAction.FACILITATOR_HANDED_OVER)
    assert event.actor == secretariat and event.subject == mag


def test_withdrawing_an_undecided_offer(team, mag):
    role = services.facilitator_volunteer(user=mag, team=team, kind=FacilitatorKind.CO_CHAIR)
    services.facilitator_withdraw(user=mag, role=role)
    role.refresh_from_db()
    assert role.status == FacilitatorStatus.WITHDRAWN


# --- who may take the MAG and past-MAG capacities ------------------------------------------------


@pytest.mark.parametrize(
    "role, capacity, allowed",
    [
        (Role.COMMUNITY, Capacity.MAG, False),
        (Role.COMMUNITY, Capacity.PAST_MAG, False),
        (Role.PAST_MAG, Capacity.MAG, False),
        (Role.PAST_MAG, Capacity.PAST_MAG, True),
        (Role.MAG, Capacity.MAG, True),
        (Role.MAG, Capacity.PAST_MAG, True),
        (Role.SECRETARIAT, Capacity.MAG, False),
        (Role.COMMUNITY, Capacity.DC, True),
    ],
)
def test_only_confirmed_mag_members_take_the_mag_capacities(team, role, capacity, allowed):
    person = UserFactory(role=role)
    if allowed:
        services.membership_create(user=person, team=team, capacity=capacity)
        assert Membership.objects.get(team=team, user=person).capacity == capacity
    else:
        with pytest.raises(ValidationError, match="Only people the secretariat confirmed"):
            services.membership_create(user=person, team=team, capacity=capacity)
        assert not Membership.objects.filter(user=person).exists()


def test_a_member_cannot_change_their_capacity_to_mag_member(team, community):
    services.membership_create(user=community, team=team, capacity=Capacity.DC)
    with pytest.raises(ValidationError, match="current MAG members"):
        services.membership_create(user=community, team=team, capacity=Capacity.MAG)

    assert Membership.objects.get(team=team, user=community).capacity == Capacity.DC
    assert not AuditEvent.objects.filter(action=AuditAction.MEMBERSHIP_CHANGED).exists()
