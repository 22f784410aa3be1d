"""The kinds of session the MAG took proposals for in 2021, with their usual lengths; the
secretariat edits the list afterwards (proposals' "Kinds of session" page)."""

from django.db import migrations

KINDS = [
    # slug, name, default minutes
    ("introductory", "Introductory session (preparatory phase)", 60),
    ("main", "Main session", 90),
    ("capacity-development", "Capacity development", 60),
    ("youth", "Youth session", 60),
    ("nri", "NRI collaborative session", 90),
    ("chair-dialogue", "MAG chair dialogue", 60),
    ("wrap-up", "Wrap-up session", 60),
    ("other", "Other", 60),
]


def add_kinds(apps, schema_editor):
    SessionKind = apps.get_model("proposals", "SessionKind")
    for position, (slug, name, minutes) in enumerate(KINDS):
        SessionKind.objects.get_or_create(
            slug=slug, defaults={"name": name, "default_minutes": minutes, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_proposals")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
