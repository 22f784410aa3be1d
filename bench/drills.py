"""Fault drills (not tests): real Celery workers and beat on PostgreSQL and Redis, mail through
Django's SMTP backend into a local SMTP sink, and one fault per drill. Prints per drill how many
messages were sent, lost (never arrived), doubled (arrived twice) and the latest delay.

    .venv/bin/python bench/drills.py [--only kill,flush,db,beats,smtp,milestone]

The delay of a message is its first arrival minus the later of its creation and the end of the
fault (the worker killed, the broker flushed, the database or the relay back). Target: 0 lost,
0 doubled, nothing later than 120 s.

Environment: BENCH_PG (server, default postgres://postgres@127.0.0.1:5432), DRILL_DB (its own
database, dropped and made anew; default igfmag_drills), DRILL_REDIS_URL (default
redis://127.0.0.1:6379/13, flushed), DRILL_TIMEOUT (seconds each drill may take, default 240),
DRILL_DB_OUTAGE (default 30), DRILL_SMTP_OUTAGE (default 90).
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.celery import at_once, celery_command, worker_command  # noqa: E402 — needs ROOT on the path
from tests.support.smtp import SmtpSink  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("DRILL_DB", "igfmag_drills")
REDIS = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/13")
TIMEOUT = int(os.environ.get("DRILL_TIMEOUT", "240"))
DB_OUTAGE = int(os.environ.get("DRILL_DB_OUTAGE", "30"))
SMTP_OUTAGE = int(os.environ.get("DRILL_SMTP_OUTAGE", "90"))
LATE = 120


@dataclass
class Result:
    name: str
    expected: int
    sent: int
    lost: int
    doubled: int
    latest: float
    note: str = ""

    def line(self):
        late = "LATE" if self.latest > LATE else "ok"
        return (
            f"{self.name:<34} {self.expected:>6} {self.sent:>6} {self.lost:>5} {self.doubled:>8} "
            f"{self.latest:>9.1f} s {late:>4}  {self.note}"
        )


class Services:
    """Workers, beats and the SMTP sink of the drills, each a process (group) we can kill."""

    def __init__(self, tmp: Path, sink: SmtpSink):
        self.tmp, self.sink = tmp, sink
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.drill_settings",
            "DATABASE_URL": f"{PG}/{DB}",
            "REDIS_URL": REDIS,
            "DRILL_SMTP_PORT": str(sink.port),
            "PYTHONPATH": str(ROOT),
        }
        self.processes: list[subprocess.Popen] = []

    def _start(self, command):
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=open(self.tmp / "celery.log", "ab"),  # noqa: SIM115 — the process keeps it open
        )
        self.processes.append(process)
        return process

    def worker(self, name):
        return self._start(worker_command(name))

    def beat(self, name):
        return self._start(
            celery_command("beat", "--loglevel", "WARNING", "-s", str(self.tmp / f"beat-{name}"))
        )

    @staticmethod
    def kill(process, sig=signal.SIGKILL):
        if process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)

    def stop_all(self):
        for process in self.processes:
            self.kill(process, signal.SIGTERM)
            self.kill(process)


def setup_database():
    subprocess.run(
        ["psql", PG + "/postgres", "-qc", f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)'], check=True
    )
    subprocess.run(["psql", PG + "/postgres", "-qc", f'CREATE DATABASE "{DB}"'], check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="kill,flush,db,beats,smtp,milestone")
    args = parser.parse_args()
    wanted = args.only.split(",")

    sink = SmtpSink(delay=0.02).start()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.drill_settings",
            "DATABASE_URL": f"{PG}/{DB}",
            "REDIS_URL": REDIS,
            "DRILL_SMTP_PORT": str(sink.port),
        }
    )
    setup_database()

    import django

    django.setup()
    import redis
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    redis.Redis.from_url(REDIS).flushdb()

    drills = Drills(sink, redis.Redis.from_url(REDIS))
    tmp = Path(tempfile.mkdtemp(prefix="igfmag-drills-"))
    services = Services(tmp, sink)
    drills.services = services
    results = []
    try:
        services.worker("a")
        services.worker("b")
        services.beat("main")
        time.sleep(6)
        for name in wanted:
            print(f"-- drill: {name}", flush=True)
            results.append(getattr(drills, f"drill_{name}")())
            print(results[-1].line(), flush=True)
    finally:
        services.stop_all()
        sink.stop()
    print()
    print(f"{'drill':<34} {'msgs':>6} {'sent':>6} {'lost':>5} {'doubled':>8} {'latest delay':>11}")
    for result in results:
        print(result.line())
    print(f"(celery log: {tmp / 'celery.log'})")
    bad = [r for r in results if r.lost or r.doubled or r.latest > LATE or "NOT RECORDED" in r.note]
    return 1 if bad else 0


class Drills:
    def __init__(self, sink, broker):
        self.sink, self.broker, self.services = sink, broker, None
        self.counter = 0

    # --- helpers ---
    def reminders_due(self, members, milestones=1, *, bad_milestone=False):
        """A new team whose members are each due `milestones` reminders now; returns the count."""
        from django.utils import timezone

        from accounts.models import User
        from schedule.models import Milestone
        from teams.models import Cycle, IssueArea, IssueTeam, Membership

        self.counter += 1
        n = self.counter
        cycle = Cycle.objects.filter(is_current=True).first() or Cycle.objects.create(
            year=2021, name="IGF 2021", is_current=True
        )
        area = IssueArea.objects.create(name=f"Drill {n}", slug=f"drill-{n}")
        team = IssueTeam.objects.create(cycle=cycle, area=area, slug=area.slug)
        users = User.objects.bulk_create(
            User(email=f"d{n}-m{i}@example.org", display_name=f"Member {i}") for i in range(members)
        )
        Membership.objects.bulk_create(Membership(team=team, user=u, capacity="mag") for u in users)
        due = timezone.now() + timedelta(hours=12)
        made = Milestone.objects.bulk_create(
            Milestone(
                cycle=cycle,
                title=f"Drill {n} milestone {i}",
                due_at=due,
                reminder_offsets=[1],
                status="published",
                all_teams=False,
            )
            for i in range(milestones)
        )
        for milestone in made:
            milestone.teams.set([team])
        if bad_milestone:
            bad = Milestone.objects.create(
                cycle=cycle,
                title=f"Drill {n} overflowing offsets",
                due_at=due,
                reminder_offsets=[1],
                status="published",
                all_teams=False,
            )
            Milestone.objects.filter(pk=bad.pk).update(reminder_offsets=[1, 99999999999999999999])
            bad.teams.set([team])
        return members * milestones, [m.pk for m in made]

    def drill_rows(self, milestone_ids, expected, deadline):
        """Wait until the ledger holds `expected` messages for these milestones and all arrived."""
        from notifications.enums import OutboxStatus
        from notifications.models import OutboxMessage

        while True:
            rows = list(
                OutboxMessage.objects.filter(ledger_entries__milestone__in=milestone_ids).values_list(
                    "pk", "created_at", "status"
                )
            )
            ids = [(pk, created) for pk, created, _status in rows]
            arrived = self.sink.deliveries()
            # Done when every message arrived and every row says sent: a row still `sending` could
            # yet go a second time, so the drill waits for it.
            if len(ids) >= expected and all(
                str(pk) in arrived and status == OutboxStatus.SENT for pk, _created, status in rows
            ):
                return ids
            if time.monotonic() > deadline:
                return ids
            time.sleep(1)

    def result(self, name, expected, milestone_ids, repaired_at, deadline, note=""):
        from notifications.enums import OutboxStatus
        from notifications.models import OutboxMessage

        rows = self.drill_rows(milestone_ids, expected, deadline)
        arrived = self.sink.deliveries()
        lost = expected - sum(1 for pk, _ in rows if str(pk) in arrived)
        doubled = sum(1 for pk, _ in rows if len(arrived.get(str(pk), [])) > 1)
        delays = [
            min(arrived[str(pk)]) - max(created.timestamp(), repaired_at)
            for pk, created in rows
            if str(pk) in arrived
        ]
        sent = OutboxMessage.objects.filter(pk__in=[pk for pk, _ in rows], status=OutboxStatus.SENT).count()
        return Result(name, expected, sent, lost, doubled, max(delays, default=0.0), note)

    def wait_arrivals(self, count, deadline):
        while len(self.sink.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)

    # --- drills ---
    def drill_kill(self):
        """SIGKILL a worker (and its pool) mid-batch; a supervisor starts a new one."""
        from schedule.services import reminders

        deadline = time.monotonic() + TIMEOUT
        expected, milestones = self.reminders_due(200, 2)
        before = len(self.sink.messages)
        reminders.sweep()
        self.wait_arrivals(before + 60, deadline)
        victim = next(p for p in self.services.processes if p.poll() is None and "worker" in p.args)
        self.services.kill(victim)
        killed_at = time.time()
        self.services.worker("c")
        return self.result("SIGKILL a worker mid-batch", expected, milestones, killed_at, deadline)

    def drill_flush(self):
        """FLUSHDB of the broker mid-batch: every queued task is gone."""
        from schedule.services import reminders

        deadline = time.monotonic() + TIMEOUT
        expected, milestones = self.reminders_due(200, 2)
        before = len(self.sink.messages)
        reminders.sweep()
        self.wait_arrivals(before + 40, deadline)
        self.broker.flushdb()
        flushed_at = time.time()
        return self.result("flush the broker mid-batch", expected, milestones, flushed_at, deadline)

    def drill_db(self):
        """The database refuses connections for DB_OUTAGE seconds mid-batch (this drill's own)."""
        import psycopg
        from django.db import connection

        from schedule.services import reminders

        deadline = time.monotonic() + TIMEOUT + DB_OUTAGE
        expected, milestones = self.reminders_due(200, 2)
        before = len(self.sink.messages)
        reminders.sweep()
        self.wait_arrivals(before + 40, deadline)
        connection.ensure_connection()
        mine = connection.connection.info.backend_pid
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{DB}" ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [DB, mine],
            )
            time.sleep(DB_OUTAGE)
            admin.execute(f'ALTER DATABASE "{DB}" ALLOW_CONNECTIONS true')
        back_at = time.time()
        return self.result(f"database away {DB_OUTAGE} s mid-batch", expected, milestones, back_at, deadline)

    def drill_beats(self):
        """Two beats at once, and two sweeps started at the same instant by hand."""

        from schedule.services import reminders

        deadline = time.monotonic() + TIMEOUT
        second = self.services.beat("second")
        expected, milestones = self.reminders_due(150, 2)
        created_at = time.time()
        at_once(reminders.sweep)
        result = self.result("two beats and two sweeps at once", expected, milestones, created_at, deadline)
        self.services.kill(second, signal.SIGTERM)
        return result

    def drill_smtp(self):
        """The mail relay is down for SMTP_OUTAGE seconds while reminders are due."""
        from schedule.services import reminders

        deadline = time.monotonic() + TIMEOUT + SMTP_OUTAGE
        self.sink.stop()
        expected, milestones = self.reminders_due(150, 1)
        reminders.sweep()
        time.sleep(SMTP_OUTAGE)
        self.sink.start()
        back_at = time.time()
        return self.result(f"SMTP relay down {SMTP_OUTAGE} s", expected, milestones, back_at, deadline)

    def drill_milestone(self):
        """One published milestone whose offsets overflow, beside a good one: beat's sweep sends the
        good one's reminders and records the bad one."""
        from notifications.enums import Chore
        from notifications.models import ChoreError

        deadline = time.monotonic() + TIMEOUT
        expected, milestones = self.reminders_due(100, 1, bad_milestone=True)
        created_at = time.time()
        result = self.result("one bad milestone (beat's sweep)", expected, milestones, created_at, deadline)
        recorded = ChoreError.objects.filter(
            chore=Chore.REMINDER_SWEEP, message__contains="OverflowError"
        ).exists()
        result.note = "failure recorded for the secretariat" if recorded else "FAILURE NOT RECORDED"
        return result


if __name__ == "__main__":
    sys.exit(main())
