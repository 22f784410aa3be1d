"""Fetching a URL somebody typed in: against a real server on 127.0.0.1 (allowed for the test), and
refused for every address inside a network when private addresses are not allowed."""

import pytest

from common.safe_fetch import FetchFailed, FetchRefused, FetchTooLarge, safe_fetch
from tests.support.http_server import local_server

LOCAL = ["127.0.0.1/32"]


@pytest.fixture
def server():
    with local_server() as running:
        yield running


def test_fetches_the_body_from_a_local_server_when_allowed(server):
    url = server.serve("/nri.ics", b"BEGIN:VCALENDAR", headers={"Content-Type": "text/calendar"})
    assert safe_fetch(url, max_bytes=1000, allow_private=LOCAL) == b"BEGIN:VCALENDAR"
    assert safe_fetch(url, max_bytes=1000, allow_private=True) == b"BEGIN:VCALENDAR"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/cal.ics",
        "http://localhost/cal.ics",
        "http://10.1.2.3/cal.ics",
        "http://192.168.0.1/cal.ics",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/cal.ics",
        "http://[::ffff:127.0.0.1]/cal.ics",
        "http://0.0.0.0/cal.ics",
        "http://224.0.0.1/cal.ics",
        "http://100.64.0.1/cal.ics",
    ],
)
def test_refuses_addresses_inside_a_network(url):
    with pytest.raises(FetchRefused, match="private network"):
        safe_fetch(url, max_bytes=1000)


def test_the_local_server_itself_is_refused_without_the_allowance(server):
    url = server.serve("/nri.ics", b"BEGIN:VCALENDAR")
    with pytest.raises(FetchRefused):
        safe_fetch(url, max_bytes=1000)
    assert server.requests == []  # refused before connecting


@pytest.mark.parametrize(
    "url", ["ftp://example.org/cal.ics", "file:///etc/passwd", "gopher://example.org/", "webcal://x/a.ics"]
)
def test_only_http_and_https(url):
    with pytest.raises(FetchRefused, match="http"):
        safe_fetch(url, max_bytes=1000)


def test_refuses_credentials_in_the_address():
    with pytest.raises(FetchRefused, match="password"):
        safe_fetch("https://user:secret@example.org/cal.ics", max_bytes=1000)


def test_follows_a_redirect_on_the_allowed_server(server):
    target = server.serve("/moved.ics", b"moved here")
    start = server.serve("/old.ics", status=301, headers={"Location": "/moved.ics"})
    assert safe_fetch(start, max_bytes=1000, allow_private=LOCAL) == b"moved here"
    assert target.endswith("/moved.ics")


@pytest.mark.parametrize(
    "location", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/cal.ics", "http://[::1]/x"]
)
def test_a_redirect_to_a_private_address_is_refused(server, location):
    start = server.serve("/cal.ics", status=302, headers={"Location": location})
    with pytest.raises(FetchRefused):
        safe_fetch(start, max_bytes=1000, allow_private=LOCAL)
    assert server.requests == ["/cal.ics"]


def test_a_redirect_to_another_scheme_is_refused(server):
    start = server.serve("/cal.ics", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchRefused):
        safe_fetch(start, max_bytes=1000, allow_private=LOCAL)


def test_too_many_redirects(server):
    for hop in range(5):
        server.serve(f"/{hop}", status=302, headers={"Location": f"/{hop + 1}"})
    server.serve("/5", b"at last")
    with pytest.raises(FetchFailed, match="too many"):
        safe_fetch(server.url("/0"), max_bytes=1000, allow_private=LOCAL)
    assert len(server.requests) == 4  # the first request and three redirects


def test_a_body_longer_than_announced_limit_is_refused_before_reading(server):
    url = server.serve("/big.ics", b"x" * 5000)
    with pytest.raises(FetchTooLarge):
        safe_fetch(url, max_bytes=1000, allow_private=LOCAL)


def test_a_body_without_length_stops_at_the_limit(server):
    url = server.serve("/endless.ics", b"x" * 300_000, no_length=True, headers={"Connection": "close"})
    with pytest.raises(FetchTooLarge):
        safe_fetch(url, max_bytes=100_000, allow_private=LOCAL)


def test_a_slow_site_times_out(server):
    url = server.serve("/slow.ics", b"late", delay=2)
    with pytest.raises(FetchFailed, match="too long"):
        safe_fetch(url, max_bytes=1000, timeout=0.3, allow_private=LOCAL)


def test_an_error_status_says_so(server):
    url = server.serve("/gone.ics", b"gone", status=410)
    with pytest.raises(FetchFailed, match="410"):
        safe_fetch(url, max_bytes=1000, allow_private=LOCAL)


def test_nothing_listening(server):
    url = server.url("/x")
    server._httpd.server_close()  # the port is closed: connection refused
    with pytest.raises(FetchFailed, match="could not be reached"):
        safe_fetch(url, max_bytes=1000, allow_private=LOCAL, timeout=1)


def test_an_unknown_host():
    with pytest.raises(FetchFailed, match="could not be found"):
        safe_fetch("https://no-such-host.invalid/cal.ics", max_bytes=1000)
