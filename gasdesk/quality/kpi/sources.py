"""KPIs from the other apps' records (KPI-4, 9, 10, 11, 12, 13…18, 19, 20), one aggregate each.

- complaints (KPI-11/19): the complaint's stored clock (`<clock>_due_at`, met columns of
  complaints.models.CLOCK_MET_BY, `<clock>_late_at`), counted in the period of receipt;
- callbacks (KPI-13…17): answered callback tasks of the listed groups done in the period;
- inspections (KPI-4/20): round-1 visits planned in the period, met = a successful in-home
  outcome (campaigns MET_OUTCOMES), as campaigns.selectors.inspection_rate counts them;
- outages (KPI-9): published outages starting in the period, per band of affected customers;
- complaint satisfaction (KPI-12): complaints closed in the period with an answer recorded;
- valid complaint rate (KPI-10): complaints declared valid, received in the period, per active
  account of the unit subtree;
- surveys (KPI-18): responses to the subtree's surveys ending in the period (SURV-4).

Per tier, complaints and inspections use the customer's current tier (Customer.tier): unlike
orders they keep no tier of their own, so a customer re-tiered later moves with the figure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from gasdesk.callbacks.models import CallbackTask, Satisfaction, TaskStatus
from gasdesk.campaigns.models.inspections import MET_OUTCOMES, InspectionVisit
from gasdesk.campaigns.models.outages import Outage, OutageStatus
from gasdesk.complaints.models import CLOCK_MET_BY, Complaint
from gasdesk.core.errors import RuleViolation
from gasdesk.customers.models import Customer
from gasdesk.quality.kpi.orders import Counts, Part
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.quality.models_supervision import SurveyResponse
from gasdesk.standards.sections.indicators import (
    CallbackSatisfaction,
    ComplaintTimeliness,
    SourceKind,
)


class EventCounts(Counts):
    """KPI-9: a count of events, not a rate; zero outages is a real 0, not "not applicable"."""

    @property
    def value(self) -> Decimal | None:
        return Decimal(self.numerator)


def _in_units(records: QuerySet[Any], scope: KpiScope, field: str = "org_unit_id") -> Any:
    return records.filter(**{f"{field}__in": scope.unit_ids})


def _complaint_q(rule: ComplaintTimeliness, scope: KpiScope) -> tuple[Q, Q]:
    """(met, decided) of the clock, as for orders: late once due and unmet, or flagged late."""
    due = f"{rule.clock}_due_at"
    met = Q(pk__in=[])
    for column in CLOCK_MET_BY[rule.clock]:
        met |= Q(**{f"{column}__lte": F(due)})
    happened = Q(pk__in=[])
    for column in CLOCK_MET_BY[rule.clock]:
        happened |= Q(**{f"{column}__isnull": False})
    late = Q(**{f"{rule.clock}_late_at__isnull": False}) | Q(**{f"{due}__lte": scope.now})
    return met, happened | late


def _complaints(rule: ComplaintTimeliness, scope: KpiScope) -> QuerySet[Complaint]:
    """Complaints received in the period with the clock set (cmp_company_received_idx)."""
    complaints = Complaint.objects.filter(
        company=scope.company,
        received_at__gte=scope.period.start_at,
        received_at__lt=scope.period.end_at,
        **{f"{rule.clock}_due_at__isnull": False},
    )
    complaints = complaints if scope.is_company else _in_units(complaints, scope)
    return complaints.filter(customer__tier=scope.tier) if scope.tier else complaints


def complaint_counts(rule: ComplaintTimeliness, scope: KpiScope) -> Counts:
    met, decided = _complaint_q(rule, scope)
    row = _complaints(rule, scope).aggregate(
        numerator=Count("id", filter=met & decided), denominator=Count("id", filter=decided)
    )
    return Counts(row["numerator"], row["denominator"])


def complaint_counts_by_tier(rule: ComplaintTimeliness, scope: KpiScope) -> dict[str, Counts]:
    """One GROUP BY the customer's tier (KPI-20 complaint response timeliness)."""
    met, decided = _complaint_q(rule, scope)
    return _by_tier(
        _complaints(rule, scope),
        numerator=Count("id", filter=met & decided),
        denominator=Count("id", filter=decided),
    )


def _by_tier(records: QuerySet[Any], **aggregates: Count) -> dict[str, Counts]:
    rows: Any = records.order_by().values("customer__tier").annotate(**aggregates)
    return {r["customer__tier"]: Counts(r["numerator"], r["denominator"]) for r in rows}


def complaint_records(rule: ComplaintTimeliness, scope: KpiScope, part: Part) -> QuerySet[Any]:
    met, decided = _complaint_q(rule, scope)
    return _complaints(rule, scope).filter(met & decided if part == "numerator" else decided)


def _callbacks(rule: CallbackSatisfaction, scope: KpiScope) -> QuerySet[CallbackTask]:
    """Answered tasks of the groups done in the period (cb_task_done_idx)."""
    tasks = CallbackTask.objects.filter(
        company=scope.company,
        status=TaskStatus.DONE,
        done_at__gte=scope.period.start_at,
        done_at__lt=scope.period.end_at,
        group_code__in=rule.business_types,
    )
    return tasks if scope.is_company else _in_units(tasks, scope)


def callback_counts(rule: CallbackSatisfaction, scope: KpiScope) -> Counts | None:
    if scope.tier:
        return None
    row = _callbacks(rule, scope).aggregate(
        numerator=Count("id", filter=Q(result=Satisfaction.SATISFIED)), denominator=Count("id")
    )
    return Counts(row["numerator"], row["denominator"])


def callback_records(rule: CallbackSatisfaction, scope: KpiScope, part: Part) -> QuerySet[Any]:
    tasks = _callbacks(rule, scope)
    return tasks.filter(result=Satisfaction.SATISFIED) if part == "numerator" else tasks


def _visits(scope: KpiScope) -> QuerySet[InspectionVisit]:
    """Round-1 visits planned in the period in the unit subtree (the plan's households)."""
    visits = InspectionVisit.objects.filter(
        round=1, planned_on__gte=scope.period.start, planned_on__lt=scope.period.end
    )
    visits = _in_units(visits, scope)
    return visits.filter(customer__tier=scope.tier) if scope.tier else visits


def inspection_counts(rule: SourceKind, scope: KpiScope) -> Counts:
    row = _visits(scope).aggregate(
        numerator=Count("id", filter=Q(final_outcome__in=MET_OUTCOMES)), denominator=Count("id")
    )
    return Counts(row["numerator"], row["denominator"])


def inspection_counts_by_tier(rule: SourceKind, scope: KpiScope) -> dict[str, Counts]:
    """One GROUP BY the customer's tier (KPI-20 inspection entry rate)."""
    return _by_tier(
        _visits(scope),
        numerator=Count("id", filter=Q(final_outcome__in=MET_OUTCOMES)),
        denominator=Count("id"),
    )


def inspection_records(rule: SourceKind, scope: KpiScope, part: Part) -> QuerySet[Any]:
    visits = _visits(scope)
    return visits.filter(final_outcome__in=MET_OUTCOMES) if part == "numerator" else visits


def _band_q(rule: SourceKind, scope: KpiScope) -> Q:
    """The band's affected-customer range from the pack (OUT-2, upper limits inclusive)."""
    rules = scope.pack.campaigns.outage if scope.pack.campaigns else None
    lower = 0
    for band in rules.bands if rules else ():
        if band.code == rule.band:
            upper = (
                {} if band.max_households is None else {"affected_count__lte": band.max_households}
            )
            return Q(affected_count__gt=lower, **upper)
        lower = band.max_households or lower
    return Q(pk__in=[])


def _outages(rule: SourceKind, scope: KpiScope) -> QuerySet[Outage]:
    outages = Outage.objects.filter(
        starts_at__gte=scope.period.start_at, starts_at__lt=scope.period.end_at
    ).exclude(status__in=(OutageStatus.DRAFT, OutageStatus.CANCELLED))
    return _in_units(outages, scope).filter(_band_q(rule, scope))


def outage_counts(rule: SourceKind, scope: KpiScope) -> Counts | None:
    if scope.tier:
        return None
    count = _outages(rule, scope).count()
    return EventCounts(count, count, unit="次")


def outage_records(rule: SourceKind, scope: KpiScope, part: Part) -> QuerySet[Any]:
    return _outages(rule, scope)


def _rated_complaints(scope: KpiScope) -> QuerySet[Complaint]:
    """KPI-12: complaints closed in the period whose satisfaction was asked (CMP-21).

    ▶ decision: "all valid complaints" (KPI-12) leaves out the complaints the specialist
    declared invalid (CMP-1, OQ-13); undecided ones still count, so a company that never
    decides validity (巢湖's KPI-19) counts every answered complaint. Unanswered complaints are
    left out rather than counted unsatisfied.
    """
    complaints = Complaint.objects.filter(
        company=scope.company,
        closed_at__gte=scope.period.start_at,
        closed_at__lt=scope.period.end_at,
        is_satisfied__isnull=False,
    ).exclude(is_valid=False)
    complaints = complaints if scope.is_company else _in_units(complaints, scope)
    return complaints.filter(customer__tier=scope.tier) if scope.tier else complaints


def _valid_complaints(scope: KpiScope) -> QuerySet[Complaint]:
    """KPI-10 numerator: complaints received in the period that the specialist declared valid
    (有效投诉, CMP-1, OQ-13), over cmp_company_received_idx."""
    complaints = Complaint.objects.filter(
        company=scope.company,
        received_at__gte=scope.period.start_at,
        received_at__lt=scope.period.end_at,
        is_valid=True,
    )
    complaints = complaints if scope.is_company else _in_units(complaints, scope)
    return complaints.filter(customer__tier=scope.tier) if scope.tier else complaints


def _covered_customers(scope: KpiScope) -> QuerySet[Customer]:
    """KPI-10 denominator: 覆盖客户总户数, the active accounts of the unit subtree.

    ▶ decision: the archive keeps no account count per past date, so the count is today's;
    a period's rate moves when accounts are opened or closed later.
    """
    customers = Customer.objects.filter(is_active=True, org_unit_id__in=scope.unit_ids)
    return customers.filter(tier=scope.tier) if scope.tier else customers


def valid_complaint_counts(rule: SourceKind, scope: KpiScope) -> Counts:
    """KPI-10: valid complaints in the period / customers covered (two counts)."""
    return Counts(_valid_complaints(scope).count(), _covered_customers(scope).count())


def valid_complaint_counts_by_tier(rule: SourceKind, scope: KpiScope) -> dict[str, Counts]:
    """KPI-10 per tier: one GROUP BY tier on each side (the customer's current tier)."""
    valid: Any = (
        _valid_complaints(scope).order_by().values("customer__tier").annotate(n=Count("id"))
    )
    covered: Any = _covered_customers(scope).order_by().values("tier").annotate(n=Count("id"))
    numerators = {r["customer__tier"]: r["n"] for r in valid}
    return {r["tier"]: Counts(numerators.get(r["tier"], 0), r["n"]) for r in covered}


def valid_complaint_records(rule: SourceKind, scope: KpiScope, part: Part) -> QuerySet[Any]:
    """The valid complaints; the denominator is a count of accounts, not listed one by one."""
    if part != "numerator":
        raise RuleViolation("part", "客户有效投诉率的分母为覆盖客户总户数，不逐条列出")
    return _valid_complaints(scope)


def complaint_satisfaction_counts(rule: SourceKind, scope: KpiScope) -> Counts:
    row = _rated_complaints(scope).aggregate(
        numerator=Count("id", filter=Q(is_satisfied=True)), denominator=Count("id")
    )
    return Counts(row["numerator"], row["denominator"])


def complaint_satisfaction_records(rule: SourceKind, scope: KpiScope, part: Part) -> QuerySet[Any]:
    complaints = _rated_complaints(scope)
    return complaints.filter(is_satisfied=True) if part == "numerator" else complaints


def _responses(scope: KpiScope) -> QuerySet[SurveyResponse]:
    """KPI-18 / SURV-4: responses to the subtree's surveys ending in the period."""
    return SurveyResponse.objects.filter(
        survey__org_unit_id__in=scope.unit_ids,
        survey__ends_on__gte=scope.period.start,
        survey__ends_on__lt=scope.period.end,
    )


def survey_counts(rule: SourceKind, scope: KpiScope) -> Counts | None:
    if scope.tier:
        return None
    row = _responses(scope).aggregate(
        numerator=Count("id", filter=Q(is_satisfied=True)), denominator=Count("id")
    )
    return Counts(row["numerator"], row["denominator"])


def survey_records(rule: SourceKind, scope: KpiScope, part: Part) -> QuerySet[Any]:
    responses = _responses(scope)
    return responses.filter(is_satisfied=True) if part == "numerator" else responses
