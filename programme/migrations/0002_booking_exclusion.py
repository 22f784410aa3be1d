"""On PostgreSQL, two bookings of one resource can never overlap, even when two requests book it at
the same moment: an exclusion constraint over the resource and the booked time range (half-open,
so one booking may start when another ends). SQLite has no such constraint; there the service's
check inside its transaction (SQLite writes one at a time) is the guarantee."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE programme_resourcebooking
  ADD CONSTRAINT resource_booking_no_overlap
  EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&);
"""
DROP = "ALTER TABLE programme_resourcebooking DROP CONSTRAINT IF EXISTS resource_booking_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
