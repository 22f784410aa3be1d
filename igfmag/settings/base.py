"""Settings shared by every way of running igfmag. Values come from the environment.

local.py (the embedded default), production.py and test.py build on this file.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Runtime state of the embedded default (SQLite file, mail folder, Celery queue): never committed.
VAR_DIR = Path(environ.Env().str("IGFMAG_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "common",
    "igfmag",
    "accounts",
    "teams",
    "registry",
    "schedule",
    "notifications",
    "proposals",
    "review",
    "programme",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "common.middleware.ViewerPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SecretariatTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# --- Security headers on every response (see also production.py for HSTS and cookies) ---
# Templates have no inline script, style or style attribute, so the policy allows only this
# origin's files. data: images: allauth draws the TOTP QR code as a data: SVG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Nothing here uses a camera, a microphone, the location or payments; no embedded frame may either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Django's defaults, written out because a test asserts them on every page.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

ROOT_URLCONF = "igfmag.urls"
WSGI_APPLICATION = "igfmag.wsgi.application"
# A form sent without its valid security token gets the site's page saying how to send it again.
CSRF_FAILURE_VIEW = "igfmag.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "common.context_processors.csrf",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'igfmag.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # --- The embedded default's SQLite: web, worker and beat share one file ---
    # WAL: readers never block the writer nor it them. BEGIN IMMEDIATE: a transaction takes the
    # write lock when it starts, waiting up to `timeout` seconds for it; a deferred one that read
    # first and then writes cannot wait (SQLite answers "database is locked" at once).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.SecretariatModelPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# Cache: allauth's login rate limits count attempts here, so every web process must share it.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "common.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- django-allauth: email is the identity; sign in by emailed code or by password ---
SITE_ID = 1
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# The password is optional: most people sign in with an emailed code, as the old lists asked only
# name and email; those who want a password can give one at sign-up or later.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_REDIRECT_URL = "profile_edit"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "notifications.account_mail.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IGF MAG] "
# Failed passwords: ten a minute from one IP, five in five minutes for one address; codes: three
# a minute for one address. Written out so that they are visible and tested.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "request_login_code": "20/m/ip,3/m/key",
    # igfmag's own: the public "follow this team" form sends an email to any address typed in.
    "team_subscribe": "10/h/ip",
}
# Sign-up labels the password "optional"; the code request names its own rate limit.
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IGF MAG"
# One 30-second step either side, as RFC 6238 suggests: a code typed as the step turns, or on a
# phone whose clock is a few seconds off, still works. Each code still works only once.
MFA_TOTP_TOLERANCE = 1

# --- Internationalisation: the six UN languages; times stored in UTC ---
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded read-ahead papers. Never served from MEDIA_URL: each file goes out through a view that
# checks who asks (schedule.views.papers.paper_file). In production a volume (IGFMAG_MEDIA_ROOT).
MEDIA_ROOT = env.str("IGFMAG_MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads (the MAG roster CSV) are small; refuse anything larger before reading it.
ROSTER_IMPORT_MAX_BYTES = 512 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# The address people reach the site at: links in emails and calendar UIDs are built from it.
IGFMAG_SITE_URL = env.str("IGFMAG_SITE_URL", default="http://127.0.0.1:8000")
# The name every email and page signs with (allauth's emails read it from the Site row too).
IGFMAG_SITE_NAME = "IGF MAG"
# The build's name (a commit id): cached fragments are kept under it, so a deploy never serves
# HTML from the build it replaced. Empty: a digest of the code, templates and catalogues
# (common/release.py), the same on every host that runs the same code.
IGFMAG_RELEASE = env.str("IGFMAG_RELEASE", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="IGF MAG <mag@igfmag.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Outbox timings (seconds) ---
# Each SMTP exchange gives up after this long, so that one send stays well inside the claim timeout.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# A claim this old is taken back (its worker died): longer than one send may take (EMAIL_TIMEOUT
# per exchange), short enough that, with the heal every OUTBOX_HEAL_EVERY, a killed worker's
# message goes within two minutes.
IGFMAG_OUTBOX_CLAIM_TIMEOUT = env.int("IGFMAG_OUTBOX_CLAIM_TIMEOUT", default=60)
# A queued message handed to the workers this long ago and not sent lost its task: hand it again.
IGFMAG_OUTBOX_REQUEUE_AFTER = env.int("IGFMAG_OUTBOX_REQUEUE_AFTER", default=45)
IGFMAG_OUTBOX_HEAL_EVERY = env.float("IGFMAG_OUTBOX_HEAL_EVERY", default=30.0)
# Transient SMTP errors: wait 1, 2, 4 ... minutes, at most 2 hours, between attempts; after 30
# attempts (about 46 hours) the message fails and waits for the secretariat.
IGFMAG_OUTBOX_RETRY_BACKOFF = env.int("IGFMAG_OUTBOX_RETRY_BACKOFF", default=60)
IGFMAG_OUTBOX_RETRY_BACKOFF_MAX = env.int("IGFMAG_OUTBOX_RETRY_BACKOFF_MAX", default=2 * 60 * 60)
IGFMAG_OUTBOX_MAX_ATTEMPTS = env.int("IGFMAG_OUTBOX_MAX_ATTEMPTS", default=30)
# A sent (or failed) email's text, HTML and attachments are removed this many days after it was
# queued (notifications.services.outbox.outbox_purge, daily); its address, subject and dates stay
# as the record that it went. The privacy page says the number. Refused outside the bounds at
# start: a week at least (a failure stays retryable a while), ten years at most.
OUTBOX_RETENTION_DAYS_BOUNDS = (7, 3650)
IGFMAG_OUTBOX_RETENTION_DAYS = env.int("IGFMAG_OUTBOX_RETENTION_DAYS", default=180)
if not OUTBOX_RETENTION_DAYS_BOUNDS[0] <= IGFMAG_OUTBOX_RETENTION_DAYS <= OUTBOX_RETENTION_DAYS_BOUNDS[1]:
    raise ImproperlyConfigured(
        "IGFMAG_OUTBOX_RETENTION_DAYS must be between %d and %d days, not %d."
        % (*OUTBOX_RETENTION_DAYS_BOUNDS, IGFMAG_OUTBOX_RETENTION_DAYS)
    )
# The outbox page flags a minute-by-minute chore that has not run cleanly for this long.
IGFMAG_CHORE_STALE_AFTER = env.int("IGFMAG_CHORE_STALE_AFTER", default=5 * 60)

# --- Celery ---
CELERY_TIMEZONE = "UTC"
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it ends, and handed to another worker when its worker dies: the
# outbox claim and the ledger keys make a task that runs twice send nothing twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "sweep-due-reminders": {"task": "schedule.tasks.sweep_due_reminders", "schedule": 60.0},
    "sweep-outbox": {"task": "notifications.tasks.sweep_outbox", "schedule": IGFMAG_OUTBOX_HEAL_EVERY},
    "sweep-polls-and-meetings": {"task": "schedule.tasks.sweep_polls_and_meetings", "schedule": 60.0},
    "sweep-record-reminders": {"task": "schedule.tasks.sweep_record_reminders", "schedule": 60.0},
    "sweep-review-conditions": {"task": "review.tasks.sweep_review_conditions", "schedule": 60.0},
    "sweep-speaker-nudges": {"task": "proposals.tasks.sweep_speaker_nudges", "schedule": 60.0},
    # Outside calendars (NRI, ICANN events) fetched again once a day.
    "refresh-outside-calendars": {
        "task": "schedule.tasks.refresh_outside_calendars",
        "schedule": 24 * 3600.0,
    },
    # Old emails' texts removed (IGFMAG_OUTBOX_RETENTION_DAYS), once a day.
    "purge-outbox-bodies": {"task": "notifications.tasks.purge_outbox_bodies", "schedule": 24 * 3600.0},
    # People's own calendar URLs (their busy times), fetched again every six hours.
    "refresh-busy-calendars": {
        "task": "schedule.tasks.refresh_busy_calendars",
        "schedule": 6 * 3600.0,
    },
}
if REDIS_URL:
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    # Redis redelivers a task that a dead worker took but never acknowledged once it has been
    # unacknowledged for visibility_timeout seconds; the workers look every
    # unacked_restore_interval × unacked_restore_throttle seconds. 90 + 10: a killed worker's
    # tasks run again within two minutes. It must stay longer than any task runs and than the
    # longest retry countdown (tasks.DB_RETRY_BACKOFF_MAX), or live tasks would be handed out twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=90),
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
else:
    # The embedded default: a broker that is only a folder, so a laptop needs no server. kombu
    # needs the folders to exist before any process (web, worker or beat) touches them.
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        # Broadcasts (remote control) live in a folder too; kombu's default is ./control, which
        # put files in whatever folder a process was started from.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
# Outside calendars are fetched only from public addresses unless this is on (tests against a local
# server; a site whose calendars live on its own network). See common/safe_fetch.py.
IGFMAG_OUTSIDE_CALENDAR_ALLOW_PRIVATE = env.bool("IGFMAG_OUTSIDE_CALENDAR_ALLOW_PRIVATE", default=False)
# People's own calendar URLs (busy times) likewise: only public addresses unless this is on (tests).
IGFMAG_BUSY_CALENDAR_ALLOW_PRIVATE = env.bool("IGFMAG_BUSY_CALENDAR_ALLOW_PRIVATE", default=False)
IGFMAG_SECRETARIAT_MFA_REQUIRED = env.bool("IGFMAG_SECRETARIAT_MFA_REQUIRED", default=True)
