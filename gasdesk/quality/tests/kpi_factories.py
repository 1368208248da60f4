"""Work orders for KPI tests, bulk-inserted with their deadline columns set as intake would.

Intake (workorders.intake) computes the deadlines; KPI tests need many orders with chosen
outcomes, so they write the stored columns directly, as the bench does.
"""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

from gasdesk.org.models import OrgUnit, User
from gasdesk.standards.models import StandardPack
from gasdesk.workorders.models import CLOCK_MET_BY, WorkOrder, WorkOrderStatus

_numbers = count(1)


def make_timed_orders(  # noqa: PLR0913 - one keyword per column the KPI reads
    n: int,
    *,
    unit: OrgUnit,
    by: User,
    business_type: str,
    clock: str,
    received_at: dt.datetime,
    due_after: dt.timedelta | None,
    met_after: dt.timedelta | None,
    **columns: Any,
) -> list[WorkOrder]:
    """`n` orders of one outcome: due `due_after` the receipt, met `met_after` it (or never)."""
    pack = pack_of(unit)
    fields: dict[str, Any] = {
        "status": WorkOrderStatus.COMPLETED if met_after is not None else WorkOrderStatus.NEW,
        "tier": "general",
        f"{clock}_due_at": None if due_after is None else received_at + due_after,
        CLOCK_MET_BY[clock]: None if met_after is None else received_at + met_after,
        **columns,
    }
    orders = [
        WorkOrder(
            number=f"KPI{next(_numbers):08d}",
            company=unit.company,
            org_unit=unit,
            business_type=business_type,
            business_type_name=business_type,
            channel="hotline",
            area="urban",
            description="KPI测试",
            first_responder=by,
            pack=pack,
            received_at=received_at,
            **fields,
        )
        for _ in range(n)
    ]
    return WorkOrder.objects.bulk_create(orders)


def pack_of(unit: OrgUnit) -> StandardPack:
    assert unit.company is not None
    return StandardPack.objects.get(company=unit.company.standard_company)


def make_complaints(  # noqa: PLR0913 - one keyword per column the KPI reads
    n: int,
    *,
    unit: OrgUnit,
    by: User,
    clock: str,
    received_at: dt.datetime,
    due_after: dt.timedelta,
    met_after: dt.timedelta | None,
) -> list[Any]:
    """`n` complaints with one stored clock (`<clock>_due_at`) and its met column set or not."""
    from gasdesk.complaints.models import CLOCK_MET_BY as COMPLAINT_MET_BY
    from gasdesk.complaints.models import Complaint

    met_column = COMPLAINT_MET_BY[clock][0]
    complaints = [
        Complaint(
            number=f"KC{next(_numbers):08d}",
            company=unit.company,
            org_unit=unit,
            pack=pack_of(unit),
            channel="hotline",
            first_responder=by,
            complainant_name="王先生",
            address="测试路1号",
            phone="13812345678",
            target_text="维修迟到",
            area="urban",
            narrative="KPI测试",
            received_at=received_at,
            **{f"{clock}_due_at": received_at + due_after},
            **{met_column: None if met_after is None else received_at + met_after},
        )
        for _ in range(n)
    ]
    return Complaint.objects.bulk_create(complaints)


def make_outage_events(
    unit: OrgUnit, by: User, *, starts_at: dt.datetime, affected: list[int], status: str
) -> None:
    """Outages with the given affected-customer counts (KPI-9 bands)."""
    from gasdesk.campaigns.models import Outage

    Outage.objects.bulk_create(
        Outage(
            org_unit=unit,
            title=f"停气{count}",
            pack=pack_of(unit),
            created_by=by,
            kind="planned",
            reason="管网改造",
            area_text="测试区域",
            selection_kind="address",
            selection_value="测试路",
            starts_at=starts_at,
            planned_restore_at=starts_at + dt.timedelta(hours=8),
            restore_due_at=starts_at + dt.timedelta(hours=24),
            status=status,
            affected_count=count,
        )
        for count in affected
    )


def make_inspection_visits(
    unit: OrgUnit, by: User, *, planned_on: dt.date, outcomes: list[str]
) -> None:
    """Round-1 visits of one plan, one customer each, with the given final outcomes."""
    from gasdesk.campaigns.models import InspectionPlan, InspectionVisit
    from gasdesk.campaigns.tests.factories import bulk_customers

    plan = InspectionPlan.objects.create(
        org_unit=unit, title="年度安检", pack=pack_of(unit), created_by=by, year=planned_on.year
    )
    prefix = f"KI{next(_numbers):05d}"
    customers = bulk_customers(unit, len(outcomes), category="residential", prefix=prefix)
    InspectionVisit.objects.bulk_create(
        InspectionVisit(
            plan=plan,
            customer_id=customer,
            org_unit=unit,
            planned_on=planned_on,
            outcome=outcome,
            final_outcome=outcome,
        )
        for customer, outcome in zip(customers, outcomes, strict=True)
    )


def make_callbacks(
    unit: OrgUnit, by: User, *, group: str, done_at: dt.datetime, results: list[str]
) -> None:
    """Answered callback tasks of one group, one completed order each (KPI-13…17)."""
    from gasdesk.callbacks.models import CallbackBatch, CallbackTask

    orders = make_timed_orders(
        len(results),
        unit=unit,
        by=by,
        business_type="repair",
        clock="response",
        received_at=done_at - dt.timedelta(days=1),
        due_after=None,
        met_after=dt.timedelta(hours=1),
    )
    batch, _ = CallbackBatch.objects.get_or_create(
        company=unit.company, service_day=done_at.date(), defaults={"pack": pack_of(unit)}
    )
    CallbackTask.objects.bulk_create(
        CallbackTask(
            company=unit.company,
            org_unit=unit,
            batch=batch,
            work_order=order,
            business_type="repair",
            business_type_name="维修",
            group_code=group,
            selection="sampled",
            service_day=done_at.date(),
            due_at=done_at,
            status="done",
            result=result,
            done_at=done_at,
        )
        for order, result in zip(orders, results, strict=True)
    )
