"""The Site row allauth reads was still Django's example.com: name it as every email does."""

from urllib.parse import urlparse

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlparse(settings.IGFMAG_SITE_URL).netloc or "igfmag.localhost"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.IGFMAG_SITE_NAME}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_alter_auditevent_action"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
