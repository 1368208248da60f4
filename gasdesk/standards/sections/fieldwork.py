"""Field-work rules (DSP, EMG): acceptance, arrival, escalation."""

from __future__ import annotations

from gasdesk.standards.schema_base import Frozen


class FieldworkRules(Frozen):
    """Placeholder until the area defines its fields."""
