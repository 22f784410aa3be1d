"""The reminder pipeline with a real Celery worker, on PostgreSQL and Redis: two sweeps at once,
and a worker killed with SIGKILL mid-batch, end with every reminder sent exactly once."""

import os
import signal
import subprocess
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from notifications.enums import OutboxStatus
from notifications.models import NotificationLedger, OutboxMessage
from notifications.services.outbox import TASK_BATCH, claim_timeout, outbox_heal
from schedule.services import reminders
from tests.factories import CycleFactory, IssueTeamFactory, MembershipFactory, MilestoneFactory
from tests.support.celery import at_once, worker_command

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[1]


class Worker:
    def __init__(self, sink: Path, delay: float):
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "igfmag.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "IGFMAG_TEST_EMAIL_BACKEND": "tests.support.mail.SinkBackend",
            "IGFMAG_MAIL_SINK": str(sink),
            "IGFMAG_MAIL_SINK_DELAY": str(delay),
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            worker_command("test"),
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self, sig=signal.SIGKILL):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)


@pytest.fixture
def worker(tmp_path):
    from igfmag.celery import app

    app.control.purge()
    sink = tmp_path / "sink"
    sink.mkdir()
    started = []

    def start(delay=0.0):
        w = Worker(sink, delay)
        w.start()
        started.append(w)
        return w

    start.sink = sink
    yield start
    for w in started:
        w.kill(signal.SIGTERM)
        w.kill()


def _reminders_due_now(members: int, milestones: int) -> int:
    cycle = CycleFactory()
    team = IssueTeamFactory(cycle=cycle)
    MembershipFactory.create_batch(members, team=team)
    for _ in range(milestones):
        MilestoneFactory(cycle=cycle, due_at=timezone.now() + timedelta(hours=12), reminder_offsets=[1])
    return members * milestones


def _wait_until_all_sent(expected, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() >= expected:
            return
        time.sleep(0.5)
    counts = Counter(OutboxMessage.objects.values_list("status", flat=True))
    raise AssertionError(f"not all sent after {seconds}s: {dict(counts)}")


def _deliveries(sink: Path) -> Counter:
    return Counter(path.name.split("-")[0] for path in sink.iterdir())


def test_two_sweeps_at_once_send_each_reminder_once(worker):
    expected = _reminders_due_now(members=60, milestones=2)
    worker()
    results = at_once(reminders.sweep)

    _wait_until_all_sent(expected)
    assert sum(len(r) for r in results) == expected
    assert NotificationLedger.objects.count() == OutboxMessage.objects.count() == expected
    deliveries = _deliveries(worker.sink)
    assert len(deliveries) == expected and set(deliveries.values()) == {1}


def test_a_worker_killed_mid_batch_leaves_nothing_missing_or_doubled(worker):
    expected = _reminders_due_now(members=100, milestones=2)
    first = worker(delay=0.03)
    reminders.sweep()
    deadline = time.monotonic() + 60
    while len(list(worker.sink.iterdir())) < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    first.kill()  # SIGKILL to the worker and its pool processes, mid-batch
    sent_before = set(OutboxMessage.objects.filter(status=OutboxStatus.SENT).values_list("pk", flat=True))
    assert 0 < len(sent_before) < expected
    # Claims are taken one task's batch at a time: the dead worker held at most one batch per pool
    # process, which the heal takes back below.
    assert 1 <= OutboxMessage.objects.filter(status=OutboxStatus.SENDING).count() <= 2 * TASK_BATCH
    # The documented window: delivered to the mail server, killed before the row said so. It is
    # about a millisecond per message against the sink's 30, so it is nearly always empty; when
    # the kill lands in it, exactly those messages may go twice, and no other.
    in_window = set(map(int, _deliveries(worker.sink))) - sent_before

    worker(delay=0.0)
    # What beat's heal does once the claims have timed out: within two minutes of the kill.
    assert claim_timeout() + timedelta(seconds=settings.IGFMAG_OUTBOX_HEAL_EVERY) <= timedelta(minutes=2)
    outbox_heal(now=timezone.now() + claim_timeout() + timedelta(seconds=1))
    _wait_until_all_sent(expected)

    deliveries = _deliveries(worker.sink)
    missing = expected - len(deliveries)
    doubled = {int(pk) for pk, count in deliveries.items() if count > 1}
    assert missing == 0
    assert doubled <= in_window and len(in_window) <= 2  # at most one message per killed pool process
    assert max(deliveries.values()) <= 2


def test_a_database_outage_while_sending_is_retried_and_every_message_goes_once(worker):
    """The database refuses connections for 10 seconds while the worker sends: its tasks fail
    with OperationalError and Celery retries them with backoff; nothing waits for the heal."""
    expected = _reminders_due_now(members=40, milestones=1)
    worker()
    time.sleep(3)  # the worker is connected
    db = connection.settings_dict
    connection.ensure_connection()
    mine = connection.connection.info.backend_pid
    admin = psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        admin.execute(f'ALTER DATABASE "{db["NAME"]}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
            [db["NAME"], mine],
        )
        reminders.sweep()  # the test's own connection stays; the worker's are cut
        time.sleep(10)
        assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() < expected
    finally:
        admin.execute(f'ALTER DATABASE "{db["NAME"]}" ALLOW_CONNECTIONS true')
        admin.close()
    _wait_until_all_sent(expected, seconds=90)
    deliveries = _deliveries(worker.sink)
    assert len(deliveries) == expected and set(deliveries.values()) == {1}
