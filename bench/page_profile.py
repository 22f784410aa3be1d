"""Where a page's time goes, in-process (not a test; bench/pages.py gives the numbers under load).

    .venv/bin/python bench/page_profile.py [--seed] [--scale 10] [--requests 200] [--top 25] PAGE [ROLE]

`--after-change review` measures each request as the first after a change (the version bumped
before it): what a cached page costs to build.

On the database bench/pages.py seeded (BENCH_PAGES_DB; --seed makes it anew), with the production
settings and the same Redis (BENCH_REDIS_URL), requests the page as bench/pages.py does (same
person, same session) through Django's test client, warm: one request first to fill the caches.
Prints per request the CPU and wall milliseconds, the SQL queries and Redis commands it made, then
the functions with the most cumulative time under cProfile. CPU time is the process's own, so it
holds when the machine is busy; wall time adds PostgreSQL's and Redis's answers.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_PAGES_DB", "igfmag_bench_pages")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page")
    parser.add_argument("role", nargs="?", default=None, help="who opens it (default: the table's first)")
    parser.add_argument("--seed", action="store_true", help="make and seed the database anew first")
    parser.add_argument("--scale", type=int, choices=[1, 10, 100], default=10)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="cProfile's order: cumulative or tottime")
    parser.add_argument(
        "--ceiling", action="store_true", help="the ceiling's page instead, as the person who opens PAGE"
    )
    parser.add_argument("--callees", default="", help="print the callees of the matching functions")
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request")
    parser.add_argument(
        "--after-change",
        default="",
        metavar="VERSION",
        help="each request as the first after a change: the named version (common/versions.py) bumped first",
    )
    args = parser.parse_args()

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.ceiling" if args.ceiling else "igfmag.settings.production",
            "DJANGO_SECRET_KEY": "bench-pages-only-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": f"{PG}/{DB_NAME}",
            "REDIS_URL": REDIS_URL,
            "IGFMAG_SITE_URL": "https://127.0.0.1",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    if args.seed:
        import psycopg
        import redis

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
            pg.execute(f'CREATE DATABASE "{DB_NAME}"')
        redis.Redis.from_url(REDIS_URL).flushdb()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench import seed as seeding
    from bench import visits

    call_command("collectstatic", interactive=False, verbosity=0)
    if args.seed:
        call_command("migrate", verbosity=0)
        seeding.seed(scale=args.scale, now=timezone.now())
    from django.urls import set_urlconf

    set_urlconf("igfmag.urls")  # the app's addresses, also when the ceiling's settings are loaded
    targets, cookies = visits.targets_and_sessions()
    set_urlconf(None)
    chosen = [t for t in targets if t.page == args.page and (args.role is None or t.role == args.role)]
    if not chosen:
        sys.exit(f"no such page and role; the pages: {', '.join(sorted({t.page for t in targets}))}")
    target = chosen[0]
    if args.ceiling:
        target = visits.Target("ceiling", "/", target.role)
    client = Client(headers={"X-Forwarded-Proto": "https"}, secure=True)
    for cookie in filter(None, cookies[target.role].split("; ")):
        name, _, value = cookie.partition("=")
        client.cookies[name] = value

    queries: list[str] = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    redis_commands = _count_redis()

    from common.versions import version_bump

    def one():
        if args.after_change:
            version_bump(args.after_change)  # outside a transaction: at once
        response = client.get(target.path)
        assert response.status_code == 200, response.status_code
        return response

    one()  # warm: the caches filled as a second reader finds them
    queries.clear()
    redis_commands.clear()
    with connection.execute_wrapper(record):
        size = len(one().content)
    print(f"{target.page} as {target.role}: {target.shown_path or target.path}, {size / 1000:.1f} KB")
    print(f"  {len(queries)} queries, {len(redis_commands)} Redis commands: {', '.join(redis_commands)}")
    if args.sql:
        for sql in queries:
            print("   ", sql[:300])

    cpu, wall = [], []
    for _ in range(args.requests):
        c0, w0 = time.process_time(), time.perf_counter()
        one()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    cpu_ms, wall_ms = statistics.median(cpu), statistics.median(wall)
    print(f"  per request: CPU median {cpu_ms:.2f} ms, wall median {wall_ms:.2f} ms")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        one()
    profiler.disable()
    stats = pstats.Stats(profiler)
    # Python function calls per request: the same on every run, busy machine or not.
    print(f"  {stats.total_calls / args.requests:,.0f} Python function calls per request")
    if args.top:
        stats.sort_stats(args.sort).print_stats(args.top)
    if args.callees:
        stats.sort_stats("cumulative").print_callees(args.callees)


def _count_redis() -> list[str]:
    """The Redis commands sent, by name, through redis-py's connection (what the cache sends)."""
    import redis.connection

    commands: list[str] = []
    send = redis.connection.AbstractConnection.send_command

    def counted(self, *command, **kwargs):
        commands.append(str(command[0]))
        return send(self, *command, **kwargs)

    redis.connection.AbstractConnection.send_command = counted
    return commands


if __name__ == "__main__":
    main()
