"""teams/receivers.py: what teams does when a person's role changes, whichever way it changes.

A facilitator's MAG term cannot end before their roles are reassigned: the service refuses it with
the same message from the admin, the review of role claims, the roster import and any direct call."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.enums import AuditAction, Role
from accounts.models import AuditEvent
from accounts.services import (
    RosterRow,
    mag_roster_import,
    role_change_validate,
    role_claims_decide,
    user_claim_role,
    user_set_role,
)
from teams import services
from teams.enums import Capacity
from teams.models import Membership
from tests.factories import FacilitatorRoleFactory

REFUSAL = (
    "Team Facilitator facilitates Trust, security and stability: "
    "reassign those roles before the MAG term ends."
)


def test_when_a_mag_term_ends_the_capacity_follows(team, other_team, mag, secretariat):
    services.membership_create(user=mag, team=team, capacity=Capacity.MAG)
    services.membership_create(user=mag, team=other_team, capacity=Capacity.NRI)
    user_set_role(actor=secretariat, user=mag, role=Role.PAST_MAG)

    assert Membership.objects.get(team=team, user=mag).capacity == Capacity.PAST_MAG
    assert Membership.objects.get(team=other_team, user=mag).capacity == Capacity.NRI
    event = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_CHANGED, subject=mag)
    assert event.actor == secretariat and event.details["previous"] == Capacity.MAG

    user_set_role(actor=secretariat, user=mag, role=Role.COMMUNITY)
    assert Membership.objects.get(team=team, user=mag).capacity == Capacity.OTHER


@pytest.mark.parametrize("role", [Role.PAST_MAG, Role.COMMUNITY, Role.SECRETARIAT])
def test_the_service_refuses_to_end_a_facilitators_mag_term(team, facilitator, secretariat, role):
    with pytest.raises(ValidationError) as refused:
        user_set_role(actor=secretariat, user=facilitator, role=role)

    assert refused.value.messages == [REFUSAL]
    facilitator.refresh_from_db()
    assert facilitator.role == Role.MAG
    assert not AuditEvent.objects.filter(action=AuditAction.ROLE_CHANGED).exists()
    assert Membership.objects.get(team=team, user=facilitator).capacity == Capacity.MAG


def test_every_team_they_facilitate_is_named(team, other_team, facilitator, secretariat):
    FacilitatorRoleFactory(team=other_team, user=facilitator)
    with pytest.raises(ValidationError) as refused:
        role_change_validate(actor=secretariat, user=facilitator, role=Role.PAST_MAG)
    (message,) = refused.value.messages
    assert team.name in message and other_team.name in message


def test_a_mag_member_who_facilitates_nothing_may_end_their_term(mag, secretariat):
    user_set_role(actor=secretariat, user=mag, role=Role.PAST_MAG)
    mag.refresh_from_db()
    assert mag.role == Role.PAST_MAG


def test_after_handing_over_the_term_may_end(team, facilitator, mag, secretariat):
    role = facilitator.facilitator_roles.get()
    services.facilitator_handover(actor=secretariat, role=role, successor=mag)
    user_set_role(actor=secretariat, user=facilitator, role=Role.PAST_MAG)
    facilitator.refresh_from_db()
    assert facilitator.role == Role.PAST_MAG


def test_confirming_a_facilitators_past_mag_claim_is_refused_and_nothing_of_the_batch_saved(
    client, team, facilitator, past_mag, secretariat
):
    user_claim_role(user=facilitator, role=Role.PAST_MAG)
    user_claim_role(user=past_mag, role=Role.MAG)
    with pytest.raises(ValidationError, match="reassign those roles"):
        role_claims_decide(actor=secretariat, users=[past_mag, facilitator], confirm=True)
    past_mag.refresh_from_db()
    assert past_mag.role == Role.PAST_MAG and past_mag.requested_role == Role.MAG

    # From the secretariat's dashboard, the refusal is the message on the next page.
    client.force_login(secretariat)
    page = client.post(
        reverse("role_claims_decide"),
        {"users": [facilitator.pk, past_mag.pk], "decision": "confirm"},
        follow=True,
    ).content.decode()
    assert REFUSAL in page
    facilitator.refresh_from_db()
    assert facilitator.role == Role.MAG and facilitator.requested_role == Role.PAST_MAG


def test_declining_a_facilitators_claim_changes_no_role_and_is_allowed(team, facilitator, secretariat):
    user_claim_role(user=facilitator, role=Role.PAST_MAG)
    assert role_claims_decide(actor=secretariat, users=[facilitator], confirm=False) == 1
    facilitator.refresh_from_db()
    assert facilitator.role == Role.MAG and facilitator.requested_role == ""


def test_the_roster_import_keeps_facilitators_mag_members_and_past_members_memberships(
    team, facilitator, past_mag, secretariat
):
    """The roster makes people MAG members, which never ends a term: it goes through the same check
    and the memberships follow the new role (a past member's capacity is still theirs to take)."""
    services.membership_create(user=past_mag, team=team, capacity=Capacity.PAST_MAG)
    rows = [
        RosterRow(2, "Team Facilitator", facilitator.email, "government", "weog"),
        RosterRow(3, "Past Member", past_mag.email, "civil_society", "african"),
    ]
    mag_roster_import(actor=secretariat, rows=rows)

    facilitator.refresh_from_db()
    past_mag.refresh_from_db()
    assert facilitator.role == Role.MAG and past_mag.role == Role.MAG
    assert Membership.objects.get(team=team, user=past_mag).capacity == Capacity.PAST_MAG
