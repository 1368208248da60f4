"""Plain builders of the hotline tests: queue_log lines, a synthetic day, imports (STYLE 2.6.3)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from gasdesk.org.models import OrgUnit, User
from gasdesk.quality.models import CallImport
from gasdesk.quality.services import CallFile, import_call_records

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The real IssabelPBX files (README there), used in place; CI has them at the same spot.
REAL_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "queue_log"
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


def epoch(*args: int) -> int:
    """Epoch seconds of a Shanghai wall-clock time."""
    return int(dt.datetime(*args, tzinfo=SHANGHAI).timestamp())  # type: ignore[arg-type,misc]


def line(at: int, callid: str, queue: str, agent: str, event: str, *data: str) -> str:
    return "|".join([str(at), callid, queue, agent, event, *data])


def import_bytes(
    company: OrgUnit,
    payload: bytes,
    *,
    by: User | None = None,
    file_format: str = "queue_log",
    source: str = "pbx1",
) -> CallImport:
    call_file = CallFile(io.BytesIO(payload), "upload.log", file_format, source)
    return import_call_records(company, call_file, by=by, now=NOW)


def import_text(
    company: OrgUnit,
    lines: Iterable[str],
    *,
    by: User | None = None,
    file_format: str = "queue_log",
) -> CallImport:
    payload = "".join(f"{text}\n" for text in lines).encode()
    return import_bytes(company, payload, by=by, file_format=file_format)


def import_path(company: OrgUnit, path: Path, *, source: str = "synk_bug") -> CallImport:
    with path.open("rb") as stream:
        call_file = CallFile(stream, path.name, "queue_log", source)
        return import_call_records(company, call_file, by=None, now=NOW)


ANSWERED_WAITS = (3, 8, 12, 15, 16, 20, 30)  # 4 of 7 within 15 s
LOST = (("ABANDON", 12), ("EXITWITHTIMEOUT", 5), ("EXITWITHKEY", 3), ("EXITEMPTY", 2))
TALK_SECONDS = 60
WRAP_UP_SECONDS = 30


def _answered_call(t: int, n: int, agent: str, other: str) -> list[str]:
    """One answered call: DID noise, ENTERQUEUE, maybe a RINGNOANSWER, CONNECT, end, wrap-up."""
    callid, wait = f"{t - 7}.{n}", ANSWERED_WAITS[n % len(ANSWERED_WAITS)]
    out = [line(t - 7, callid, "96602", "NONE", "DID", ""),
           line(t, callid, "96602", "NONE", "ENTERQUEUE", "", f"1390000{n:04d}", "1")]  # fmt: skip
    if n % 5 == 0:
        out.append(line(t + 1, callid, "96602", other, "RINGNOANSWER", "1000"))
    out.append(line(t + wait, callid, "96602", agent, "CONNECT", str(wait), f"{t}.9{n}", "1"))
    end = t + wait + TALK_SECONDS
    out.append(_end_line(end, callid, agent, n, wait))
    if agent == "张三":
        out.append(line(end + 2, "NONE", "NONE", agent, "PAUSEALL", "wrap"))
        out.append(line(end + 2 + WRAP_UP_SECONDS, "NONE", "NONE", agent, "UNPAUSEALL", ""))
    return out


def _end_line(end: int, callid: str, agent: str, n: int, wait: int) -> str:
    if n in (1, 3, 7, 11, 13, 17):  # 6 blind transfers
        return line(end, callid, "96602", agent, "BLINDTRANSFER", "8001", "from-internal",
                    str(wait), str(TALK_SECONDS), "1")  # fmt: skip
    if n in (25, 27, 33, 39):  # 4 attended transfers
        return line(end, callid, "96602", agent, "ATTENDEDTRANSFER", "BRIDGE", "b1",
                    str(wait), str(TALK_SECONDS), "1")  # fmt: skip
    event = "COMPLETECALLER" if n % 2 else "COMPLETEAGENT"
    return line(end, callid, "96602", agent, event, str(wait), str(TALK_SECONDS), "1")


def _lost_call(t: int, n: int, event: str) -> list[str]:
    callid, wait = f"{t - 3}.{n}", 10 + n % 50
    data = ["9", "1", "1", str(wait)] if event == "EXITWITHKEY" else ["1", "1", str(wait)]
    return [line(t, callid, "96602", "NONE", "ENTERQUEUE", "", "13800000000", "1"),
            line(t + wait, callid, "96602", "NONE", event, *data)]  # fmt: skip


def synthetic_day(day: tuple[int, int, int] = (2026, 10, 12)) -> list[str]:
    """A day of a 96602 queue in real queue_log format.

    40 answered (24 within 15 s; 6 blind + 4 attended transfers), 12 ABANDON,
    5 EXITWITHTIMEOUT, 3 EXITWITHKEY, 2 EXITEMPTY. 张三 logs in with AGENTLOGIN 08:00–18:00 and
    pauses 30 s of wrap-up 2 s after each of his 20 calls; 李四 is a member (SIP/2001) with an
    UNPAUSE without PAUSE and one 10-minute away pause; 8 RINGNOANSWER (4 against each).
    """
    start = epoch(*day, 8, 0)
    out = [line(start, "NONE", "NONE", "NONE", "QUEUESTART", ""),
           line(start, "NONE", "NONE", "张三", "AGENTLOGIN", "SIP/1001-0001"),
           line(start, "NONE", "96602", "SIP/2001", "ADDMEMBER", ""),
           line(start, "NONE", "96602", "李四", "UNPAUSE", "")]  # fmt: skip
    t = start + 1800
    for n in range(40):
        agent, other = ("张三", "李四") if n % 2 == 0 else ("李四", "张三")
        out += _answered_call(t, n, agent, other)
        t += 300
    n = 100
    for event, count in LOST:
        for _ in range(count):
            out += [
                *_lost_call(t, n, event),
                line(t + 120, "NONE", "NONE", "NONE", "CONFIGRELOAD", ""),
            ]
            t, n = t + 300, n + 1
    noon, evening = epoch(*day, 12, 0), epoch(*day, 18, 0)
    out += [line(noon, "NONE", "NONE", "李四", "PAUSEALL", "lunch"),
            line(noon + 600, "NONE", "NONE", "李四", "UNPAUSEALL", ""),
            line(evening, "NONE", "NONE", "张三", "AGENTLOGOFF", "SIP/1001-0001", "36000"),
            line(evening, "NONE", "96602", "SIP/2001", "REMOVEMEMBER", "")]  # fmt: skip
    return sorted(out, key=lambda text: int(text.split("|", 1)[0]))
