"""Report rules (RPT-1): when the monthly service report (企业服务月报) is due.

Owned by the reports app; `gasdesk/reports/schedule.py` reads these numbers.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from gasdesk.standards.schema_base import Frozen


class ReportRules(Frozen):
    """The monthly report's day of month, the period it covers and the hour it is due by.

    `due_hour` 24 means "by 24:00 of the report day" (RPT-1 decision), i.e. the next midnight.
    """

    report_day: int = Field(ge=1, le=28)
    covers: Literal["previous_month"] = "previous_month"
    due_hour: int = Field(default=24, ge=1, le=24)
    source: str = Field(min_length=1)
