"""Complaint rules (CMP): levels, clocks, appeals, deductions."""

from __future__ import annotations

from gasdesk.standards.schema_base import Frozen


class ComplaintRules(Frozen):
    """Placeholder until the area defines its fields."""
