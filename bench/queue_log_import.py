"""Import a generated 1-million-line Asterisk queue_log on PostgreSQL and time it (AGENT-1 bench).

    createdb -h 127.0.0.1 -U postgres gasdesk_bench_h2
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench_h2 \\
        .venv/bin/python bench/queue_log_import.py --lines 1000000

Steps, timed apart: (1) write the file to a temp dir: a month of a 40-agent queue in the real
format (ENTERQUEUE, RINGNOANSWER, CONNECT, COMPLETE*, transfers, ABANDON/EXIT*, PAUSE wrap-up,
AGENTLOGIN/LOGOFF, DID and CONFIGRELOAD noise, a few NUL-damaged lines); (2) import it through
`quality.services.import_call_records` (the same path as `gasdesk import_calls`); (3) import it
again (every event a duplicate: the idempotent path); (4) the month's KPIs and agent scores.
The database is migrated and the packs loaded by the script itself.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _common import emit, print_table, setup, timed

AGENTS = [f"坐席{n:02d}" for n in range(1, 41)]
MONTH_START = 1790784000  # 2026-10-01 00:00 Asia/Shanghai
EXITS = ("ABANDON", "ABANDON", "ABANDON", "EXITWITHTIMEOUT", "EXITWITHKEY", "EXITEMPTY")


def _call(rng: random.Random, t: int, n: int) -> Iterator[str]:
    callid = f"{t - rng.randint(0, 90)}.{n}"
    yield f"{t - 5}|{callid}|96602|NONE|DID|96602"
    yield f"{t}|{callid}|96602|NONE|ENTERQUEUE||139{n % 10**8:08d}|1"
    if rng.random() < 0.12:
        wait = rng.randint(2, 120)
        yield f"{t + wait}|{callid}|96602|NONE|{rng.choice(EXITS)}|1|1|{wait}"
        return
    agent, wait = rng.choice(AGENTS), rng.randint(1, 40)
    if rng.random() < 0.2:
        yield f"{t + 1}|{callid}|96602|{rng.choice(AGENTS)}|RINGNOANSWER|15000"
    talk = rng.randint(20, 400)
    yield f"{t + wait}|{callid}|96602|{agent}|CONNECT|{wait}|{t}.9|{min(wait, 15)}"
    end = t + wait + talk
    if rng.random() < 0.05:
        yield f"{end}|{callid}|96602|{agent}|BLINDTRANSFER|8001|from-internal|{wait}|{talk}|1"
    else:
        yield f"{end}|{callid}|96602|{agent}|COMPLETECALLER|{wait}|{talk}|1"
    if rng.random() < 0.5:
        yield f"{end + 1}|NONE|NONE|{agent}|PAUSEALL|wrap"
        yield f"{end + 1 + rng.randint(5, 90)}|NONE|NONE|{agent}|UNPAUSEALL|"


def generate(path: Path, lines: int, seed: int = 7) -> int:
    """Write about `lines` lines; returns the count actually written."""
    rng, written, t, n = random.Random(seed), 0, MONTH_START, 0
    with path.open("w", encoding="utf-8") as out:
        for agent in AGENTS:
            out.write(f"{t}|NONE|NONE|{agent}|AGENTLOGIN|SIP/{agent}\n")
            written += 1
        while written < lines:
            for text in _call(rng, t, n):
                out.write(f"{text}\n")
                written += 1
            if n % 500 == 0:
                out.write(f"{t}|NONE|NONE|NONE|CONFIGRELOAD|\n")
                out.write(
                    ("\0" * 78 if n % 50000 == 0 else "") + f"{t}|NONE|NONE|NONE|QUEUESTART|\n"
                )
                written += 2
            t, n = t + rng.randint(5, 20), n + 1
    return written


def prepare() -> Any:
    from django.core.management import call_command

    from gasdesk.org.models import OrgUnit
    from gasdesk.org.services import create_org_unit
    from gasdesk.standards.loading import load_all_shipped

    call_command("migrate", verbosity=0)
    load_all_shipped()
    company = OrgUnit.objects.filter(code="BENCH-KL").first()
    return company or create_org_unit(
        name="昆仑燃气(基准)", code="BENCH-KL", kind="company", standard_company="kunlun96602"
    )


def run_import(company: Any, path: Path, source: str) -> tuple[float, Any]:
    from django.utils import timezone
    from tqdm import tqdm

    from gasdesk.quality.services import CallFile, import_call_records

    with path.open("rb") as stream, tqdm(unit="lines", mininterval=2) as bar, timed() as t:
        result = import_call_records(
            company,
            CallFile(stream, path.name, "queue_log", source),
            by=None,
            now=timezone.now(),
            progress=lambda n: bar.update(n - bar.n),
        )
    return t.seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    setup()
    import datetime as dt

    company = prepare()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "queue_log"
        with timed() as gen:
            lines = generate(path, args.lines)
        source = f"bench-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}"
        first_s, first = run_import(company, path, source)
        again_s, again = run_import(company, path, source)
    figures_s = _figures(company)
    rows = [
        ["generate", lines, gen.seconds, lines / gen.seconds],
        ["import (new)", first.lines, first_s, first.lines / first_s],
        ["re-import (all duplicates)", again.lines, again_s, again.lines / again_s],
    ]
    print_table(["step", "lines", "seconds", "lines/s"], rows)
    print(
        f"events {first.events_imported:,} imported, calls {first.calls_rebuilt:,}; "
        f"re-import added {again.events_imported}; KPIs + agent scores {figures_s:.2f} s"
    )
    emit(
        "queue_log_import",
        {
            "lines": lines,
            "import_s": first_s,
            "reimport_s": again_s,
            "lines_per_s": first.lines / first_s,
            "figures_s": figures_s,
        },
    )


def _figures(company: Any) -> float:
    import datetime as dt

    from django.utils import timezone

    from gasdesk.org.models import User
    from gasdesk.quality import selectors

    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-h2", password="bench-h2-password"
    )
    with timed() as t:
        selectors.hotline_summary(user, dt.date(2026, 10, 1), company.pk, now=timezone.now())
    return t.seconds


if __name__ == "__main__":
    main()
