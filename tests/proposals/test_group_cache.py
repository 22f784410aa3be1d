"""The group's list of proposals is cached per way of seeing it (proposals.views.proposals.group):
each change shows at once, and each reader sees only the proposals they may read, whoever filled
the cache."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from proposals import services
from tests.proposals.conftest import draft

# Versions move on commit: each request commits, so that the cached list sees each change.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("committed_requests")]


def group_page(client, user, team, query="") -> str:
    client.force_login(user)
    return client.get(reverse("proposals:group", args=[team.cycle.year, team.slug]) + query).content.decode()


def step(client, user, proposal, name, **data):
    client.force_login(user)
    response = client.post(reverse(f"proposals:{name}", args=[proposal.pk]), data)
    assert response.status_code == 302


@pytest.mark.parametrize("first", ["facilitator", "secretariat", "editor", "member"])
def test_a_member_never_sees_an_unshared_draft_they_do_not_edit(
    client, request, team, proposal, facilitator, secretariat, editor, member, first
):
    group_page(client, request.getfixturevalue(first), team)  # fills the cache its way
    assert "Trust and norms" not in group_page(client, member, team)
    assert "Trust and norms" in group_page(client, editor, team)
    assert "Trust and norms" in group_page(client, facilitator, team)
    assert "Trust and norms" in group_page(client, secretariat, team)
    assert "Trust and norms" not in group_page(client, member, team)


def test_each_step_shows_at_once_to_every_reader(client, team, proposal, facilitator, member, editor):
    assert "Trust and norms" not in group_page(client, member, team)
    step(client, facilitator, proposal, "share")
    assert "Draft shared with the group" in group_page(client, member, team)
    step(client, editor, proposal, "submit")
    assert "Submitted, version 1" in group_page(client, member, team)
    assert "Submitted, version 1" in group_page(client, facilitator, team)
    step(client, facilitator, proposal, "withdraw", note="")
    under_way, withdrawn = group_page(client, member, team).split('id="withdrawn"')
    assert "Trust and norms" not in under_way and "Trust and norms" in withdrawn


def test_an_editor_named_later_sees_the_draft_at_once(client, team, proposal, facilitator, member):
    assert "Trust and norms" not in group_page(client, member, team)
    client.force_login(facilitator)
    response = client.post(reverse("proposals:editors", args=[proposal.pk]), {"member": "Team Member"})
    assert response.status_code == 302
    assert proposal.editors.filter(pk=member.pk).exists()
    assert "Trust and norms" in group_page(client, member, team)


def test_a_changed_deadline_shows_at_once(
    client, team, proposal, deadline, facilitator, django_capture_on_commit_callbacks
):
    assert "Main session proposals due" in group_page(client, facilitator, team)
    with django_capture_on_commit_callbacks(execute=True):
        deadline.title = "Workshop proposals due"
        deadline.save()
    assert "Workshop proposals due" in group_page(client, facilitator, team)


def test_a_draft_shows_late_once_its_deadline_passes(client, team, proposal, deadline, facilitator, now):
    assert "badge bad" not in group_page(client, facilitator, team)
    with time_machine.travel(deadline.due_at + timedelta(minutes=1), tick=False):
        assert "badge bad" in group_page(client, facilitator, team)


def test_older_pages_of_withdrawn_proposals_are_built_for_the_cursor(client, team, facilitator, now):
    for number in range(25):
        with time_machine.travel(now + timedelta(minutes=number), tick=False):
            gone = draft(team, facilitator, title=f"Gone {number:02d}")
            services.proposal_withdraw(actor=facilitator, proposal=gone)
    first = group_page(client, facilitator, team)
    assert "Gone 24" in first and "Gone 00" not in first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    page = group_page(client, facilitator, team, older)
    assert "Gone 00" in page and "Gone 24" not in page


def kinds_page(client, secretariat) -> str:
    client.force_login(secretariat)
    return client.get(reverse("proposals:kinds")).content.decode()


def test_the_cached_kinds_page_shows_each_change_at_once(
    client, team, facilitator, secretariat, django_capture_on_commit_callbacks
):
    from proposals.models import SessionKind

    def open_forum_row() -> str:
        return kinds_page(client, secretariat).rsplit("Open forum", 1)[1].split("</tr>", 1)[0]

    assert "Open forum" not in kinds_page(client, secretariat)
    client.post(
        reverse("proposals:kinds"),
        {"name": "Open forum", "default_minutes": "60", "floor_share": "40", "is_active": "on"},
    )
    assert "<td>0</td>" in open_forum_row()
    with django_capture_on_commit_callbacks(execute=True):
        draft(team, facilitator, kind=SessionKind.objects.get(name="Open forum"), title="Counted")
    assert "<td>1</td>" in open_forum_row()


def test_the_cached_kinds_form_carries_each_readers_token_and_errors_are_built_anew(client, secretariat):
    kinds_page(client, secretariat)
    client.logout()
    client.force_login(secretariat)
    page = kinds_page(client, secretariat)
    assert "csrf-token-of-the-request" not in page
    assert 'name="csrfmiddlewaretoken" value="' in page
    response = client.post(
        reverse("proposals:kinds"), {"name": "", "default_minutes": "5", "floor_share": "40"}
    )
    assert response.status_code == 200
    assert "A session lasts at least" in response.content.decode()
    assert "A session lasts at least" not in kinds_page(client, secretariat)


def test_an_editor_removed_no_longer_sees_the_unshared_draft(client, team, proposal, facilitator, editor):
    assert "Trust and norms" in group_page(client, editor, team)
    client.force_login(facilitator)
    client.post(reverse("proposals:editors", args=[proposal.pk]), {"remove": str(editor.pk)})
    assert not proposal.editors.exists()
    assert "Trust and norms" not in group_page(client, editor, team)
