"""teams/admin.py."""

from django.urls import reverse

from teams.models import Membership
from tests.factories import MembershipFactory


def test_the_admin_cannot_delete_a_membership_behind_the_services_back(client, team, community, secretariat):
    membership = MembershipFactory(team=team, user=community)
    client.force_login(secretariat)
    response = client.post(reverse("admin:teams_membership_delete", args=[membership.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
