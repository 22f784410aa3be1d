"""The ledger points at what an entry is about through a generic relation (subject_type,
subject_id) instead of a foreign key to schedule's Milestone: notifications may not point up at
schedule. Every milestone the entries named becomes their subject; the poll summaries and "everyone
answered" notices, which schedule used to recognise by their key, get their poll as subject.
The foreign key goes in the next migration (PostgreSQL alters no table with updates pending)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F

# Read back from the keys once, here, so that no code ever has to again.
POLL_KINDS = ("poll_summary", "poll_answered")


def milestone_to_subject(apps, schema_editor):
    ledger = apps.get_model("notifications", "NotificationLedger")
    content_types = apps.get_model("contenttypes", "ContentType")
    if ledger.objects.filter(milestone__isnull=False).exists():
        milestone, _ = content_types.objects.get_or_create(app_label="schedule", model="milestone")
        ledger.objects.filter(milestone__isnull=False).update(
            subject_type=milestone, subject_id=F("milestone_id")
        )
    polls = list(ledger.objects.filter(kind__in=POLL_KINDS, subject_id__isnull=True))
    if polls:
        poll, _ = content_types.objects.get_or_create(app_label="schedule", model="availabilitypoll")
        for entry in polls:
            entry.subject_type, entry.subject_id = poll, int(entry.key.split(":")[1])
        ledger.objects.bulk_update(polls, ["subject_type", "subject_id"], batch_size=500)


def subject_to_milestone(apps, schema_editor):
    ledger = apps.get_model("notifications", "NotificationLedger")
    ledger.objects.filter(subject_type__app_label="schedule", subject_type__model="milestone").update(
        milestone_id=F("subject_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0008_mail_kinds_poll_change_and_answered"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="notificationledger",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="notificationledger",
            name="subject_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddIndex(
            model_name="notificationledger",
            index=models.Index(fields=["subject_type", "subject_id"], name="ledger_subject_idx"),
        ),
        migrations.RunPython(milestone_to_subject, subject_to_milestone),
    ]
