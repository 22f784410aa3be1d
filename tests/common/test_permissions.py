from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.permissions import has_perm
from tests.factories import UserFactory


def test_has_perm_answers_as_django_does_without_reading_permission_rows_it_cannot_need(
    db, secretariat, community
):
    with CaptureQueriesContext(connection) as ctx:
        assert has_perm(secretariat, "schedule.manage_milestone")  # the rules say yes
        assert has_perm(community, "schedule.view_milestone")
        assert not has_perm(community, "schedule.manage_milestone")  # no row can grant "manage"
        assert not community.has_perm("schedule.manage_milestone")
    # Only Django's own has_perm (the last line) read the permission rows.
    assert len(ctx.captured_queries) == 2

    superuser = UserFactory(is_superuser=True)
    assert has_perm(superuser, "schedule.manage_milestone")
    # A permission that exists as a row still counts when granted.
    assert not has_perm(community, "teams.change_issueteam")
    community.user_permissions.add(Permission.objects.get(codename="change_issueteam"))
    community = type(community).objects.get(pk=community.pk)  # permissions are cached per object
    assert has_perm(community, "teams.change_issueteam")
