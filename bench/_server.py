"""A gunicorn server for the HTTP benches, and the shared load client (http-load.py).

The server is the product's own configuration (gunicorn.conf.py: sync workers, one DB
connection each, kept 60 s; `--worker-class gthread` keeps each client's connection open)
with GASDESK_HTTPS=0 (plain HTTP on loopback) and GASDESK_JOBS_IN_PROCESS=0 (no breach scan
during the figures). It is started and stopped by its own pid. CPU is read from /proc for the
workers and for their PostgreSQL backends, so a figure like "CPU per order" covers both sides;
the load client runs on the same 2 CPUs and its own CPU is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import REPO

HTTP_LOAD = Path("/work/shared/tools/http-load.py")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
DEMO_PASSWORD = "demo12345"


def _stat(pid: int) -> list[str]:
    """Fields of /proc/<pid>/stat after the command name (field 3 onwards)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text.rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    try:
        fields = _stat(pid)
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == parent:
                    found.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    return sorted(found)


@dataclass
class CpuSnapshot:
    workers: float
    database: float


def _database_backends(database: str, exclude: set[int]) -> list[int]:
    """PostgreSQL backends of `database`, found by their process title (no query needed)."""
    marker = f" {database} "
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in exclude:
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres:") and marker in title:
            found.append(int(entry.name))
    return found


class CpuMeter:
    """CPU seconds of the gunicorn workers and of the bench database's backends over a run.

    Backends come and go (connections are kept 60 s, then reopened), so a thread samples
    every process twice a second and keeps the last value it saw for each pid; a process that
    exits loses at most its last half second.
    """

    def __init__(self, server: Server, database: str, exclude: set[int]) -> None:
        self.server, self.database, self.exclude = server, database, exclude
        self.start: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.kind: dict[int, str] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        pids = dict.fromkeys(self.server.worker_pids(), "app")
        pids.update(dict.fromkeys(_database_backends(self.database, self.exclude), "db"))
        for pid, kind in pids.items():
            seconds = cpu_seconds(pid)
            if seconds:
                self.start.setdefault(pid, seconds if not self.thread.is_alive() else 0.0)
                self.last[pid] = seconds
                self.kind[pid] = kind

    def _loop(self) -> None:
        while not self.stop.wait(0.5):
            self._sample()

    def __enter__(self) -> CpuMeter:
        self._sample()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self._sample()

    def used(self) -> CpuSnapshot:
        totals = {"app": 0.0, "db": 0.0}
        for pid, last in self.last.items():
            totals[self.kind[pid]] += last - self.start.get(pid, 0.0)
        return CpuSnapshot(workers=totals["app"], database=totals["db"])


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """--workers, --threads and --worker-class, as every HTTP bench takes them."""
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker")
    parser.add_argument(
        "--worker-class", default="", help="sync (default for 1 thread) or gthread (keep-alive)"
    )


@dataclass
class Server:
    """`with Server(workers=4) as server:` runs gunicorn on 127.0.0.1:port until the block ends."""

    workers: int = 4
    port: int = 8765
    threads: int = 1
    worker_class: str = ""
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(default_factory=lambda: REPO / "var" / "bench" / "gunicorn.log")

    @classmethod
    def from_args(cls, args: argparse.Namespace, **kwargs: Any) -> Server:
        return cls(
            workers=args.workers, threads=args.threads, worker_class=args.worker_class, **kwargs
        )

    @property
    def kind(self) -> str:
        """The server in table headings: "4 sync workers", "2 gthread workers × 2 threads"."""
        kind = self.worker_class or ("sync" if self.threads == 1 else "gthread")
        threads = f" × {self.threads} threads" if self.threads > 1 else ""
        return f"{self.workers} {kind} workers{threads}"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        env = {
            **os.environ,
            "GASDESK_WORKERS": str(self.workers),
            "GASDESK_THREADS": str(self.threads),
            "GASDESK_WORKER_CLASS": self.worker_class,
            "GASDESK_BIND": f"127.0.0.1:{self.port}",
            "GASDESK_HTTPS": "0",
            "GASDESK_JOBS_IN_PROCESS": "0",
            "GASDESK_LOG_LEVEL": "WARNING",
        }
        self.log.parent.mkdir(parents=True, exist_ok=True)
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [gunicorn, "-c", "gunicorn.conf.py", "gasdesk.wsgi"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"gunicorn did not answer on {self.base} (see {self.log})")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def worker_pids(self) -> list[int]:
        return children(self.process.pid) if self.process else []

    def rss(self) -> list[float]:
        return [round(rss_mib(pid), 1) for pid in self.worker_pids()]


@dataclass(frozen=True)
class LoadRun:
    """One http-load run (one concurrency, one repetition)."""

    concurrency: int
    requests: int
    ok: int
    rps: float
    p50: float
    p90: float
    p99: float
    max: float
    statuses: dict[str, int]


@dataclass(frozen=True)
class Load:
    """What http-load sends: one method and path (with {n}/{rand}/{text}) as one login."""

    method: str
    path: str
    user: str
    body: str | None = None
    password: str = DEMO_PASSWORD
    start_n: int | None = None


def http_load(server: Server, load: Load, *, clients: int, requests: int) -> LoadRun:
    """One run of /work/shared/tools/http-load.py, in place, at `clients` concurrency."""
    command = [sys.executable, str(HTTP_LOAD), "--base", server.base, "--login", "/login/"]
    command += ["--user", load.user, "--password", load.password, load.method]
    command += ["--path", load.path, "-c", str(clients), "-n", str(requests), "--runs", "1"]
    if load.body is not None:
        command += ["--body", load.body]
    if load.start_n is not None:
        command += ["--start-n", str(load.start_n)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"http-load failed: {done.stderr[-2000:]}")
    runs = [_run(json.loads(line)) for line in done.stdout.splitlines() if '"run"' in line]
    if len(runs) != 1:
        raise SystemExit(f"http-load printed no run: {done.stdout[-2000:]}")
    return runs[0]


def _run(record: dict[str, Any]) -> LoadRun:
    return LoadRun(
        concurrency=record["concurrency"],
        requests=record["requests"],
        ok=record["ok"],
        rps=record["rps"],
        p50=record["p50_ms"],
        p90=record["p90_ms"],
        p99=record["p99_ms"],
        max=record["max_ms"],
        statuses=record["statuses"],
    )
