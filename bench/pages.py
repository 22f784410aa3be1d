"""Benchmark (not a test): every page people reach, on IGF-scale data, against a bare Django page.

    .venv/bin/python bench/pages.py [--scale 1|10|100] [--rounds 3] [--duration 5] [--pages matrix poll ...]

Makes its own PostgreSQL database anew (BENCH_PAGES_DB, default igfmag_bench_pages, on the server in
BENCH_PG), seeds it (bench/seed.py: 3,000 people, 60 teams ... at --scale 10), and serves the app
with its production settings under gunicorn (2 sync workers) on the machine's PostgreSQL and Redis
(BENCH_REDIS_URL, default redis://127.0.0.1:6379/6, emptied first). Beside it, the ceiling
(bench/ceiling.py): one query and a small template for a signed-in person, on the same settings,
database, session engine and middleware, under the same gunicorn. The people are signed in by
sessions written into the session store (the secretariat's carrying the second factor, as production
asks). Then, each round, every page is loaded right after the ceiling, with wrk at 20 connections
(each run starts once the server has finished the requests the last one left), and the table gives
per page and person the median over the rounds of: requests a second, p50/p95/p99 latency, the
page's HTML size and its throughput as a share of the ceiling's in the same round. Needs wrk
(Debian's package: apt-get install wrk); installs nothing itself.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import django
import psycopg
import redis

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_PAGES_DB", "igfmag_bench_pages")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
WORKERS = 2
CONNECTIONS = 20
WRK_SCRIPT = ROOT / "bench" / "wrk.lua"
# What the proxy in front of production adds: the request came over HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass
class Run:
    rps: float
    p50: float
    p95: float
    p99: float
    failures: int


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, choices=[1, 10, 100], default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--duration", type=int, default=5, help="seconds of load per page and per ceiling run"
    )
    parser.add_argument("--pages", nargs="*", default=[], help="only these pages (names as in the table)")
    args = parser.parse_args()

    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is missing: install Debian's package (sudo apt-get install wrk) and run again.")
    env = {
        "DJANGO_SETTINGS_MODULE": "igfmag.settings.production",
        "DJANGO_SECRET_KEY": "bench-pages-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # The header the proxy sets is trusted (one proxy), as in production.
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "IGFMAG_SITE_URL": "https://127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    machine = _machine(wrk)

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        pg.execute(f'CREATE DATABASE "{DB_NAME}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    django.setup()
    # After django.setup(): the seeder and the sign-in use the app's models.
    from django.core.management import call_command
    from django.utils import timezone

    from bench import seed as seeding
    from bench import visits

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.monotonic()
    seeding.seed(scale=args.scale, now=timezone.now())
    _say(f"seeded scale {args.scale} in {time.monotonic() - started:.1f} s")

    targets, cookies = visits.targets_and_sessions()
    if args.pages:
        unknown = set(args.pages) - {t.page for t in targets}
        if unknown:
            names = ", ".join(dict.fromkeys(t.page for t in targets))
            sys.exit(f"no such page: {', '.join(sorted(unknown))}; the pages: {names}")
        targets = [t for t in targets if t.page in args.pages]

    logs = Path(tempfile.mkdtemp(prefix="igfmag-bench-pages-"))
    app_port, ceiling_port = _free_port(), _free_port()
    servers = [
        _gunicorn("igfmag.settings.production", app_port, logs / "app.log"),
        _gunicorn("bench.ceiling", ceiling_port, logs / "ceiling.log"),
    ]
    try:
        app, ceiling = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{ceiling_port}"
        _wait_for(app + "/", logs)
        _wait_for(ceiling + "/", logs)
        sizes = {t: _html_size(app + t.path, cookies[t.role], logs) for t in targets}
        ceiling_size = _html_size(ceiling + "/", cookies["member"], logs)
        load_before = os.getloadavg()
        runs = {t: [] for t in targets}
        ceilings = {t: [] for t in targets}
        for round_number in range(1, args.rounds + 1):
            for target in targets:
                _say(f"round {round_number}/{args.rounds}: {target.page} as {target.role}")
                ceilings[target].append(_load(wrk, ceiling, "/", cookies["member"], args.duration))
                runs[target].append(_load(wrk, app, target.path, cookies[target.role], args.duration))
        load_after = os.getloadavg()
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
    shutil.rmtree(logs)

    print(f"Scale {args.scale}× ({_counts_line(seeding.Counts.at(args.scale))}); {machine}.")
    print(
        f"gunicorn {WORKERS} sync workers each for the app and the ceiling; wrk, {CONNECTIONS} connections, "
        f"{args.duration} s per run, {args.rounds} rounds (ceiling, page, ceiling, page ...); medians over "
        f"the rounds. Load average (1 min) {load_before[0]:.1f} before the runs, {load_after[0]:.1f} after."
    )
    print()
    print(_table(targets, runs, ceilings, sizes, ceiling_size))
    return 0


def _say(text):
    print(text, file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn(settings_module, port, log) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "igfmag.wsgi:application",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings_module},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url, cookie):
    headers = {**PROXY_HEADERS, **({"Cookie": cookie} if cookie else {})}
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_for(url, logs):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _get(url, "")
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer within 60 s; gunicorn's output is in {logs}")


def _html_size(url, cookie, logs) -> int:
    """The page's size, after checking that it is the page itself (200), not a redirect or an error."""
    status, body = _get(url, cookie)
    if status != 200:
        sys.exit(f"{url} answered {status}, not 200: the benchmark would measure the wrong page ({logs})")
    return len(body)


def _load(wrk, server, path, cookie, duration) -> Run:
    result = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "-s",
            str(WRK_SCRIPT),
            server + path,
        ],
        env={**os.environ, "BENCH_COOKIE": cookie},
        capture_output=True,
        text=True,
        check=True,
    )
    _drain(server)
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    numbers = json.loads(line.removeprefix("BENCH "))
    return Run(
        rps=numbers["requests"] / (numbers["duration_us"] / 1e6),
        p50=numbers["p50_us"] / 1000,
        p95=numbers["p95_us"] / 1000,
        p99=numbers["p99_us"] / 1000,
        failures=numbers["socket_errors"] + numbers["bad_status"] + numbers["timeouts"],
    )


def _drain(server):
    """Waits until the server has finished the requests wrk left behind. When wrk stops, up to 20
    requests are still queued at gunicorn, which serves them all: after a slow page, seconds of
    work that would otherwise load the next run. A cheap page (the 404) coming back at once says
    the queue is empty."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        asked = time.monotonic()
        _get(server + "/bench-drain/", "")
        if time.monotonic() - asked < 0.2:
            return
    sys.exit(f"{server} was still busy 300 s after the load stopped")


def _table(targets, runs, ceilings, sizes, ceiling_size) -> str:
    every_ceiling = [run for target in targets for run in ceilings[target]]
    lines = [
        "| page | as | path | req/s | p50 ms | p95 ms | p99 ms | HTML KB | × ceiling | failed |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|",
        _row("ceiling", "member", "/", every_ceiling, every_ceiling, ceiling_size),
    ]
    for target in targets:
        lines.append(
            _row(
                target.page,
                target.role,
                target.shown_path or target.path,
                runs[target],
                ceilings[target],
                sizes[target],
            )
        )
    return "\n".join(lines)


def _row(page, role, path, runs, ceilings, size) -> str:
    median = statistics.median
    ratio = median(run.rps / ceiling.rps for run, ceiling in zip(runs, ceilings, strict=True))
    rps, p50, p95, p99 = (median(getattr(r, name) for r in runs) for name in ("rps", "p50", "p95", "p99"))
    return (
        f"| {page} | {role} | `{path}` | {rps:.1f} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {size / 1024:.1f} "
        f"| {ratio:.1%} | {sum(r.failures for r in runs)} |"
    )


def _counts_line(counts) -> str:
    return (
        f"{counts.people:,} people, {counts.teams} teams, {counts.milestones} milestones, "
        f"{counts.polls} polls, {counts.meetings} meetings, {counts.proposals} proposals"
    )


def _machine(wrk) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.machine(),
    )
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    with psycopg.connect(f"{PG}/postgres") as pg:
        postgres = pg.execute("SHOW server_version").fetchone()[0]
    redis_version = redis.Redis.from_url(REDIS_URL).info()["redis_version"]
    wrk_version = subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout.split()[1]
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024**2:.0f} GiB, Python {platform.python_version()}, "
        f"PostgreSQL {postgres}, Redis {redis_version}, wrk {wrk_version}; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


if __name__ == "__main__":
    sys.exit(main())
