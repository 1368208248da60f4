"""Quality rules (KPI, AGENT, SCORE, SURV, ASSESS): targets, bands, weights."""

from __future__ import annotations

from gasdesk.standards.schema_base import Frozen


class QualityRules(Frozen):
    """Placeholder until the area defines its fields."""
