from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0009_ledger_subject"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="notificationledger",
            name="milestone",
        ),
    ]
