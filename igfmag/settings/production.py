"""Production: PostgreSQL, Redis, SMTP, all from the environment. Fails loudly when one is missing."""

from .base import *  # noqa: F401,F403
from .base import MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

REDIS_URL = env.str("REDIS_URL")
CACHES = {"default": {"BACKEND": "common.cache.RedisCache", "LOCATION": REDIS_URL}}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)

# WhiteNoise serves the collected static files (collectstatic runs when the image is built), after
# the middlewares that set the security headers so that static files carry them too.
_after_headers = MIDDLEWARE.index("django_permissions_policy.PermissionsPolicyMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_after_headers],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_after_headers:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS everywhere; the proxy in front terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The rate limits (failed passwords, code requests, team subscriptions) count per client address:
# the proxy in front adds it to X-Forwarded-For, and this many proxies' entries are trusted from
# the right. With 0 (clients reach gunicorn directly) the header is ignored, as anyone can send it.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
