"""Demo call records (AGENT-1): a month of a hotline queue in queue_log format, imported through
the product's own importer, so the hotline figures page has data to show.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Iterator

from gasdesk.org.models import OrgUnit
from gasdesk.quality.models import CallImport
from gasdesk.quality.services import CallFile, import_call_records

DEMO_AGENTS = ("王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆")
LOST_EVENTS = ("ABANDON", "ABANDON", "EXITWITHTIMEOUT", "EXITWITHKEY")


def _call(rng: random.Random, t: int, n: int) -> Iterator[str]:
    callid = f"{t - rng.randint(1, 60)}.{n}"
    yield f"{t}|{callid}|hotline|NONE|ENTERQUEUE||139{rng.randint(0, 10**8 - 1):08d}|1"
    wait = rng.randint(1, 40)
    if rng.random() < 0.08:
        yield f"{t + wait}|{callid}|hotline|NONE|{rng.choice(LOST_EVENTS)}|1|1|{wait}"
        return
    agent, talk = rng.choice(DEMO_AGENTS), rng.randint(30, 300)
    if rng.random() < 0.1:
        yield f"{t + 1}|{callid}|hotline|{rng.choice(DEMO_AGENTS)}|RINGNOANSWER|15000"
    yield f"{t + wait}|{callid}|hotline|{agent}|CONNECT|{wait}|{t}.9|{min(wait, 15)}"
    yield f"{t + wait + talk}|{callid}|hotline|{agent}|COMPLETECALLER|{wait}|{talk}|1"
    if rng.random() < 0.6:
        end = t + wait + talk + 1
        yield f"{end}|NONE|NONE|{agent}|PAUSEALL|wrap"
        yield f"{end + rng.randint(10, 120)}|NONE|NONE|{agent}|UNPAUSEALL|"


def demo_queue_log(end: dt.datetime, *, days: int, calls_per_day: int, seed: int) -> bytes:
    """`days` days before `end`, 08:00–20:00, calls spread evenly; deterministic for a seed."""
    rng, lines, n = random.Random(seed), [], 0
    for day in range(days, 0, -1):
        opening = (end - dt.timedelta(days=day)).replace(hour=8, minute=0, second=0)
        start = int(opening.timestamp())
        lines += [f"{start}|NONE|NONE|{a}|AGENTLOGIN|SIP/{i}" for i, a in enumerate(DEMO_AGENTS)]
        for k in range(calls_per_day):
            lines += _call(rng, start + k * (12 * 3600 // calls_per_day), n)
            n += 1
        lines += [f"{start + 12 * 3600}|NONE|NONE|{a}|AGENTLOGOFF|SIP/{i}|43200"
                  for i, a in enumerate(DEMO_AGENTS)]  # fmt: skip
    lines.sort(key=lambda text: int(text.split("|", 1)[0]))
    return "".join(f"{text}\n" for text in lines).encode()


def build_hotline(
    company: OrgUnit, *, now: dt.datetime, days: int = 30, calls_per_day: int = 120, seed: int = 7
) -> CallImport:
    """Import a demo month of calls for `company` (its pack must have a hotline section)."""
    payload = demo_queue_log(now, days=days, calls_per_day=calls_per_day, seed=seed)
    call_file = CallFile(io.BytesIO(payload), "demo-queue_log", "queue_log", "demo-pbx")
    return import_call_records(company, call_file, by=None, now=now)
