"""The command line of a real Celery worker of igfmag, for the tests and drills that run one as a
separate process (tests/test_workers.py, bench/)."""

import sys
import time


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
