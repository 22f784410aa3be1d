"""Fetch a URL that somebody typed in, without letting it reach inside our network.

Outside calendars (and, later, people's own calendar URLs) are fetched by the server, so a URL is a
way to make the server send requests: to the cloud's metadata address, to Redis, to the admin of a
neighbouring container. `safe_fetch` answers only http and https, resolves the host once, refuses
it when any of its addresses is not a public one (private, loopback, link-local, multicast,
reserved, shared), then connects to the very address it checked (a second lookup could answer
otherwise: DNS rebinding), for HTTPS verifying the certificate against the host's name. It follows
at most a few redirects, each checked the same way, reads at most `max_bytes` (streamed, stopping
at the limit) within a time limit for each wait and for the whole fetch.

`allow_private` lets private addresses through (True), or those of some networks only (a list such
as ["127.0.0.1/32"]): for tests against a local server, and for sites whose calendars live on their
own network. Every failure is a `FetchError` whose message can be
shown to the person who gave the URL.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 3
URL_MAX = 2000
CHUNK = 64 * 1024


class FetchError(Exception):
    """The fetch did not give a body; `str(error)` says why, for the person who gave the URL."""


class FetchRefused(FetchError):
    """The URL is not one we fetch: its scheme, or an address inside our network."""


class FetchTooLarge(FetchError):
    pass


class FetchFailed(FetchError):
    """The site did not answer, answered too slowly, or answered with an error."""


def _address_refused(address: str, allow_private: bool | Iterable[str]) -> bool:
    if allow_private is True:
        return False
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 scope ("fe80::1%eth0") is no part
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if allow_private and any(ip in ipaddress.ip_network(network) for network in allow_private):
        return False
    return not ip.is_global or ip.is_multicast or ip.is_reserved


def _split(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL, or FetchRefused."""
    if len(url) > URL_MAX:
        raise FetchRefused(_("This address is too long."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused(_("This is not a valid web address.")) from error
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(_("Only web addresses starting with http:// or https:// can be fetched."))
    if not parts.hostname:
        raise FetchRefused(_("This is not a valid web address."))
    if parts.username or parts.password:
        raise FetchRefused(_("Give the address without a user name or password in it."))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def resolve_checked(host: str, port: int, *, allow_private: bool | Iterable[str] = False) -> str:
    """The address to connect to for `host`: refused when any of its addresses is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchFailed(_("The site %(host)s could not be found.") % {"host": host}) from error
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchFailed(_("The site %(host)s could not be found.") % {"host": host})
    if any(_address_refused(address, allow_private) for address in addresses):
        raise FetchRefused(
            _("The address %(host)s is inside a private network; only public sites can be fetched.")
            % {"host": host}
        )
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the host's name resolves to now."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """As `_PinnedHTTP`, with TLS verified against the host's name (not the address)."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def safe_fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float = 10.0,
    total_timeout: float = 30.0,
    allow_private: bool | Iterable[str] = False,
    max_redirects: int = MAX_REDIRECTS,
    accept: str = "*/*",
) -> bytes:
    """The body `url` answers with (status 200), at most `max_bytes` long, or FetchError."""
    deadline = time.monotonic() + total_timeout
    for _hop in range(max_redirects + 1):
        scheme, host, port, path = _split(url)
        address = resolve_checked(host, port, allow_private=allow_private)
        kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
        connection = kind(host, port, address=address, timeout=timeout)
        try:
            try:
                connection.request(
                    "GET",
                    path,
                    headers={"Accept": accept, "Accept-Encoding": "identity", "User-Agent": "igfmag"},
                )
                response = connection.getresponse()
            except (OSError, http.client.HTTPException) as error:
                raise _unreachable(host, error) from error
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location", "")
                if not location:
                    raise FetchFailed(_("The site answered with a redirect to nowhere."))
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchFailed(
                    _("The site answered with an error (HTTP %(status)d).") % {"status": response.status}
                )
            return _read(response, host=host, max_bytes=max_bytes, deadline=deadline)
        finally:
            connection.close()
    raise FetchFailed(_("The site redirected too many times."))


def _too_large(max_bytes: int) -> FetchTooLarge:
    return FetchTooLarge(
        _("The file is larger than %(size)s MB, the most that is read.")
        % {"size": f"{max_bytes / 1024 / 1024:g}"}
    )


def _unreachable(host: str, error: Exception) -> FetchFailed:
    if isinstance(error, TimeoutError):
        return FetchFailed(_("The site %(host)s took too long to answer.") % {"host": host})
    if isinstance(error, ssl.SSLError):
        return FetchFailed(_("The site %(host)s has no valid secure connection.") % {"host": host})
    return FetchFailed(_("The site %(host)s could not be reached.") % {"host": host})


def _read(response, *, host: str, max_bytes: int, deadline: float) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise _too_large(max_bytes)
    body = bytearray()
    try:
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError
            chunk = response.read1(CHUNK)
            if not chunk:
                return bytes(body)
            body += chunk
            if len(body) > max_bytes:
                raise _too_large(max_bytes)
    except (OSError, http.client.HTTPException) as error:
        raise _unreachable(host, error) from error
