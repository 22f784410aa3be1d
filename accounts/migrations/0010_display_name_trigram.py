"""A trigram index on people's chosen names, for the "Name or email" box's suggestions
(teams.selectors.members_named: `display_name__icontains`, which PostgreSQL runs as
UPPER(display_name) LIKE '%...%' and otherwise answers by reading every person). PostgreSQL only:
nothing on SQLite, which has no such index and whose few people need none."""

from django.db import migrations

INDEX = "accounts_user_display_name_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_user USING gin (UPPER(display_name::text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_audit_actions_groups_and_records")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
