"""Callback rules (CB): sampling ratios, due dates, follow-up forms."""

from __future__ import annotations

from gasdesk.standards.schema_base import Frozen


class CallbackRules(Frozen):
    """Placeholder until the area defines its fields."""
