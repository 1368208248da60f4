"""RPT-1: the report day comes from the pack; the report covers the previous month."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gasdesk.reports.schedule import due_at, reported_month
from gasdesk.standards.loading import read_pack_file, shipped_pack_files

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _chaohu_rules():  # type: ignore[no-untyped-def]
    path = next(p for p in shipped_pack_files() if "chaohu" in str(p))
    return read_pack_file(path).pack.reports


def test_rpt1_chaohu_report_day_is_the_5th() -> None:
    """RPT-1: 巢湖 000 item 25 — the monthly report is formed on the 5th."""
    rules = _chaohu_rules()
    assert rules is not None
    assert rules.report_day == 5


def test_rpt1_every_shipped_pack_has_report_rules() -> None:
    """RPT-1: every pack carries the report day (SPEC 6 default where the handbook is silent)."""
    for path in shipped_pack_files():
        rules = read_pack_file(path).pack.reports
        assert rules is not None, path
        assert rules.report_day == 5, path


def test_rpt1_previous_month_is_due_on_and_after_the_5th() -> None:
    """RPT-1: on the 4th nothing is due; from the 5th 00:00 Shanghai the previous month is."""
    rules = _chaohu_rules()
    assert reported_month(rules, dt.datetime(2026, 11, 4, 23, 59, tzinfo=SHANGHAI)) is None
    # 2026-11-04 16:30 UTC is already the 5th in Shanghai
    at = dt.datetime(2026, 11, 4, 16, 30, tzinfo=dt.UTC)
    assert reported_month(rules, at) == dt.date(2026, 10, 1)
    january = dt.datetime(2027, 1, 5, 8, 0, tzinfo=SHANGHAI)
    assert reported_month(rules, january) == dt.date(2026, 12, 1)


def test_rpt1_due_by_24_00_on_the_5th() -> None:
    """RPT-1 decision: the October report is due by 24:00 on 5 November."""
    rules = _chaohu_rules()
    assert due_at(rules, dt.date(2026, 10, 1)) == dt.datetime(2026, 11, 6, tzinfo=SHANGHAI)
