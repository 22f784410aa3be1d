"""The Celery app. Its settings are Django's, under the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "igfmag.settings.local")

app = Celery("igfmag")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
