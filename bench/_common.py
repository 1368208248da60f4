"""Shared plumbing of the bench/ scripts: Django set-up, latency statistics, output.

The benches print figures; they are not tests. They run against a dedicated PostgreSQL
database (DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/gasdesk_bench), never the test
databases, because the figures only mean something at production table sizes. Each script
prints a readable table and one JSON line (prefixed `BENCH `) that run_all.sh collects.

Percentiles interpolate linearly between ranks, as /work/shared/tools/http-load.py does, so
in-process and HTTP figures are comparable.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH_DATA = REPO / "var" / "bench"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/gasdesk_bench"
MIN_SAMPLES = 200


def setup(*, allow_sqlite: bool = False) -> None:
    """Configure Django for a bench: PostgreSQL bench database, no in-process jobs.

    The jobs runner is off so a breach scan never competes with the figures being taken.
    """
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("GASDESK_JOBS_IN_PROCESS", "0")
    os.environ.setdefault("GASDESK_HTTPS", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gasdesk.settings")
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres") and not allow_sqlite:
        raise SystemExit(f"bench: DATABASE_URL must point to PostgreSQL, got {url!r}")
    if "/test_" in url:
        raise SystemExit("bench: refusing to run against a test database")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def database_name() -> str:
    from django.db import connection

    return str(connection.settings_dict["NAME"])


def machine() -> dict[str, Any]:
    """Where and under what load the figures were taken (the machine is shared)."""
    one, five, fifteen = os.getloadavg()
    return {
        "date": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "load": [round(one, 2), round(five, 2), round(fifteen, 2)],
    }


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


def percentile(sorted_values: Sequence[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100.0
    low = int(k)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (k - low)


@dataclass(frozen=True)
class Latency:
    """Latency summary in milliseconds over `count` samples."""

    count: int
    p50: float
    p95: float
    p99: float
    max: float
    mean: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency:
        values = sorted(s * 1000 for s in seconds)
        return cls(
            count=len(values),
            p50=round(percentile(values, 50), 2),
            p95=round(percentile(values, 95), 2),
            p99=round(percentile(values, 99), 2),
            max=round(values[-1], 2) if values else float("nan"),
            mean=round(statistics.fmean(values), 2) if values else float("nan"),
        )

    def as_dict(self) -> dict[str, float]:
        return {
            "n": self.count,
            "p50_ms": self.p50,
            "p95_ms": self.p95,
            "p99_ms": self.p99,
            "max_ms": self.max,
            "mean_ms": self.mean,
        }


@dataclass
class Timed:
    seconds: float = 0.0


@contextmanager
def timed() -> Iterator[Timed]:
    result = Timed()
    start = time.perf_counter()
    try:
        yield result
    finally:
        result.seconds = time.perf_counter() - start


def measure(
    call: Callable[[Any], Any], inputs: Sequence[Any], *, warmup: int = 20
) -> tuple[Latency, list[float]]:
    """Call `call(x)` for each input (after `warmup` untimed calls); per-call seconds."""
    for value in inputs[:warmup]:
        call(value)
    samples = []
    for value in inputs:
        start = time.perf_counter()
        call(value)
        samples.append(time.perf_counter() - start)
    return Latency.of(samples), samples


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A plain aligned table (figures right-aligned), readable in a terminal and in a log."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [
        max(_width(h), *(_width(r[i]) for r in cells)) if cells else _width(h)
        for i, h in enumerate(headers)
    ]
    print("  ".join(_pad(h, w, left=True) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print(
            "  ".join(
                _pad(v, w, left=i == 0) for i, (v, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int, *, left: bool) -> str:
    gap = " " * (width - _width(text))
    return text + gap if left else gap + text


def emit(bench: str, figures: dict[str, Any]) -> None:
    """The one JSON line of a run: bench name, machine, database and the figures."""
    record = {"bench": bench, "database": database_name(), **machine(), **figures}
    print("BENCH " + json.dumps(record, ensure_ascii=False, default=str), flush=True)


def bench_user(username: str) -> Any:
    """A demo login (`gasdesk demo --size small` made them) with its unit loaded."""
    from gasdesk.org.models import User

    try:
        return User.objects.select_related("org_unit", "org_unit__company").get(username=username)
    except User.DoesNotExist:
        raise SystemExit(
            f"bench: user {username!r} missing; run `gasdesk demo --size small` on the bench "
            "database first (see bench/README.md)"
        ) from None


def table_rows(table: str) -> int:
    """Planner's estimate of a table's rows (never a COUNT(*) over millions)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
    return max(0, int(row[0])) if row else 0


def relation_size(table: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size(%s::regclass))", [table])
        row = cursor.fetchone()
    return str(row[0]) if row else "?"


def ensure_user(username: str, *, unit_code: str, role: str, password: str) -> Any:
    """A bench login made through the product's create_user (idempotent)."""
    from gasdesk.org.models import OrgUnit, User
    from gasdesk.org.services import create_user

    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    unit = OrgUnit.objects.get(code=unit_code)
    return create_user(username=username, password=password, org_unit=unit, roles=[role])
