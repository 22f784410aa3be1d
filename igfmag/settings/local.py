"""The embedded default: a newcomer's laptop. SQLite, a folder as Celery broker, mail into a folder."""

from .base import *  # noqa: F401,F403
from .base import VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-only-insecure-key-never-used-in-production")
# Every email is written as a file under var/mail/ and announced by one line with its recipient,
# subject and sign-in code (accounts/mail.py): this is the developer's own laptop. bin/run-local
# names a file for those lines (IGFMAG_MAIL_LINES) and prints it, for the worker's mail too.
EMAIL_BACKEND = "accounts.mail.FolderEmailBackend"
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
IGFMAG_MAIL_LINES_FILE = env.str("IGFMAG_MAIL_LINES", default="")
