"""gunicorn's access log without the secrets some addresses carry: a password-reset key, a
guest's poll link, a subscription or unsubscribe token, a private calendar feed. Whoever reads
the logs must not be able to act as the person who opened the link."""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from gunicorn.glogging import Logger

from notifications.sealing import redact

# The URL arguments that are credentials (our `token`s, allauth's reset and confirmation `key`).
SECRET_URL_ARGUMENTS = ("token", "key")


def url_secrets(url: str) -> list[str]:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return []
    return [value for name, value in match.kwargs.items() if name in SECRET_URL_ARGUMENTS and value]


class RedactingLogger(Logger):
    """`gunicorn --logger-class igfmag.access_log.RedactingLogger`: each access-log line with the
    secrets of its path (and of the page it came from, the Referer) replaced by REDACTED."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        secrets = url_secrets(environ.get("PATH_INFO", "")) + url_secrets(environ.get("HTTP_REFERER", ""))
        if not secrets:
            return atoms
        secrets.sort(key=len, reverse=True)
        return {
            name: redact(value, secrets) if isinstance(value, str) else value for name, value in atoms.items()
        }
