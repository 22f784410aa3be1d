"""A deleted account's address leaves every panel it is on (proposals/receivers.py), and the pages
that show panels see it at once."""

from datetime import timedelta

import pytest

from common.versions import versions_of
from proposals import invitations, nominations
from proposals.enums import InvitationState
from tests.factories import MembershipFactory, PanelistFactory, UserFactory, panel_proposal

pytestmark = pytest.mark.django_db


def test_deleting_an_account_blanks_its_address_on_every_panel(
    team, facilitator, now, django_capture_on_commit_callbacks
):
    proposal = panel_proposal(team=team, actor=facilitator, starts_at=now + timedelta(days=20))
    ana = MembershipFactory(team=team, user__email="ana@example.org", user__display_name="Ana Chair").user
    chair = nominations.nomination_appoint(
        actor=facilitator,
        nomination=nominations.nomination_create(
            actor=facilitator, proposal=proposal, role="chair", nominee=ana
        ),
    )
    other = panel_proposal(team=team, actor=facilitator, title="Another")
    typed = PanelistFactory(proposal=other, name="Ana", email="ANA@example.org")
    invitations.panelist_invite(
        actor=facilitator, panelist=typed, reply_by=(now + timedelta(days=5)).date(), language="en"
    )
    someone_else = PanelistFactory(proposal=other, email="bo@example.org")
    before = versions_of(("proposals",))

    with django_capture_on_commit_callbacks(execute=True):
        ana.delete()

    chair.refresh_from_db()
    typed.refresh_from_db()
    someone_else.refresh_from_db()
    assert chair.email == "" and chair.name == "Ana Chair"
    # The invitation sent to the address: its link no longer works, no reminder follows.
    assert (typed.email, typed.invitation, typed.token) == ("", InvitationState.NOT_INVITED, None)
    assert someone_else.email == "bo@example.org"
    assert versions_of(("proposals",)) != before


def test_an_account_on_no_panel_changes_nothing(team, facilitator, django_capture_on_commit_callbacks):
    proposal = panel_proposal(team=team, actor=facilitator)
    PanelistFactory(proposal=proposal, email="bo@example.org")
    nobody = UserFactory(email="nobody@example.org")
    before = versions_of(("proposals",))
    with django_capture_on_commit_callbacks(execute=True):
        nobody.delete()
    assert versions_of(("proposals",)) == before
    assert proposal.panelists.get().email == "bo@example.org"
