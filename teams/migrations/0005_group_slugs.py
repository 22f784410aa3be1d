"""Each existing team's slug is its area's (its address /teams/<year>/<slug>/ stays the same); then a
slug is unique per cycle."""

from django.db import migrations, models


def slugs_from_areas(apps, schema_editor):
    IssueTeam = apps.get_model("teams", "IssueTeam")
    teams = list(IssueTeam.objects.filter(slug="").select_related("area"))
    for team in teams:
        team.slug = team.area.slug if team.area_id else f"group-{team.pk}"
    IssueTeam.objects.bulk_update(teams, ["slug"], batch_size=500)


def slugs_cleared(apps, schema_editor):
    """Back to 0004, where a slug may be empty (and 0004 backwards drops the column)."""
    apps.get_model("teams", "IssueTeam").objects.update(slug="")


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0004_groups"),
    ]

    operations = [
        migrations.RunPython(slugs_from_areas, slugs_cleared),
        migrations.AddConstraint(
            model_name="issueteam",
            constraint=models.UniqueConstraint(fields=("cycle", "slug"), name="one_group_slug_per_cycle"),
        ),
    ]
