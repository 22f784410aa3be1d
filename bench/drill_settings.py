"""Settings of the drills' own processes (bench/drills.py): the test settings on PostgreSQL and
Redis (from the environment), with Django's real SMTP backend talking to the drills' local sink."""

from igfmag.settings.test import *  # noqa: F401,F403
from igfmag.settings.test import env

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env.int("DRILL_SMTP_PORT")
EMAIL_USE_TLS = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
