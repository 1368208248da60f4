"""Inputs of the what-if and inspection pages (SCORE-3…7): which rows take which input.

Reads the pack's table; no writes. The what-if changes only the stored inputs' copies.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from gasdesk.business_calendar.periods import start_of
from gasdesk.core.errors import RuleViolation
from gasdesk.quality.models_supervision import Evaluation
from gasdesk.quality.supervision_selectors import scorecard_table
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.sections.scorecard import DeductionPerFinding, ScorecardTable, ScoreItem

PREFIXES = ("values.", "findings.", "manual.")


@dataclass(frozen=True)
class InputField:
    """One editable input of a row: `name` is the posted key (`values.kpi.x`, `manual.X-01`)."""

    code: str
    title: str
    points: Any
    name: str
    label: str
    current: Any

    @property
    def key(self) -> str:
        """The row's code in a posted name (`count_H-01` → `H-01`), for its evidence field."""
        return self.name.split("_", 1)[1] if "_" in self.name else self.name


def evaluation_table(evaluation: Evaluation) -> ScorecardTable:
    start = start_of(evaluation.period_start)
    return scorecard_table(pack_for_unit(evaluation.org_unit, start).pack)


def _fields(item: ScoreItem, inputs: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    rule = item.rule
    if rule.kind in ("indicator_shortfall", "proportional", "banded", "derived"):
        reads = getattr(rule, "reads", "")
        return [(f"values.{reads}", reads, inputs.get("values", {}).get(reads))]
    if rule.kind == "manual":
        label = gettext("人工评分")
        return [(f"manual.{item.code}", label, inputs.get("manual", {}).get(item.code))]
    if isinstance(rule, DeductionPerFinding):
        codes = [c.reads for c in rule.classes] or [item.code]
        found = inputs.get("findings", {})
        label = gettext("%(code)s 发现次数")
        return [(f"findings.{c}", label % {"code": c}, found.get(c, 0)) for c in codes]
    return []


def what_if_fields(evaluation: Evaluation) -> list[InputField]:
    """Every editable input of the stored evaluation, in table order."""
    table = evaluation_table(evaluation)
    return [
        InputField(item.code, item.title, item.points, name, label, current)
        for item in table.items()
        for name, label, current in _fields(item, evaluation.inputs)
    ]


def checklist_fields(table: ScorecardTable, checklist: str) -> list[InputField]:
    """The rows an inspector fills in: finding counts, or a score for 酌情 rows (SCORE-6/7)."""
    rows = []
    for item in table.checklist(checklist).items:
        for name, label, _ in _fields(item, {}):
            if name.startswith("findings."):
                rows.append(
                    InputField(item.code, item.title, item.points, f"count_{name[9:]}", label, 0)
                )
            elif name.startswith("manual."):
                rows.append(
                    InputField(item.code, item.title, item.points, f"manual_{item.code}", label, "")
                )
    return rows


def changed_inputs(inputs: Mapping[str, Any], posted: Mapping[str, str]) -> dict[str, Any]:
    """A copy of the stored inputs with the posted fields replaced; blank values mean no data."""
    changed = copy.deepcopy(dict(inputs))
    for key, raw in posted.items():
        if not key.startswith(PREFIXES):
            continue
        section, code = key.split(".", 1)
        value = raw.strip()
        if section == "findings":
            if not value.isdigit():
                raise RuleViolation(key, "发现次数须为非负整数")
            changed.setdefault(section, {})[code] = int(value)
        elif section == "manual" and not value:
            changed.setdefault("not_applicable", []).append(code)
        else:
            changed.setdefault(section, {})[code] = value or None
    return changed
