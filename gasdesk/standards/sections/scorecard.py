"""Evaluation rules (SCORE, KPI targets, ASSESS): the 1000-point table, weights, grades."""

from __future__ import annotations

from gasdesk.standards.schema_base import Frozen


class ScorecardRules(Frozen):
    """Placeholder until the area defines its fields."""
