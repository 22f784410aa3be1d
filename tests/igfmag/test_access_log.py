"""The production web server's access log (gunicorn, as the Dockerfile runs it) never holds the
secret in a link: a guest's poll link, a password-reset key, a private calendar feed."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from notifications.sealing import REDACTED
from tests.igfmag.test_deploy import ROOT


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, referer):
    request = urllib.request.Request(url, headers={"Referer": referer})
    # Whatever the page answers, the request is logged.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10).close()


def test_access_log_hides_the_secrets_in_links(tmp_path):
    port, log = _free_port(), tmp_path / "access.log"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="igfmag.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        IGFMAG_VAR_DIR=str(tmp_path),
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "igfmag.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(log),
            "--logger-class",
            "igfmag.access_log.RedactingLogger",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        _get(f"{base}/polls/answer/GuestToken123/", referer=f"{base}/calendar/FeedToken456.ics")
        _get(f"{base}/accounts/password/reset/key/1-ResetKey789/", referer="-")
        _get(f"{base}/teams/", referer="-")
        for _ in range(50):
            if log.exists() and len(log.read_text().splitlines()) >= 3:
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=20)

    lines = log.read_text()
    for secret in ("GuestToken123", "FeedToken456", "ResetKey789"):
        assert secret not in lines
    assert f"/polls/answer/{REDACTED}/" in lines and f"/calendar/{REDACTED}.ics" in lines
    assert "GET /teams/ HTTP/1.1" in lines  # other lines as they were
