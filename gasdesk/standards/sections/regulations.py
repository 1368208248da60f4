"""Service regulations (APPT, NOTIFY, TLC, HELP, MGR)."""

from __future__ import annotations

from gasdesk.standards.schema_base import Frozen


class RegulationRules(Frozen):
    """Placeholder until the area defines its fields."""
