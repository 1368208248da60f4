"""KPI reads shared by pages and API (KPI-1…20): table, per-tier table, drill-down records.

Each figure is one aggregate query (registry.AGGREGATES); the per-tier table is one GROUP BY
tier per indicator. The scope is the chosen unit's subtree, which must lie in the user's scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from gasdesk.core.errors import RuleViolation
from gasdesk.customers.masking import mask_phone
from gasdesk.org.models import OrgUnit, OrgUnitKind, User
from gasdesk.org.roles import Role, require_role
from gasdesk.org.scoping import require_in_scope, scope_root, scope_unit_ids
from gasdesk.quality import order_facts
from gasdesk.quality.kpi.figures import Figure, Period, meets
from gasdesk.quality.kpi.orders import Counts, Part
from gasdesk.quality.kpi.registry import AGGREGATES
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.standards.lookup import pack_in_force
from gasdesk.standards.schema import Pack, Tier
from gasdesk.standards.sections.indicators import Indicator, IndicatorRules, Target

KPI_ROLES = (Role.SPECIALIST, Role.MANAGER, Role.INSPECTOR, Role.DEPT_ADMIN, Role.DISPATCHER)
PAGE_SIZE = 50


def _rules(pack: Pack) -> IndicatorRules:
    if pack.indicators is None:
        raise RuleViolation("company", "服务标准包未配置服务指标")
    return pack.indicators


def _unit(unit_id: int) -> OrgUnit | None:
    return OrgUnit.objects.select_related("company").filter(pk=unit_id).first()


def _subtree_ids(user: User, root: OrgUnit | None, unit: OrgUnit) -> tuple[int, ...]:
    """The unit's subtree ids; the user's own scope ids are cached on the user already."""
    cached = scope_unit_ids(user) if root is not None and root.pk == unit.pk else None
    if cached is not None:
        return tuple(cached)
    return tuple(OrgUnit.objects.subtree(unit).order_by().values_list("id", flat=True))


def kpi_scope(
    user: User, *, unit_id: int | None, period: Period, now: dt.datetime, tier: str = ""
) -> KpiScope:
    """The checked scope: role, unit in the user's subtree (default: the user's scope root).
    The daily order facts are brought up to date here, once per read (quality.order_facts)."""
    require_role(user, *KPI_ROLES)
    root = scope_root(user)
    unit = root if unit_id is None else _unit(unit_id)
    if unit is None:
        raise RuleViolation("unit", "请选择单位")
    require_in_scope(user, unit)
    company = unit if unit.kind == OrgUnitKind.COMPANY else unit.company
    if company is None:
        raise RuleViolation("unit", "该单位不属于任何公司")
    ids = _subtree_ids(user, root, unit)
    pack = pack_in_force(company.standard_company, period.start_at).pack
    order_facts.refresh(now)
    return KpiScope(company, unit, ids, period, pack, now, tier)


def _figure(indicator: Indicator, counts: Counts | None, target: Target | None) -> Figure:
    value = None if counts is None else counts.value
    return Figure(
        code=indicator.code,
        spec=indicator.spec,
        title=indicator.title,
        kind=indicator.rule.kind,
        numerator=0 if counts is None else counts.numerator,
        denominator=0 if counts is None else counts.denominator,
        value=value,
        unit="%" if counts is None else counts.unit,
        target=target,
        passed=meets(value, target),
        available=counts is not None,
    )


def _tier_target(pack: Pack, indicator: Indicator, tier: str) -> Target | None:
    """CUST-7: the tier's target from `tiers.targets`, None where 004 states none."""
    found = pack.tiers.targets.get(indicator.tier_target, {}).get(Tier(tier))
    return None if found is None else Target(op=found.op, value=found.percent)


def _target(scope: KpiScope, indicator: Indicator) -> Target | None:
    if scope.tier and indicator.tier_target:
        return _tier_target(scope.pack, indicator, scope.tier)
    return indicator.target


def _batched(scope: KpiScope, attribute: str) -> dict[str, Any]:
    """Results of the kinds with a batched form (`many`, `many_by_tier`): one query per kind."""
    results: dict[str, Any] = {}
    for kind, source in AGGREGATES.items():
        call = getattr(source, attribute)
        items = [i for i in _rules(scope.pack).items if i.rule.kind == kind]
        if call is not None and items:
            results |= zip(
                (i.code for i in items), call([i.rule for i in items], scope), strict=True
            )
    return results


def kpi_table(scope: KpiScope) -> list[Figure]:
    """Every indicator of the pack for the scope: one aggregate query per kind or indicator."""
    batched = _batched(scope, "many")
    figures = []
    for indicator in _rules(scope.pack).items:
        source = AGGREGATES.get(indicator.rule.kind)
        counts = batched.get(indicator.code)
        if counts is None and source is not None and source.many is None:
            counts = source.counts(indicator.rule, scope)
        figures.append(_figure(indicator, counts, _target(scope, indicator)))
    return figures


def _tier_figure(pack: Pack, indicator: Indicator, by_tier: dict[str, Counts], tier: str) -> Figure:
    counts = by_tier.get(tier, Counts(0, 0))
    return _figure(indicator, counts, _tier_target(pack, indicator, tier))


@dataclass(frozen=True)
class TierRow:
    """One indicator across the tiers (KPI-20): a figure per tier, with that tier's target."""

    indicator: Indicator
    figures: list[Figure]


def _per_tier(
    indicator: Indicator, scope: KpiScope, batched: dict[str, Any]
) -> dict[str, Counts] | None:
    """One GROUP BY where the source has it, else one filtered aggregate per tier."""
    source = AGGREGATES.get(indicator.rule.kind)
    if source is None:
        return None
    if indicator.code in batched:
        return batched[indicator.code]  # type: ignore[no-any-return]
    if source.by_tier is not None:
        return source.by_tier(indicator.rule, scope)
    if not indicator.tier_target:
        return None
    tiers = scope.pack.tiers.display_order
    counts = {t: source.counts(indicator.rule, replace(scope, tier=t)) for t in tiers}
    return {t: c for t, c in counts.items() if c is not None} or None


def kpi_tier_table(scope: KpiScope) -> list[TierRow]:
    """Indicators that can be split by tier, each tier against its CUST-7 target."""
    rows = []
    batched = _batched(scope, "many_by_tier")
    for indicator in _rules(scope.pack).items:
        by_tier = _per_tier(indicator, scope, batched)
        if by_tier is None:
            continue
        figures = [
            _tier_figure(scope.pack, indicator, by_tier, tier)
            for tier in scope.pack.tiers.display_order
        ]
        rows.append(TierRow(indicator, figures))
    return rows


def _masked(record: Any) -> Any:
    """Lists never show a full phone number (CUST masking): callers are masked here."""
    if hasattr(record, "caller"):
        record.caller = mask_phone(record.caller)
    return record


@dataclass(frozen=True)
class RecordPage:
    figure: Figure
    record_kind: str
    records: list[Any]
    next_after: int | None


def kpi_records(scope: KpiScope, code: str, *, part: Part, after: int | None = None) -> RecordPage:
    """The records in a figure's numerator or denominator, newest id first, keyset pages."""
    try:
        indicator = _rules(scope.pack).indicator(code)
    except KeyError:
        raise RuleViolation("code", f"未知指标 {code}") from None
    source = AGGREGATES.get(indicator.rule.kind)
    if source is None:
        raise RuleViolation("code", "该指标的数据源尚未接入")
    counts = source.counts(indicator.rule, scope)
    records: QuerySet[Any] = source.records(indicator.rule, scope, part).order_by("-id")
    if after is not None:
        records = records.filter(id__lt=after)
    page = [_masked(record) for record in records[: PAGE_SIZE + 1]]
    next_after = page[PAGE_SIZE - 1].id if len(page) > PAGE_SIZE else None
    figure = _figure(indicator, counts, _target(scope, indicator))
    return RecordPage(figure, source.record_kind, page[:PAGE_SIZE], next_after)


def kpi_values(scope: KpiScope) -> dict[str, Decimal | None]:
    """The figures by code, as the scorecard reads them (`reads: kpi.*`, SCORE-3); None means
    not applicable or not available, which the scorecard excludes (SCORE-10)."""
    return {figure.code: figure.value for figure in kpi_table(scope)}
