"""Hotline performance rules (AGENT-1…7, KPI-6…8): answer threshold, lost calls, agent bands.

Every number is pack data; `quality.agent_scoring` and `quality.callrecords` only read it.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from gasdesk.standards.schema_base import Frozen

Points = Annotated[Decimal, Field(ge=0)]


class CallExit(StrEnum):
    """How a call left the queue (排队结果); API codes are these values."""

    COMPLETED = "completed"  # 已接听并结束 (COMPLETEAGENT / COMPLETECALLER)
    TRANSFERRED = "transferred"  # 已接听后转接 (BLINDTRANSFER / ATTENDEDTRANSFER)
    ANSWERED = "answered"  # 已接听, 结束记录缺失
    ABANDONED = "abandoned"  # 排队中挂机 (ABANDON)
    TIMEOUT = "timeout"  # 排队超时 (EXITWITHTIMEOUT)
    KEY = "key"  # 按键离开队列 (EXITWITHKEY)
    EMPTY = "empty"  # 无坐席可用 (EXITEMPTY)
    UNFINISHED = "unfinished"  # 只有进入队列的记录


class AtLeastBand(Frozen):
    """Reached when the relative difference is at least `percent` (以上 is inclusive)."""

    percent: Decimal
    points: Points


class UpToBand(Frozen):
    """A band for Δ seconds ≤ `seconds` (the boundary belongs to the lower band, AGENT-4)."""

    seconds: int
    points: Points


def _descending(bands: tuple[AtLeastBand, ...]) -> None:
    limits = [b.percent for b in bands]
    if limits != sorted(limits, reverse=True):
        raise ValueError("percent bands must be listed from the highest threshold down")


def _ascending(bands: tuple[UpToBand, ...]) -> None:
    limits = [b.seconds for b in bands]
    if limits != sorted(set(limits)):
        raise ValueError("second bands must be listed from the lowest limit up, no repeats")


class PercentBands(Frozen):
    """Relative comparison against the shift mean: first band whose threshold is met wins."""

    bands: tuple[AtLeastBand, ...] = Field(min_length=1)
    otherwise_points: Points = Decimal(0)
    source: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> PercentBands:
        _descending(self.bands)
        return self


class SecondBands(Frozen):
    """Absolute Δ seconds against the shift mean: first band whose limit is not exceeded wins."""

    bands: tuple[UpToBand, ...] = Field(min_length=1)
    otherwise_points: Points = Decimal(0)
    source: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> SecondBands:
        _ascending(self.bands)
        return self


class AgentScoring(Frozen):
    """The monthly agent score of 001's hotline rows 综合服务指标 (AGENT-2…6)."""

    volume: PercentBands  # AGENT-2: (v − m) / m in percent
    answer_failure: PercentBands  # AGENT-3: (m − r) / m in percent
    answer_failure_zero_mean_points: Points  # AGENT-3 decision: mean 0 and rate 0
    talk_time: SecondBands  # AGENT-4
    after_call: SecondBands  # AGENT-5
    after_call_shift_limit_minutes: int = Field(ge=1)  # AGENT-5 override → after_call_override
    after_call_override_points: Points = Decimal(0)
    away_time: SecondBands  # AGENT-6


class HotlineRules(Frozen):
    """Hotline KPIs (KPI-6…8) and agent scoring (AGENT-*) of one company."""

    answer_within_rings: int = Field(ge=1)  # KPI-6: 铃响三声有应答
    seconds_per_ring: int = Field(ge=1)  # OQ-17
    lost_exits: tuple[CallExit, ...] = Field(min_length=1)  # KPI-7: 排队丢失
    # After-call work (话后处理): a pause that starts within this many seconds of the agent's
    # COMPLETE* is wrap-up, not away time (AGENT-5/6 decision; no handbook number).
    wrap_up_pause_within_seconds: int = Field(ge=0)
    agent_scoring: AgentScoring | None = None
    source: str = ""

    @property
    def answer_within_seconds(self) -> int:
        """KPI-6's threshold in seconds: rings × seconds per ring."""
        return self.answer_within_rings * self.seconds_per_ring
