"""Field results that change the customer archive (INSP-6, METER-1): the re-check (复查) that
verifies a hazard's rectification and clears the hazard flag, and a meter replaced on a visit.
The field record and the archive change are written in one transaction (customers.field_updates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.customers.field_updates import (
    FIELD_ROLES,
    MeterSwap,
    clear_hazard,
    open_hazard_sources,
    replace_meter,
)
from gasdesk.customers.models import Meter
from gasdesk.fieldwork.models import FollowUpTask, HazardNotice
from gasdesk.fieldwork.services.common import log_event
from gasdesk.fieldwork.services.visits import notice_source
from gasdesk.org.roles import require_role
from gasdesk.org.scoping import in_scope

if TYPE_CHECKING:
    from gasdesk.org.models import User
    from gasdesk.workorders.models import WorkOrder


def verify_rectification(
    order: WorkOrder, *, by: User, notice_id: int, note: str = ""
) -> FollowUpTask:
    """复查合格: the hazards of the order's notice are verified rectified. The re-check task is
    done (conditional UPDATE: a second verification loses) and the customer's hazard flag is
    cleared unless another hazard of theirs is still open (INSP-6)."""
    notice = _notice_of(order, notice_id, by)
    now = timezone.now()
    with transaction.atomic():
        done = FollowUpTask.objects.filter(notice=notice, done_at__isnull=True).update(done_at=now)
        if done == 0:
            raise ConcurrentChange("该隐患已复查")
        source, customer = notice_source(notice), order.customer
        if customer is not None and source in open_hazard_sources(customer):
            clear_hazard(customer, by=by, source=source, reason=note.strip(), now=now)
        log_event(
            order,
            "HAZARD_RECTIFIED",
            by=by,
            at=now,
            reason=note.strip(),
            data={"notice": notice.pk},
        )
    return FollowUpTask.objects.get(notice=notice)


def _notice_of(order: WorkOrder, notice_id: int, by: User) -> HazardNotice:
    require_role(by, *FIELD_ROLES)
    if not in_scope(by, order.org_unit) and order.assignee_id != by.pk:
        raise PermissionDeniedRule("该工单不在您的组织范围内")
    notice = HazardNotice.objects.filter(order=order, pk=notice_id).first()
    if notice is None:
        raise RuleViolation("notice", "该工单没有这份隐患整改通知书")
    return notice


def record_meter_replacement(
    order: WorkOrder,
    *,
    by: User,
    meter_id: int,
    new_meter_no: str,
    new_kind: str | None = None,
) -> Meter:
    """METER-1: a meter replaced on this visit: the old row is retired today and the new meter
    added as a new row (returned), together with the order's field history row."""
    if order.customer_id is None:
        raise RuleViolation("meter", "该工单未关联客户，不能登记换表")
    meter = Meter.objects.filter(pk=meter_id, customer_id=order.customer_id).first()
    if meter is None:
        raise RuleViolation("meter", "请选择该客户的表具")
    if order.assignee_id != by.pk and not in_scope(by, order.org_unit):
        raise PermissionDeniedRule("只能登记本人工单或本单位工单的换表")
    old_meter_no = meter.meter_no
    now = timezone.now()
    swap = MeterSwap(
        new_meter_no=new_meter_no,
        replaced_on=timezone.localdate(now),
        new_kind=new_kind or None,
        source=f"work_order:{order.pk}",
    )
    with transaction.atomic():
        new = replace_meter(meter, by=by, swap=swap)
        log_event(
            order,
            "METER_REPLACED",
            by=by,
            at=now,
            data={
                "meter": meter.pk,
                "new_meter": new.pk,
                "old_meter_no": old_meter_no,
                "new_meter_no": new.meter_no,
            },
        )
    return new
