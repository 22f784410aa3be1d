"""The embedded default: a newcomer's laptop. SQLite, a folder as Celery broker, mail into a folder."""
from .base import *  # noqa: F401,F403
from .base import VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-only-insecure-key-never-used-in-production")
# Every email is written as a file under var/mail/ and its subject logged, so codes can be read.
EMAIL_BACKEND = "accounts.mail.FolderEmailBackend"
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
