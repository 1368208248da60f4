"""Reads of the registers and department assessments (KPI-8, ASSESS-1/3/5/6/7, SURV-5) and the
scorecard section of the monthly report (RPT-2).

Lists start from `visible_to(user)` and join the names they show; channel states are one
query over the reviews of the company.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import require_role
from gasdesk.quality.models_register import (
    ChannelDecision,
    ChannelReview,
    Improvement,
    StaffSanction,
    WaitSample,
)
from gasdesk.quality.models_supervision import (
    Award,
    Evaluation,
    EvaluationKind,
    Inspection,
    InspectionFinding,
)
from gasdesk.quality.supervision_selectors import READERS
from gasdesk.standards.sections.assessment import SupervisionRules

if TYPE_CHECKING:
    from gasdesk.org.models import User

DEPARTMENT_KINDS = (EvaluationKind.DEPARTMENT_QUARTER, EvaluationKind.DEPARTMENT_YEAR)


def department_assessments(user: User) -> QuerySet[Evaluation]:
    """ASSESS-3: stored quarter and year snapshots, newest period first, by rank."""
    require_role(user, *READERS)
    return (
        Evaluation.objects.visible_to(user)
        .filter(kind__in=DEPARTMENT_KINDS)
        .select_related("org_unit", "computed_by")
        .order_by("-period_start", "kind", "rank", "org_unit__path")
    )


def award_list(user: User) -> QuerySet[Award]:
    require_role(user, *READERS)
    return (
        Award.objects.visible_to(user)
        .select_related("org_unit", "person")
        .order_by("-awarded_on", "-id")
    )


def improvement_list(user: User) -> QuerySet[Improvement]:
    require_role(user, *READERS)
    return (
        Improvement.objects.visible_to(user)
        .select_related("org_unit")
        .order_by("-created_at", "-id")
    )


def sanction_list(user: User) -> QuerySet[StaffSanction]:
    require_role(user, *READERS)
    return (
        StaffSanction.objects.visible_to(user)
        .select_related("org_unit", "staff")
        .order_by("-decided_on", "-id")
    )


def wait_sample_list(user: User) -> QuerySet[WaitSample]:
    require_role(user, *READERS)
    return (
        WaitSample.objects.visible_to(user)
        .select_related("org_unit")
        .order_by("-sampled_at", "-id")
    )


@dataclass(frozen=True)
class ChannelState:
    code: str
    title: str
    side: str
    last_review: ChannelReview | None

    @property
    def is_active(self) -> bool:
        """SURV-5: a channel is in use unless its newest review retired it (exit)."""
        return self.last_review is None or self.last_review.decision != ChannelDecision.EXIT


def channel_states(company: OrgUnit, rules: SupervisionRules | None) -> list[ChannelState]:
    """SURV-2/5/8: the pack's channels with their newest review (one query, q_chan_review_idx)."""
    if rules is None:
        return []
    latest: dict[str, Any] = {}
    reviews = ChannelReview.objects.filter(company=company).order_by("-reviewed_on", "-id")
    for review in reviews:
        latest.setdefault(review.channel, review)
    return [ChannelState(c.code, c.title, c.side, latest.get(c.code)) for c in rules.channels]


def evaluations_covering(user: User, company: OrgUnit, month: dt.date) -> QuerySet[Evaluation]:
    """RPT-2: the stored scores whose period contains `month` (month, quarter or year), ranked
    within kind (q_eval_rank_idx serves the company/kind prefix)."""
    require_role(user, *READERS)
    return (
        Evaluation.objects.visible_to(user)
        .filter(company=company, period_start__lte=month, period_end__gt=month)
        .select_related("org_unit")
        .order_by("kind", "period_start", "rank", "org_unit__path")
    )


def inspection_summary(
    user: User, company: OrgUnit, start: dt.datetime, end: dt.datetime
) -> list[dict[str, Any]]:
    """RPT-2: inspections of the period per kind and checklist: count, mean score and findings
    (two GROUP BYs, so the findings join cannot skew the mean; q_insp_co_kind_idx)."""
    require_role(user, *READERS)
    inspections = Inspection.objects.visible_to(user).filter(
        company=company, inspected_at__gte=start, inspected_at__lt=end
    )
    rows: Any = (
        inspections.order_by()
        .values("kind", "checklist")
        .annotate(n=Count("id"), score=Avg("score"), max_points=Avg("max_points"))
        .order_by("kind", "checklist")
    )
    found: Any = (
        InspectionFinding.objects.filter(inspection__in=inspections)
        .order_by()
        .values("inspection__kind", "inspection__checklist")
        .annotate(total=Sum("count"))
    )
    totals = {(r["inspection__kind"], r["inspection__checklist"]): r["total"] for r in found}
    return [{**r, "found": totals.get((r["kind"], r["checklist"]), 0)} for r in rows]


def improvements_of_month(
    user: User, company: OrgUnit, start: dt.datetime, end: dt.datetime, month: str
) -> QuerySet[Improvement]:
    """RPT-2 / ASSESS-6: improvements registered in the month or counted in its performance."""
    require_role(user, *READERS)
    registered = Q(created_at__gte=start, created_at__lt=end)
    return (
        Improvement.objects.visible_to(user)
        .filter(registered | Q(applies_to_period=month), company=company)
        .select_related("org_unit")
        .order_by("org_unit__path", "created_at", "id")
    )
