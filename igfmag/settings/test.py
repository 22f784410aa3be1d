"""Tests: SQLite by default, PostgreSQL and Redis when DATABASE_URL / REDIS_URL name them."""

from .base import *  # noqa: F401,F403
from .base import CACHES, REDIS_URL, env

DEBUG = False
SECRET_KEY = "test-only-key-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Worker processes started by the tests write mail into a folder sink instead (tests/support/mail.py).
EMAIL_BACKEND = env.str("IGFMAG_TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {**CACHES, "default": {**CACHES["default"], "KEY_PREFIX": "igfmag-test"}}
ALLOWED_HOSTS = ["*"]
if not REDIS_URL:
    # Tasks that services enqueue after commit go to an in-memory broker nobody reads: unit tests
    # call the services directly; the worker tests run a real worker on Redis.
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
IGFMAG_SITE_URL = "http://testserver"

# Uploaded papers go to a folder of this test run, never to var/media.
MEDIA_ROOT = __import__("tempfile").mkdtemp(prefix="igfmag-test-media-")
