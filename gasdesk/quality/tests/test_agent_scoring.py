"""AGENT-2…6: every band boundary of 001's hotline composite rows, with the 96602 pack's bands."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from gasdesk.quality.agent_scoring import (
    AgentMonth,
    ShiftMeans,
    after_call_points,
    failure_points,
    score_agent,
    score_shifts,
    second_band_points,
    volume_points,
)
from gasdesk.standards.schema import Pack
from gasdesk.standards.sections.hotline import AgentScoring

PACK = Path(__file__).resolve().parents[2] / "standards" / "packs" / "kunlun96602" / "2020.yaml"


@pytest.fixture(scope="module")
def bands() -> AgentScoring:
    pack = Pack.model_validate(yaml.safe_load(PACK.read_text(encoding="utf-8")))
    assert pack.hotline is not None
    assert pack.hotline.agent_scoring is not None
    return pack.hotline.agent_scoring


D = Decimal
MONTH = AgentMonth(
    agent="甲",
    shift="早班",
    volume=400,
    rung=400,
    failed=0,
    talk_seconds_avg=D(100),
    after_call_seconds_avg=D(30),
    away_seconds_avg=D(300),
    after_call_longest_shift_seconds=600,
)


@pytest.mark.parametrize(
    ("volume", "points"),
    [(421, 6), (420, 6), (418, 5), (412, 4), (404, 3), (402, 2), (400, 2), (396, 0)],
)
def test_volume_bands_ex37(bands: AgentScoring, volume: int, points: int) -> None:
    """AGENT-2 EX-37: mean 400: 421/420 → 6, 418 → 5, 412 → 4, 404 → 3, 402/400 → 2, 396 → 0."""
    assert volume_points(bands, D(volume), D(400)) == points


@pytest.mark.parametrize(
    ("rate", "points"),
    [("0.030", "3"), ("0.036", "2"), ("0.042", "1"), ("0.048", "0.5"), ("0.054", "0"),
     ("0.060", "0"), ("0.070", "0"), ("0.027", "3")],
)  # fmt: skip
def test_answer_failure_bands(bands: AgentScoring, rate: str, points: str) -> None:
    """AGENT-3: mean 6 %: 50 % lower → 3, 40 % → 2, 30 % → 1, 20 % → 0.5, 10 % → 0, ≥ mean → 0."""
    assert failure_points(bands, D(rate), D("0.06")) == D(points)


def test_answer_failure_zero_mean_zero_rate_scores_3(bands: AgentScoring) -> None:
    """AGENT-3 decision: shift mean 0 and the agent's rate 0 → 3."""
    assert failure_points(bands, D(0), D(0)) == 3


@pytest.mark.parametrize(
    ("delta", "points"),
    [(-5, "5"), (0, "5"), (1, "3.5"), (10, "3.5"), ("10.5", "3"), (15, "3"), (16, "2"),
     (20, "2"), (21, "1"), (25, "1"), ("25.01", "0"), (40, "0")],
)  # fmt: skip
def test_talk_time_bands_boundaries_belong_to_lower_band(
    bands: AgentScoring, delta: object, points: str
) -> None:
    """AGENT-4: Δ = 10 s → 3.5 and Δ = 25 s → 1 (boundary in the lower band), Δ > 25 → 0."""
    assert second_band_points(bands.talk_time, D(str(delta))) == D(points)


def test_agent_25_seconds_above_shift_mean_talk_time_scores_1(bands: AgentScoring) -> None:
    """AGENT-4: an agent 25 seconds above the shift's mean talk time gets 1 of 5."""
    slow = replace(MONTH, agent="乙", talk_seconds_avg=D(125))
    quick = replace(MONTH, agent="丙", talk_seconds_avg=D(75))
    scores = {s.agent: s for s in score_shifts(bands, [slow, quick])}
    assert scores["乙"].talk_time == 1
    assert scores["丙"].talk_time == 5


@pytest.mark.parametrize(
    ("delta", "points"), [(0, 5), (1, 3), (60, 3), (61, 2), (90, 2), (91, 1), (120, 1), (121, 0)]
)
def test_after_call_bands(bands: AgentScoring, delta: int, points: int) -> None:
    """AGENT-5: Δ ≤ 0 → 5, 1–60 s → 3, 61–90 → 2, 91–120 → 1, over 120 → 0."""
    month = replace(MONTH, after_call_seconds_avg=D(30 + delta))
    assert after_call_points(bands, month, D(30)) == points


def test_after_call_over_30_minutes_in_a_shift_scores_0(bands: AgentScoring) -> None:
    """AGENT-5 override: 30 min 1 s of after-call work in one shift → 0, even below the mean."""
    month = replace(
        MONTH, after_call_seconds_avg=D(1), after_call_longest_shift_seconds=30 * 60 + 1
    )
    assert after_call_points(bands, month, D(30)) == 0
    exactly = replace(month, after_call_longest_shift_seconds=30 * 60)
    assert after_call_points(bands, exactly, D(30)) == 5


def test_overridden_after_call_is_left_out_of_the_mean(bands: AgentScoring) -> None:
    """AGENT-5: the overridden agent's after-call time does not enter the monthly mean."""
    long = replace(
        MONTH, agent="乙", after_call_seconds_avg=D(900), after_call_longest_shift_seconds=3600
    )
    normal = replace(MONTH, agent="丙", after_call_seconds_avg=D(40))
    scores = {s.agent: s for s in score_shifts(bands, [long, normal])}
    assert scores["丙"].after_call == 5  # compared with its own 40 s, not with (900 + 40) / 2
    assert scores["乙"].after_call == 0
    assert scores["乙"].after_call_overridden


@pytest.mark.parametrize(
    ("delta", "points"),
    [(0, 5), (1, 3), (60, 3), (61, 2), (120, 2), (121, 1), (180, 1), (181, 0), (240, 0), (241, 0)],
)
def test_away_time_bands(bands: AgentScoring, delta: int, points: int) -> None:
    """AGENT-6: ≤ 0 → 5, 1–60 → 3, 60–120 → 2, 120–180 → 1, 180–240 → 0 (OQ-23), > 240 → 0."""
    assert second_band_points(bands.away_time, D(delta)) == points


def test_agent_month_ex42_scores_16_of_24(bands: AgentScoring) -> None:
    """AGENT EX-42: composite 6 + 3 + 1 + 3 + 3 = 16 of 24.

    Volume 421 vs 400, failure 2.7 % vs 6 %, talk +25 s, after-call +60 s, away +60 s.
    """
    means = ShiftMeans(
        volume=D(400), failure_rate=D("0.06"), talk_seconds=D(100),
        after_call_seconds=D(30), away_seconds=D(300),
    )  # fmt: skip
    month = replace(
        MONTH, volume=421, rung=1000, failed=27, talk_seconds_avg=D(125),
        after_call_seconds_avg=D(90), away_seconds_avg=D(360),
    )  # fmt: skip
    score = score_agent(bands, month, means)
    assert (score.volume, score.answer_failure, score.talk_time) == (6, 3, 1)
    assert (score.after_call, score.away_time, score.total) == (3, 3, 16)


def test_shift_means_are_per_shift(bands: AgentScoring) -> None:
    """AGENT-2: each agent is compared with the mean of their own shift only."""
    early = [replace(MONTH, agent="a", volume=105), replace(MONTH, agent="b", volume=95)]
    late = [replace(MONTH, agent="c", shift="晚班", volume=10)]
    scores = {s.agent: s.volume for s in score_shifts(bands, [*early, *late])}
    assert scores == {"a": 6, "b": 0, "c": 2}
