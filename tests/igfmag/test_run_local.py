"""bin/run-local (what `make run` starts after migrating): web, Celery worker and beat as three
processes that live and stop together. Killing one stops all with a message, Ctrl-C stops all
cleanly, a second start beside a running one refuses, and nothing is ever left behind."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.igfmag.test_embedded_sqlite import embedded_env

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    """One migrated embedded default for the module's runs (migrating takes a while)."""
    var = tmp_path_factory.mktemp("var")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=embedded_env(var),
        check=True,
        capture_output=True,
        timeout=300,
    )
    return var


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    """One bin/run-local in its own session, as a terminal runs a foreground command."""

    def __init__(self, var: Path):
        self.var, self.port = var, _free_port()
        self.output = var / f"run-{self.port}.txt"
        env = {**embedded_env(var), "PORT": str(self.port), "IGFMAG_PYTHON": sys.executable}
        with self.output.open("w") as out:
            self.process = subprocess.Popen(
                ["bash", "bin/run-local"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def text(self):
        return self.output.read_text()

    def wait_until_up(self, seconds=120):
        """The web answers, a worker and a beat run, and both have written their pidfiles."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.text()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5)
            except urllib.error.HTTPError:
                pass
            except OSError:
                time.sleep(0.5)
                continue
            if all(celery_processes(self.var, name) and self.pid_of(name) for name in ("worker", "beat")):
                return
            time.sleep(0.5)
        raise AssertionError(f"bin/run-local did not come up:\n{self.text()}")

    def pid_of(self, name):
        path = self.var / "celery" / f"{name}.pid"
        return int(path.read_text().strip()) if path.exists() and path.read_text().strip() else None

    def ctrl_c(self):
        """What a terminal does: SIGINT to the foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def wait(self, seconds=60):
        return self.process.wait(timeout=seconds)


def processes_of(var: Path) -> dict[int, str]:
    """Every live process started for this var folder, found by the environment it inherited."""
    marker = f"IGFMAG_VAR_DIR={var}".encode()
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker in (proc / "environ").read_bytes().split(b"\0"):
                found[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def celery_processes(var: Path, name: str) -> list[int]:
    """The pids of the Celery `worker` or `beat` processes started for this var folder."""
    return [pid for pid, cmd in processes_of(var).items() if " celery " in cmd and f" {name} " in cmd]


def beats(var: Path) -> list[int]:
    return celery_processes(var, "beat")


def assert_all_gone(var: Path, seconds=10):
    deadline = time.monotonic() + seconds
    while processes_of(var) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_of(var) == {}


@pytest.fixture
def runs(var_dir):
    started = []

    def start():
        run = Run(var_dir)
        started.append(run)
        return run

    yield start
    for run in started:  # a failed test leaves nothing running
        if run.process.poll() is None:
            os.killpg(run.process.pid, signal.SIGTERM)
            run.wait()
    for pid in processes_of(var_dir):
        os.kill(pid, signal.SIGKILL)


pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc")


def test_killing_the_worker_stops_web_and_beat_and_a_new_start_has_one_beat(runs, var_dir):
    run = runs()
    run.wait_until_up()
    assert len(beats(var_dir)) == 1

    [worker] = celery_processes(var_dir, "worker")
    os.kill(worker, signal.SIGKILL)

    assert run.wait() == 1
    assert "the Celery worker stopped (exit status 137); stopping the others" in run.text()
    assert_all_gone(var_dir)
    assert not (var_dir / "celery" / "beat.pid").exists()  # beat stopped cleanly, not killed

    again = runs()
    again.wait_until_up()
    assert len(beats(var_dir)) == 1
    again.ctrl_c()
    assert again.wait() == 0
    assert_all_gone(var_dir)


# A sign-in code's mail left for the worker (as the outbox sweep does after a failed send): sealed in
# the outbox, its real text reaches only the worker's mail backend.
QUEUE_A_CODE = """
from notifications import ledger_keys
from notifications.emails import RenderedEmail
from notifications.services.notices import account_notice_for, notices_record
email = RenderedEmail(subject="[IGF MAG] Sign-In Code", text="Your sign-in code:\\n\\nBCDF-GHJK\\n", html="")
notices_record([account_notice_for(key=ledger_keys.account_mail(), email=email, to_email="amina@example.org",
                                   user=None, secrets=["BCDF-GHJK"])])
"""


def test_ctrl_c_stops_web_worker_and_beat_and_exits_cleanly(runs, var_dir):
    run = runs()
    run.wait_until_up()
    assert len(processes_of(var_dir)) >= 4  # this script, runserver and its reloader, worker, beat
    assert f"igfmag runs at http://127.0.0.1:{run.port}/" in run.text()  # PORT, where it answered

    # Mail the worker sends shows in this terminal, code included, not only in var/celery.log.
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", QUEUE_A_CODE],
        cwd=ROOT,
        env=embedded_env(var_dir),
        check=True,
        capture_output=True,
        timeout=120,
    )
    deadline = time.monotonic() + 60
    while "Mail to amina@example.org" not in run.text() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "Mail to amina@example.org: [IGF MAG] Sign-In Code — code BCDF-GHJK (" in run.text()

    run.ctrl_c()

    assert run.wait() == 0
    assert run.text().rstrip().endswith("igfmag stopped.")
    assert "Segmentation fault" not in run.text()
    assert_all_gone(var_dir)


def test_a_second_start_beside_a_running_one_refuses_and_leaves_one_beat(runs, var_dir):
    first = runs()
    first.wait_until_up()

    second = runs()
    assert second.wait() == 1
    assert f"igfmag already runs here (process {first.pid_of('beat')}" in second.text()
    assert first.process.poll() is None and len(beats(var_dir)) == 1

    first.ctrl_c()
    assert first.wait() == 0
    assert_all_gone(var_dir)


@pytest.mark.skipif(not shutil.which("setpriv"), reason="setpriv (util-linux) is missing")
def test_nothing_is_left_behind_when_the_script_itself_is_killed(runs, var_dir):
    run = runs()
    run.wait_until_up()

    os.kill(run.process.pid, signal.SIGKILL)
    run.wait()

    assert_all_gone(var_dir, seconds=30)
    assert not (var_dir / "celery" / "beat.pid").exists()
