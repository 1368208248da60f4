"""Customer notices (SMS): message templates and retry policy."""

from __future__ import annotations

from gasdesk.standards.schema_base import Frozen


class NoticeRules(Frozen):
    """Placeholder until the area defines its fields."""
