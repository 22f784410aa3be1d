"""Benchmark (not a test): 10,000 due reminders (500 members × 20 milestones) through the sweep
and real Celery workers on PostgreSQL and Redis.

    BENCH_REMINDERS_DB=igfmag_bench BENCH_REDIS_URL=redis://127.0.0.1:6379/14 \
        .venv/bin/python bench/reminders.py [--members 500] [--milestones 20] [--workers 1] [--concurrency 2]

Reports the seconds until every reminder is in the outbox as sent, the duplicates and missing
deliveries counted in a mail sink (one file per delivered message), and the peak memory (RSS) of
the sweep's process and of each worker (the largest of its processes). The database named by
BENCH_REMINDERS_DB (default igfmag_bench) is dropped and made anew: give each checkout its own,
never one a developer's tests use; BENCH_REDIS_URL likewise names the Redis database it flushes.
"""

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DB = os.environ.get("BENCH_REMINDERS_DB", "igfmag_bench")


def _rss_kib(pid: int) -> int:
    """The resident memory of a process now, or 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_pids(pid: int) -> list[int]:
    """A worker's main process and its pool's children."""
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return pids + [int(child) for child in children]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--milestones", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=600, help="give up waiting after this many seconds")
    args = parser.parse_args()

    # The mail sink stands in for an SMTP server on another machine: in memory when it can be, so
    # that its disk writes do not count as ours.
    sink = Path(
        tempfile.mkdtemp(prefix="igfmag-bench-sink-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None)
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "igfmag.settings.test",
        # Persistent connections with health checks, as in production (igfmag/settings/production.py):
        # the test settings' default opens a connection per task, which no deployment does.
        "DATABASE_URL": f"{PG}/{DB}?conn_max_age=60&conn_health_checks=True",
        "REDIS_URL": REDIS,
        "IGFMAG_TEST_EMAIL_BACKEND": "tests.support.mail.SinkBackend",
        "IGFMAG_MAIL_SINK": str(sink),
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    subprocess.run(["psql", PG + "/postgres", "-qc", f'DROP DATABASE IF EXISTS "{DB}"'], check=True)
    subprocess.run(["psql", PG + "/postgres", "-qc", f'CREATE DATABASE "{DB}"'], check=True)

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import User
    from igfmag.celery import app
    from notifications.enums import OutboxStatus
    from notifications.models import OutboxMessage
    from schedule.models import Milestone
    from schedule.services import reminders
    from teams.models import Cycle, IssueArea, IssueTeam, Membership
    from tests.support.celery import worker_command

    call_command("migrate", verbosity=0)
    cache.clear()
    app.control.purge()

    cycle = Cycle.objects.create(year=2021, name="IGF 2021", is_current=True)
    team = IssueTeam.objects.create(
        cycle=cycle, area=IssueArea.objects.create(name="Bench", slug="bench"), slug="bench"
    )
    users = User.objects.bulk_create(
        User(
            email=f"member{i}@example.org",
            display_name=f"Member {i}",
            time_zone=["Europe/Paris", "Asia/Kolkata", "America/Lima"][i % 3],
        )
        for i in range(args.members)
    )
    Membership.objects.bulk_create(Membership(team=team, user=u, capacity="mag") for u in users)
    due = timezone.now() + timedelta(hours=12)
    Milestone.objects.bulk_create(
        Milestone(cycle=cycle, title=f"Milestone {i}", due_at=due, reminder_offsets=[1], status="published")
        for i in range(args.milestones)
    )
    expected = args.members * args.milestones

    workers = [
        subprocess.Popen(
            worker_command(f"bench{i}", concurrency=args.concurrency),
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for i in range(args.workers)
    ]
    time.sleep(4)  # let the workers connect before the clock starts

    worker_peaks = {}  # pid → the largest RSS seen, KiB

    def watch_workers():
        for worker in workers:
            for pid in _tree_pids(worker.pid):
                worker_peaks[pid] = max(worker_peaks.get(pid, 0), _rss_kib(pid))

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    queued = len(reminders.sweep())
    swept = time.monotonic() - started
    sweep_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    while OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() < expected:
        watch_workers()
        if time.monotonic() - started > args.timeout:
            break
        # Counting 100,000 rows costs the database a few hundredths of a second: twice a second
        # is close enough (±0.5 s) without taking much from the workers.
        time.sleep(0.5)
    total = time.monotonic() - started
    watch_workers()
    load = os.getloadavg()
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait()

    deliveries = Counter(path.name.split("-")[0] for path in sink.iterdir())
    duplicates = sum(count - 1 for count in deliveries.values())
    missing = expected - len(deliveries)
    sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()
    shutil.rmtree(sink)
    print(f"reminders due: {expected}; queued by the sweep: {queued} in {swept:.1f} s")
    print(f"all sent after: {total:.1f} s; sent rows: {sent}; duplicates: {duplicates}; missing: {missing}")
    print(f"workers: {args.workers} × concurrency {args.concurrency}")
    print(
        f"peak RSS: sweep process {sweep_peak / 1024:.0f} MiB "
        f"(before the sweep {rss_before / 1024:.0f} MiB); "
        f"largest worker process {max(worker_peaks.values(), default=0) / 1024:.0f} MiB"
    )
    print(f"load average at the end (1, 5, 15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0 if (duplicates, missing, sent) == (0, 0, expected) else 1


if __name__ == "__main__":
    sys.exit(main())
