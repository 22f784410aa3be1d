"""The announcement list keeps each reader's page and whether they may write one in the cache: a
new facilitator role or a permission row shows the button at once, and one reader's page (the
secretariat's recipient counts) is never another's."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from notifications.models import Announcement
from tests.factories import FacilitatorRoleFactory, MembershipFactory

BUTTON = "Write an announcement"


def _page(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("announcements"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def member(team, community):
    MembershipFactory(team=team, user=community)
    return community


def test_a_new_facilitator_role_shows_the_button_at_once(
    client, team, member, django_capture_on_commit_callbacks
):
    assert BUTTON not in _page(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        FacilitatorRoleFactory(team=team, user=member)
    assert BUTTON in _page(client, member)


def test_a_permission_row_shows_the_button_at_once(client, member, django_capture_on_commit_callbacks):
    assert BUTTON not in _page(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        member.user_permissions.add(Permission.objects.get(codename="add_announcement"))
    assert BUTTON in _page(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        member.user_permissions.clear()
    assert BUTTON not in _page(client, member)


def test_the_secretariats_page_is_not_a_members(
    client, team, member, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Announcement.objects.create(author=secretariat, subject="Hello all", body="b", to_everyone=True)
    for viewer in (secretariat, member, secretariat):
        page = _page(client, viewer)
        assert "Hello all" in page
        assert ("recipient" in page) == (viewer == secretariat)
        assert (BUTTON in page) == (viewer == secretariat)
