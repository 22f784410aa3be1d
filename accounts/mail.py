"""The embedded default's mail (igfmag/settings/local.py): a developer's own laptop, never production."""

import logging
import os
import re
import uuid
from datetime import datetime

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend

logger = logging.getLogger("igfmag.mail")

# A code allauth sends (sign-in, email confirmation, password reset) stands on a line of its own in
# the text part: "BCDF-GHJK" by default, or digits when configured so.
CODE_LINE = re.compile(r"^\s*((?:[A-Z0-9]{2,}-)+[A-Z0-9]{2,}|[0-9]{6,})\s*$", re.MULTILINE)
# A password-reset link (allauth's reset by link): the developer follows it from the terminal.
RESET_LINK = re.compile(r"\bhttps?://\S+/password/reset/key/\S+")


def mail_line(message, path: str) -> str:
    """One line for the terminal: recipient, subject, the code or reset link if the message has
    one, and the message's file. For the developer's laptop only: it shows the secret."""
    line = f"Mail to {', '.join(message.to)}: {message.subject}"
    code = CODE_LINE.search(message.body or "")
    link = RESET_LINK.search(message.body or "")
    if code:
        line += f" — code {code.group(1)}"
    elif link:
        line += f" — link {link.group(0)}"
    return f"{line} ({_shown(path)})"


def _shown(path: str) -> str:
    """The path from the current directory when the file lies below it (var/mail/…)."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


class FolderEmailBackend(EmailBackend):
    """Each message a file of its own under EMAIL_FILE_PATH (`.eml`: a mail program opens it), and
    one line naming recipient, subject, the code if any, and the file (`mail_line`).

    The line goes to the file IGFMAG_MAIL_LINES_FILE names when it is set: bin/run-local sets it
    for the web server and the Celery worker alike and prints the file's lines in its terminal, so
    that mail the worker sends shows there too and not only in var/celery.log. Without it (a
    runserver started by hand) the line is logged as a warning, which Django prints on stderr."""

    def open(self):
        # The file-based parent opens one shared .log file here; each message is its own file instead.
        return False

    def close(self):
        pass

    def send_messages(self, email_messages):
        lines_file = getattr(settings, "IGFMAG_MAIL_LINES_FILE", "")
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            path = os.path.join(self.file_path, f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml")
            with open(path, "xb") as file:
                file.write(message.message().as_bytes())
            line = mail_line(message, path)
            if lines_file:
                # One write of one short line to a file opened for appending: lines of the web
                # server and the worker never interleave.
                with open(lines_file, "a", encoding="utf-8") as lines:
                    lines.write(line + "\n")
            else:
                logger.warning("%s", line)
            sent += 1
        return sent
