"""Issue teams become groups of any kind (teams.enums.GroupKind): a kind (every existing team is an
issue team), an optional area, a name, a description and a slug of their own. The slugs are filled
from the areas' by 0005_group_slugs, which then makes them unique per cycle."""

import common.forms
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0003_issue_area_and_policy_question_translations"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="issueteam",
            options={
                "ordering": ["area__name", "title"],
                "verbose_name": "group",
                "verbose_name_plural": "groups",
            },
        ),
        migrations.RemoveConstraint(
            model_name="issueteam",
            name="one_team_per_area_per_cycle",
        ),
        migrations.AddField(
            model_name="issueteam",
            name="description",
            field=models.TextField(
                blank=True, validators=[common.forms.MaxCharsValidator(5000)], verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="issueteam",
            name="kind",
            field=models.CharField(
                choices=[
                    ("issue_team", "Issue team"),
                    ("mag_working_group", "MAG working group"),
                    ("dc_coordination", "Dynamic Coalition coordination group"),
                    ("bpf", "Best Practice Forum"),
                    ("pn", "Policy Network"),
                    ("nri", "National, regional or youth IGF initiative (NRI)"),
                    ("other", "Other group"),
                ],
                default="issue_team",
                max_length=30,
                verbose_name="kind of group",
            ),
        ),
        migrations.AddField(
            model_name="issueteam",
            name="original_language",
            field=models.CharField(
                choices=[
                    ("ar", "Arabic"),
                    ("zh-hans", "Chinese"),
                    ("en", "English"),
                    ("fr", "French"),
                    ("ru", "Russian"),
                    ("es", "Spanish"),
                ],
                default="en",
                max_length=10,
                verbose_name="language of the original",
            ),
        ),
        migrations.AddField(
            model_name="issueteam",
            name="slug",
            field=models.SlugField(default="", max_length=80, verbose_name="short name in the address"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="issueteam",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="issueteam",
            name="translations",
            field=models.JSONField(blank=True, default=dict, verbose_name="translations"),
        ),
        migrations.AlterField(
            model_name="issueteam",
            name="area",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="teams",
                to="teams.issuearea",
                verbose_name="issue area",
            ),
        ),
        migrations.AddConstraint(
            model_name="issueteam",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "issue_team")),
                fields=("cycle", "area"),
                name="one_team_per_area_per_cycle",
            ),
        ),
    ]
