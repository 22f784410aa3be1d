"""teams/migrations/0004_groups and 0005_group_slugs: the issue teams that existed become groups of
kind "issue team", each with its area's slug (so its address stays the same), nothing lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("teams", "0003_issue_area_and_policy_question_translations")]
AFTER = [("teams", "0005_group_slugs")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_teams_become_issue_teams_with_their_areas_slugs():
    old = _migrate(BEFORE)
    try:
        cycle = old.get_model("teams", "Cycle").objects.create(year=2021, name="IGF 2021", is_current=True)
        Area = old.get_model("teams", "IssueArea")
        Team = old.get_model("teams", "IssueTeam")
        User = old.get_model("accounts", "User")
        trust = Area.objects.create(name="Trust", slug="trust-security-and-stability")
        access = Area.objects.create(name="Access", slug="universal-access")
        trust_team = Team.objects.create(cycle=cycle, area=trust)
        access_team = Team.objects.create(cycle=cycle, area=access)
        amina = User.objects.create(email="amina@example.org", display_name="Amina")
        old.get_model("teams", "Membership").objects.create(team=trust_team, user=amina, capacity="mag")
        old.get_model("teams", "FacilitatorRole").objects.create(
            team=trust_team, user=amina, kind="chair", status="confirmed"
        )

        new = _migrate(AFTER)

        Team = new.get_model("teams", "IssueTeam")
        rows = {t.pk: (t.kind, t.slug, t.area_id, t.title, t.description) for t in Team.objects.all()}
        assert rows == {
            trust_team.pk: ("issue_team", "trust-security-and-stability", trust.pk, "", ""),
            access_team.pk: ("issue_team", "universal-access", access.pk, "", ""),
        }
        assert new.get_model("teams", "Membership").objects.filter(team_id=trust_team.pk).count() == 1
        assert new.get_model("teams", "FacilitatorRole").objects.filter(team_id=trust_team.pk).count() == 1

        # And back: the teams and their people are still there.
        old = _migrate(BEFORE)
        assert old.get_model("teams", "IssueTeam").objects.count() == 2
        assert old.get_model("teams", "Membership").objects.count() == 1
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
