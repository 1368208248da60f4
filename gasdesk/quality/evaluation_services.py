"""The stored evaluation (SCORE-1…13, ASSESS-2/4): gather inputs, run the pure scorer, store.

A unit's evaluation reads the KPI figures of its subtree (quality.kpi), the findings of its
inspections in the period, and what the evaluator enters (manual rows, not-applicable rows,
bonus/penalty occurrences, figures from outside the system). The result JSON, the published
score, grade and rank are stored; every (re)computation appends a `ScoreEvent` with the score
before and after. Ranks are recomputed for the whole company and period in one bulk update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit, OrgUnitKind
from gasdesk.org.roles import Role, require_role
from gasdesk.quality.kpi.figures import Period
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.quality.kpi.selectors import kpi_scope, kpi_values
from gasdesk.quality.models_supervision import Evaluation, EvaluationKind, ScoreEvent
from gasdesk.quality.scoring import ScoringInputs, finding_codes, rank, score_scorecard
from gasdesk.quality.supervision_scoring import inputs_to_json, result_to_json
from gasdesk.quality.supervision_selectors import company_of, finding_counts, scorecard_table
from gasdesk.standards.sections.scorecard import RankingRule, ScorecardTable

if TYPE_CHECKING:
    from gasdesk.org.models import User
    from gasdesk.standards.schema import Pack

EVALUATORS = (Role.SPECIALIST, Role.MANAGER)


@dataclass(frozen=True)
class EvaluationEntry:
    """What the evaluator enters; `values` override a KPI figure (e.g. an external report)."""

    values: Mapping[str, Decimal | None] = field(default_factory=dict)
    manual: Mapping[str, Decimal] = field(default_factory=dict)
    occurrences: Mapping[str, tuple[Decimal, ...]] = field(default_factory=dict)
    not_applicable: frozenset[str] = frozenset()
    reason: str = ""
    method: str = ""  # SCORE-2: a pack method code (self, customer, third_party, government)


def gather_inputs(scope: KpiScope, table: ScorecardTable, entry: EvaluationEntry) -> ScoringInputs:
    """KPI figures + entered figures; findings from inspections and event-count KPIs (M-09)."""
    values = {**kpi_values(scope), **entry.values}
    codes = finding_codes(table)
    findings = finding_counts(scope.unit_ids, scope.period.start_at, scope.period.end_at, codes)
    for code in codes & values.keys():
        counted = values[code]
        findings[code] = findings.get(code, 0) + (int(counted) if counted is not None else 0)
    return ScoringInputs(
        values=values,
        findings=findings,
        manual=dict(entry.manual),
        occurrences=dict(entry.occurrences),
        not_applicable=entry.not_applicable,
    )


def evaluation_scope(by: User, unit: OrgUnit, period: Period, now: dt.datetime) -> KpiScope:
    require_role(by, *EVALUATORS)
    return kpi_scope(by, unit_id=unit.pk, period=period, now=now)


def evaluate_unit(
    by: User, unit: OrgUnit, period: Period, *, now: dt.datetime, entry: EvaluationEntry
) -> Evaluation:
    """SCORE-1…10, 12: score a unit's period with the 1000-point table and store it."""
    scope = evaluation_scope(by, unit, period, now)
    check_method(scope.pack, entry.method)
    table = scorecard_table(scope.pack)
    inputs = gather_inputs(scope, table, entry)
    result = score_scorecard(table, inputs)
    stored = StoredScore(
        kind=EvaluationKind.UNIT,
        inputs=inputs_to_json(inputs),
        result=result_to_json(result),
        published=result.published,
        grade=result.grade.code,
        method=entry.method,
    )
    return store_evaluation(by, unit, period, scope.pack, stored, now=now, reason=entry.reason)


def check_method(pack: Pack, method: str) -> None:
    """SCORE-2: a method named must be one the pack lists (blank: not recorded)."""
    scope = pack.scorecard.scope if pack.scorecard else None
    methods = {m.code for m in scope.methods} if scope else set()
    if method and method not in methods:
        raise RuleViolation("method", "请选择标准包规定的评价方式")


@dataclass(frozen=True)
class StoredScore:
    kind: str
    inputs: dict[str, Any]
    result: dict[str, Any]
    published: Decimal
    grade: str
    subject: str = ""  # ASSESS-1: the evaluating body (pack code)
    method: str = ""  # SCORE-2: self, customer, third-party, government (pack code)


def store_evaluation(
    by: User,
    unit: OrgUnit,
    period: Period,
    pack: Pack,
    stored: StoredScore,
    *,
    now: dt.datetime,
    reason: str,
) -> Evaluation:
    """Upsert under a row lock, log before/after, then re-rank the company's period.

    A re-run replaces the snapshot (one row per unit, kind and period) and keeps the replaced
    inputs, result, rank and who computed it in the `recomputed` event, so history survives.
    """
    with transaction.atomic():
        evaluation, before = _locked(unit, stored.kind, period, pack, now)
        previous = _snapshot(evaluation) if before is not None else None
        evaluation.inputs, evaluation.result = stored.inputs, stored.result
        evaluation.published, evaluation.grade = stored.published, stored.grade
        evaluation.subject, evaluation.method = stored.subject, stored.method
        evaluation.computed_at, evaluation.version = now, evaluation.version + 1
        evaluation.computed_by = by
        evaluation.save()
        data = {"before": before, "after": str(stored.published), "grade": stored.grade}
        ScoreEvent.objects.create(
            by=by,
            evaluation=evaluation,
            kind="evaluated" if before is None else "recomputed",
            reason=reason,
            data=data if previous is None else {**data, "previous": previous},
        )
        _rerank(evaluation, pack)
    evaluation.refresh_from_db()
    return evaluation


def _snapshot(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "inputs": evaluation.inputs,
        "result": evaluation.result,
        "rank": evaluation.rank,
        "computed_at": evaluation.computed_at.isoformat(),
        "computed_by": evaluation.computed_by_id,
        "subject": evaluation.subject,
    }


def _locked(
    unit: OrgUnit, kind: str, period: Period, pack: Pack, now: dt.datetime
) -> tuple[Evaluation, str | None]:
    key = {"org_unit": unit, "kind": kind, "period_start": period.start, "period_end": period.end}
    found = Evaluation.objects.select_for_update().filter(**key).first()
    if found is not None:
        return found, None if found.published is None else str(found.published)
    company = unit if unit.kind == OrgUnitKind.COMPANY else company_of(unit)
    created = Evaluation.objects.create(
        company=company, pack_version=pack.version, computed_at=now, **key
    )
    return created, None


def _rerank(evaluation: Evaluation, pack: Pack) -> None:
    """SCORE-13: rank the period's evaluations of the same kind in the company (one UPDATE set)."""
    peers = list(
        Evaluation.objects.select_for_update()
        .filter(
            company=evaluation.company,
            kind=evaluation.kind,
            period_start=evaluation.period_start,
            period_end=evaluation.period_end,
            published__isnull=False,
        )
        .only("id", "published", "rank")
    )
    divisions = pack.scorecard.divisions if pack.scorecard else None
    rule = divisions.ranking if divisions else RankingRule.COMPETITION
    scores = {str(e.pk): e.published for e in peers if e.published is not None}
    ranked = {r.key: r.rank for r in rank(scores, rule)}
    for peer in peers:
        peer.rank = ranked[str(peer.pk)]
    Evaluation.objects.bulk_update(peers, ["rank"])
