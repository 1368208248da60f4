"""SCORE-9: how many supervision checks a division or unit still needs this year."""

from __future__ import annotations

from typing import Literal

from gasdesk.core.errors import RuleViolation
from gasdesk.standards.sections.scorecard import CheckFrequency

CheckedLevel = Literal["division", "unit"]


def checks_missing(rules: CheckFrequency, *, level: CheckedLevel, done_this_year: int) -> int:
    """Checks still owed this year: the pack's minimum for the level less those done, never < 0."""
    if done_this_year < 0:
        raise RuleViolation("done_this_year", "检查次数不能为负数")
    required = rules.division_checks_per_year if level == "division" else rules.unit_checks_per_year
    return max(0, required - done_this_year)
