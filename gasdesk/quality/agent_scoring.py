"""Monthly hotline-agent score by the bands of 001 (AGENT-1…6), pure: pack bands + figures in.

The comparison base is the mean of the agent's shift, the agent included (SPEC 3.22 decision).
Volume and answer failure compare relatively ("X % higher/lower"), the three durations by
absolute Δ seconds. No ORM, no clock: the caller passes the month's figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from gasdesk.standards.sections.hotline import AgentScoring, PercentBands, SecondBands

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class AgentMonth:
    """One agent's month from the call records (AGENT-1 系统报表)."""

    agent: str
    shift: str
    volume: int  # calls answered
    rung: int  # calls rung to the agent (answered + not answered), OQ-29
    failed: int  # calls rung to the agent and not answered
    talk_seconds_avg: Decimal
    after_call_seconds_avg: Decimal
    away_seconds_avg: Decimal
    after_call_longest_shift_seconds: int  # the agent's largest after-call total in one shift

    @property
    def failure_rate(self) -> Decimal:
        return Decimal(self.failed) / Decimal(self.rung) if self.rung else Decimal(0)


@dataclass(frozen=True)
class ShiftMeans:
    volume: Decimal
    failure_rate: Decimal
    talk_seconds: Decimal
    after_call_seconds: Decimal
    away_seconds: Decimal


@dataclass(frozen=True)
class AgentScore:
    agent: str
    volume: Decimal
    answer_failure: Decimal
    talk_time: Decimal
    after_call: Decimal
    away_time: Decimal
    after_call_overridden: bool

    @property
    def total(self) -> Decimal:
        return self.volume + self.answer_failure + self.talk_time + self.after_call + self.away_time


def percent_band_points(rules: PercentBands, percent: Decimal) -> Decimal:
    """Points of the first band whose threshold `percent` reaches (以上 is inclusive)."""
    for band in rules.bands:
        if percent >= band.percent:
            return band.points
    return rules.otherwise_points


def second_band_points(rules: SecondBands, delta_seconds: Decimal) -> Decimal:
    """Points of the first band whose limit Δ does not exceed (a boundary is the lower band's)."""
    for band in rules.bands:
        if delta_seconds <= band.seconds:
            return band.points
    return rules.otherwise_points


def volume_points(rules: AgentScoring, volume: Decimal, mean: Decimal) -> Decimal:
    """AGENT-2: (v − m) / m in percent; a zero mean means nobody answered: the "equal" band."""
    percent = (volume - mean) / mean * HUNDRED if mean else Decimal(0)
    return percent_band_points(rules.volume, percent)


def failure_points(rules: AgentScoring, rate: Decimal, mean: Decimal) -> Decimal:
    """AGENT-3: how much lower than the shift mean, (m − r) / m in percent."""
    if mean == 0:
        return rules.answer_failure_zero_mean_points if rate == 0 else Decimal(0)
    return percent_band_points(rules.answer_failure, (mean - rate) / mean * HUNDRED)


def after_call_points(rules: AgentScoring, month: AgentMonth, mean: Decimal) -> Decimal:
    """AGENT-5 with its override: any shift over the limit scores the override points."""
    if _after_call_overridden(rules, month):
        return rules.after_call_override_points
    return second_band_points(rules.after_call, month.after_call_seconds_avg - mean)


def _after_call_overridden(rules: AgentScoring, month: AgentMonth) -> bool:
    return month.after_call_longest_shift_seconds > rules.after_call_shift_limit_minutes * 60


def shift_means(months: Sequence[AgentMonth], rules: AgentScoring) -> ShiftMeans:
    """Means over the shift, the agent included; overridden after-call months are left out."""
    count = Decimal(len(months)) or Decimal(1)
    counted = [m for m in months if not _after_call_overridden(rules, m)]
    return ShiftMeans(
        volume=sum((Decimal(m.volume) for m in months), Decimal(0)) / count,
        failure_rate=sum((m.failure_rate for m in months), Decimal(0)) / count,
        talk_seconds=sum((m.talk_seconds_avg for m in months), Decimal(0)) / count,
        after_call_seconds=_mean([m.after_call_seconds_avg for m in counted]),
        away_seconds=sum((m.away_seconds_avg for m in months), Decimal(0)) / count,
    )


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values) if values else Decimal(0)


def score_agent(rules: AgentScoring, month: AgentMonth, means: ShiftMeans) -> AgentScore:
    """The five composite rows of one agent (H-29…H-33)."""
    return AgentScore(
        agent=month.agent,
        volume=volume_points(rules, Decimal(month.volume), means.volume),
        answer_failure=failure_points(rules, month.failure_rate, means.failure_rate),
        talk_time=second_band_points(rules.talk_time, month.talk_seconds_avg - means.talk_seconds),
        after_call=after_call_points(rules, month, means.after_call_seconds),
        away_time=second_band_points(rules.away_time, month.away_seconds_avg - means.away_seconds),
        after_call_overridden=_after_call_overridden(rules, month),
    )


def score_shifts(rules: AgentScoring, months: Sequence[AgentMonth]) -> list[AgentScore]:
    """Score every agent against the mean of their own shift (AGENT-1: monthly)."""
    by_shift: dict[str, list[AgentMonth]] = {}
    for month in months:
        by_shift.setdefault(month.shift, []).append(month)
    means = {shift: shift_means(group, rules) for shift, group in by_shift.items()}
    return [score_agent(rules, m, means[m.shift]) for m in months]
