import logging

from django.core.mail.backends.filebased import EmailBackend

logger = logging.getLogger("igfmag.mail")


class FolderEmailBackend(EmailBackend):
    """The embedded default's mail: each message a file under EMAIL_FILE_PATH, and a line in the
    log naming recipient, subject and file, so that sign-in codes can be found at once."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        for message in email_messages:
            logger.warning("Mail to %s: %s (in %s)", ", ".join(message.to), message.subject, self._fname)
        return sent
