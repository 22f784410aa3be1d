"""The embedded default's mail (accounts/mail.py): each email a file in var/mail/ and one line for
the developer's terminal with recipient, subject and sign-in code. Production never prints a code."""

import logging
import re
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from tests.factories import UserFactory
from tests.igfmag.test_deploy import _production_env

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"Mail to (?P<to>\S+): (?P<subject>.+?)(?: — code (?P<code>[A-Z0-9-]+))? \((?P<file>.+)\)")


@pytest.fixture
def folder_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "accounts.mail.FolderEmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "var" / "mail")
    settings.IGFMAG_MAIL_LINES_FILE = ""
    return tmp_path / "var" / "mail"


@pytest.mark.django_db
def test_the_terminal_line_of_a_sign_in_mail_gives_the_code_and_the_code_signs_in(
    client, folder_mail, caplog
):
    UserFactory(email="amina@example.org")
    with caplog.at_level(logging.WARNING, logger="igfmag.mail"):
        client.post(reverse("account_request_login_code"), {"email": "amina@example.org"})

    [line] = [record.getMessage() for record in caplog.records if record.name == "igfmag.mail"]
    shown = LINE.fullmatch(line)
    assert shown, line
    assert shown["to"] == "amina@example.org" and shown["subject"] == "[IGF MAG] Sign-In Code"
    [eml] = folder_mail.iterdir()
    assert shown["file"] == str(eml) and eml.suffix == ".eml"  # outside the current directory: in full
    assert f"\n{shown['code']}\n" in eml.read_text()

    response = client.post(reverse("account_confirm_login_code"), {"code": shown["code"]})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_the_terminal_line_of_a_password_reset_gives_the_link_that_resets(client, folder_mail, caplog):
    UserFactory(email="amina@example.org")
    with caplog.at_level(logging.WARNING, logger="igfmag.mail"):
        client.post(reverse("account_reset_password"), {"email": "amina@example.org"})

    [line] = [record.getMessage() for record in caplog.records if record.name == "igfmag.mail"]
    link = re.search(r" — link (http\S+) \(", line)
    assert link, line
    response = client.get(link[1], follow=True)
    # A good key is swapped for a session and the new-password form; a bad one says "bad token".
    assert response.redirect_chain and "token_fail" not in response.context


def test_with_a_lines_file_each_email_is_one_file_and_one_line_there(
    folder_mail, settings, tmp_path, monkeypatch, caplog
):
    """What bin/run-local sets up: the lines go to the file it prints, from whichever process sends."""
    settings.IGFMAG_MAIL_LINES_FILE = str(tmp_path / "var" / "mail.log")
    monkeypatch.chdir(tmp_path)
    messages = [
        EmailMessage(
            "[IGF MAG] Reminder: first calls", "Due in 14 days.\n\n-- \nIGF MAG", to=["grace@example.org"]
        ),
        EmailMessage("[IGF MAG] Sign-In Code", "Your sign-in code:\n\nBCDF-GHJK\n", to=["amina@example.org"]),
    ]
    with caplog.at_level(logging.WARNING, logger="igfmag.mail"):
        assert get_connection().send_messages(messages) == 2

    files = sorted(folder_mail.iterdir())
    lines = (tmp_path / "var" / "mail.log").read_text().splitlines()
    assert len(files) == 2 and len(lines) == 2 and not caplog.records
    reminder, code = (LINE.fullmatch(line) for line in lines)
    assert (reminder["to"], reminder["subject"], reminder["code"]) == (
        "grace@example.org",
        "[IGF MAG] Reminder: first calls",
        None,
    )
    assert (code["to"], code["code"]) == ("amina@example.org", "BCDF-GHJK")
    assert reminder["file"].startswith("var/mail/") and {reminder["file"], code["file"]} == {
        f"var/mail/{f.name}" for f in files
    }


class _SMTPSink(socketserver.StreamRequestHandler):
    """An SMTP server that accepts every message (the real one is outside this machine)."""

    def handle(self):
        self.wfile.write(b"220 sink\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b"".join(iter(self.rfile.readline, b".\r\n"))
                self.server.received.append(data.decode())
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


SEND_A_CODE = """
from django.conf import settings
from accounts.adapter import AccountAdapter
print("backend:", settings.EMAIL_BACKEND)
context = {"code": "BCDF-GHJK", "email": "amina@example.org", "site_name": "IGF MAG",
           "site_url": "https://mag.example.org"}
AccountAdapter().render_mail("account/email/login_code", "amina@example.org", context).send()
print("sent")
"""


def test_production_sends_a_code_by_smtp_and_prints_it_nowhere():
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPSink) as sink:
        sink.received = []
        threading.Thread(target=sink.serve_forever, daemon=True).start()
        env = _production_env(EMAIL_URL=f"smtp://127.0.0.1:{sink.server_address[1]}", LOG_LEVEL="DEBUG")
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SEND_A_CODE],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        sink.shutdown()

    assert result.returncode == 0 and "sent" in result.stdout, result.stdout + result.stderr
    assert "backend: django.core.mail.backends.smtp.EmailBackend" in result.stdout
    assert "BCDF-GHJK" in sink.received[0]  # the recipient gets it
    assert "BCDF-GHJK" not in result.stdout + result.stderr  # and no log line shows it
    assert "Mail to" not in result.stdout + result.stderr
