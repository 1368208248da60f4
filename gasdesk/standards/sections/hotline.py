"""Hotline performance rules (AGENT, hotline KPIs): answer threshold, agent score bands."""

from __future__ import annotations

from gasdesk.standards.schema_base import Frozen


class HotlineRules(Frozen):
    """Placeholder until the area defines its fields."""
