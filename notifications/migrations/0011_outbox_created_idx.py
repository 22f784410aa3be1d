from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0010_remove_notificationledger_milestone"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(fields=["-created_at", "-id"], name="outbox_created_idx"),
        ),
    ]
