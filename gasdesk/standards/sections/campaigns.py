"""Planned operations (OUT, INSP, CONN, METER): notice periods, frequencies."""

from __future__ import annotations

from gasdesk.standards.schema_base import Frozen


class CampaignRules(Frozen):
    """Placeholder until the area defines its fields."""
