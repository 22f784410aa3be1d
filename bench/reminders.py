"""Benchmark (not a test): 10,000 due reminders (500 members × 20 milestones) through the sweep
and real Celery workers on PostgreSQL and Redis.

    .venv/bin/python bench/reminders.py [--members 500] [--milestones 20] [--workers 1] [--concurrency 2]

Reports the seconds until every reminder is in the outbox as sent, and the duplicates and missing
deliveries counted in a mail sink (one file per delivered message). Uses its own database
(igfmag_bench, dropped and made anew) and Redis database 14.
"""

import argparse
import os
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--milestones", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()

    sink = Path(tempfile.mkdtemp(prefix="igfmag-bench-sink-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "igfmag.settings.test",
        "DATABASE_URL": f"{PG}/igfmag_bench",
        "REDIS_URL": REDIS,
        "IGFMAG_TEST_EMAIL_BACKEND": "tests.support.mail.SinkBackend",
        "IGFMAG_MAIL_SINK": str(sink),
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    subprocess.run(["psql", PG + "/postgres", "-qc", "DROP DATABASE IF EXISTS igfmag_bench"], check=True)
    subprocess.run(["psql", PG + "/postgres", "-qc", "CREATE DATABASE igfmag_bench"], check=True)

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
    team = IssueTeam.objects.create(cycle=cycle, area=IssueArea.objects.create(name="Bench", slug="bench"))
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

    started = time.monotonic()
    queued = len(reminders.sweep())
    swept = time.monotonic() - started
    while OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() < expected:
        if time.monotonic() - started > 600:
            break
        time.sleep(0.2)
    total = time.monotonic() - started
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
    return 0 if (duplicates, missing, sent) == (0, 0, expected) else 1


if __name__ == "__main__":
    sys.exit(main())
