"""igfmag/views.py: the home page, the dashboard and the error pages' views."""

from django.urls import reverse


def test_dashboard_shows_my_teams_roles_and_teams_short_of_facilitators(
    client, team, other_team, facilitator
):
    client.force_login(facilitator)
    page = client.get(reverse("dashboard")).content.decode()
    assert team.area.name in page and "Co-chair" in page
    assert "Teams looking for facilitators" in page and other_team.area.name in page
