"""SCORE-9 check counts; SCORE-6 one checklist scored on its own (an agent, a counter visit)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.scoring import checks_missing, score_checklist
from gasdesk.quality.tests.scoring_factories import kunlun_table, make_inputs, scorecard_rules
from gasdesk.standards.sections.scorecard import CheckFrequency

AGENT_ROWS = ("volume", "answer_failure", "talk_time", "after_call", "away_time")


def _rules() -> CheckFrequency:
    checks = scorecard_rules("kunlun96602").checks
    assert checks is not None
    return checks


@pytest.mark.parametrize(
    ("level", "done", "missing"),
    [("division", 0, 1), ("division", 1, 0), ("unit", 0, 2), ("unit", 1, 1), ("unit", 3, 0)],
)
def test_score_9_checks_still_owed_this_year(level: str, done: int, missing: int) -> None:
    """SCORE-9 (001 art. 7 (一) 2): 每年不低于一次 (division) / 两次 (unit)."""
    assert checks_missing(_rules(), level=level, done_this_year=done) == missing  # type: ignore[arg-type]


def test_score_9_negative_count_is_refused() -> None:
    with pytest.raises(RuleViolation):
        checks_missing(_rules(), level="unit", done_this_year=-1)


def test_score_6_one_agents_hotline_checklist() -> None:
    """SCORE-6 / AGENT-7: an agent with H-15 (−5) and two H-01 (−2 each, capped at 2) → 102/109."""
    table = kunlun_table()
    inputs = make_inputs(table, findings={"H-15": 1, "H-01": 2})
    result = score_checklist(table.checklist("hotline"), inputs)
    assert (result.score, result.max_points) == (Decimal(102), Decimal(109))
    rows = dict(result.rows)
    assert rows["H-15"].score == 0
    assert rows["H-01"].explanation == "发现 2 次，扣 4 分（扣完为止）"


def test_score_6_checklist_without_agent_figures_leaves_those_rows_out() -> None:
    """KPI decision: no call data for the agent → H-29…H-33 (24 points) are not applicable."""
    table = kunlun_table()
    inputs = make_inputs(table, values={f"agent.{k}": None for k in AGENT_ROWS})
    result = score_checklist(table.checklist("hotline"), inputs)
    assert (result.score, result.max_points) == (Decimal(85), Decimal(85))
