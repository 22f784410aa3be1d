"""The command line of a real Celery worker of igfmag, for the tests and drills that run one as a
separate process (tests/test_workers.py, bench/)."""

import sys
import threading
import time

from django.db import close_old_connections


def celery_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "igfmag", *args]


def worker_command(name: str, *, concurrency: int = 2) -> list[str]:
    """A prefork worker with a name of its own (a restarted worker is a new node), without the
    gossip, mingle and heartbeat that only slow a start and chatter between the workers."""
    return celery_command(
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        str(concurrency),
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"{name}-{time.monotonic_ns()}@%h",
    )


def at_once(job, times: int = 2) -> list:
    """Run `job` in `times` threads released together (two beats sweeping at the same moment),
    each with its own database connection; returns what each returned."""
    barrier = threading.Barrier(times)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(job())
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
