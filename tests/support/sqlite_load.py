"""A busy web on the embedded default's SQLite file, run as its own process by
tests/igfmag/test_embedded_sqlite.py (several at once, beside a real Celery worker).

Each round does what the web does when people sign up and ask for codes: a transaction that
reads then writes (a new account), an account email claimed and sent within the request, and a
notice queued for the worker. Says "ready" once Django is loaded, starts at the
"go" line on its standard input, and prints one JSON line: rounds done and the database errors met.

    python -m tests.support.sqlite_load NAME SECONDS
"""

import json
import sys
import time

import django


def main(name: str, seconds: float) -> None:
    django.setup()
    from django.db import OperationalError, close_old_connections, transaction

    from accounts.models import User
    from notifications import ledger_keys
    from notifications.emails import RenderedEmail
    from notifications.enums import MailKind
    from notifications.services.notices import Notice, account_notice_for, notice_send_now, notices_record

    print("ready", flush=True)
    sys.stdin.readline()
    end = time.monotonic() + seconds
    rounds, errors = 0, []
    while time.monotonic() < end:
        rounds += 1
        email = f"{name}-{rounds}@example.org"
        try:
            with transaction.atomic():
                if not User.objects.filter(email=email).exists():
                    user = User.objects.create(email=email, display_name=f"{name} {rounds}")
            code = RenderedEmail(subject=f"Your sign-in code ({email})", text="123456", html="")
            notice_send_now(
                account_notice_for(
                    key=ledger_keys.account_mail(), email=code, to_email=email, user=user, secrets=()
                )
            )
            welcome = RenderedEmail(subject=f"Welcome {email}", text="Hello", html="")
            notices_record(
                [
                    Notice(
                        key=f"welcome:{email}",
                        kind=MailKind.ANNOUNCEMENT,
                        user=user,
                        render=lambda _prefs, _address, welcome=welcome: welcome,
                    )
                ]
            )
        except OperationalError as error:
            errors.append(str(error))
        close_old_connections()
    print(json.dumps({"name": name, "rounds": rounds, "errors": errors}))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
