"""One checklist on its own (SCORE-6, AGENT-7): an inspection of a person or a counter visit.

The scorecard sums checklists per unit; an inspector's visit, a mystery-shopper report or one
agent's month is scored against a single group with the same row rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gasdesk.quality.scoring.items import Scored, ScoringInputs, score_item
from gasdesk.quality.scoring.numbers import ZERO
from gasdesk.standards.sections.scorecard import ItemGroup


@dataclass(frozen=True)
class ChecklistResult:
    code: str
    rows: tuple[tuple[str, Scored], ...]  # row code, score and explanation
    max_points: Decimal  # applicable rows, bonus rows excluded
    score: Decimal  # applicable rows plus bonus rows


def score_checklist(group: ItemGroup, inputs: ScoringInputs) -> ChecklistResult:
    """Score every row of one checklist; not-applicable rows leave the maximum."""
    scored = [(item, score_item(item, inputs)) for item in group.items]
    applicable = [(item, s.score) for item, s in scored if s.score is not None]
    return ChecklistResult(
        code=group.code,
        rows=tuple((item.code, s) for item, s in scored),
        max_points=sum((item.points for item, _ in applicable if not item.is_bonus), ZERO),
        score=sum((score for _, score in applicable), ZERO),
    )
