"""CB-7: the replacement of an unreachable sampled customer, drawn from the same service day.

The replacement is the next id of the group's seeded ranking (sampling.next_replacement) among
the day's completed orders of the group's business types that have no task yet, so it is the
same whoever draws it. The batch row is locked while drawing: two agents replacing at the same
moment get two different customers, never one customer twice.
"""

from __future__ import annotations

from datetime import datetime

from gasdesk.callbacks.generation import DONE_STATUSES, day_bounds
from gasdesk.callbacks.models import CallbackBatch, CallbackTask, Selection
from gasdesk.callbacks.sampling import next_replacement, seed_for
from gasdesk.standards.lookup import loaded_pack
from gasdesk.standards.sections.callbacks import CallbackRules
from gasdesk.workorders.models import WorkOrder


def draw_replacement(
    task: CallbackTask, rules: CallbackRules, *, now: datetime
) -> CallbackTask | None:
    """Create the replacement task (inside the caller's transaction); None when the day has no
    unsampled customer left in the group."""
    group = next((g for g in rules.groups if g.code == task.group_code), None)
    if group is None:
        return None
    batch = CallbackBatch.objects.select_for_update().get(pk=task.batch_id)
    start, end = day_bounds(task.service_day)
    population = WorkOrder.objects.filter(
        company_id=task.company_id,
        status__in=DONE_STATUSES,
        completed_at__gte=start,
        completed_at__lt=end,
        business_type__in=group.business_types,
    ).values_list("id", flat=True)
    used = CallbackTask.objects.filter(batch=batch).values_list("work_order_id", flat=True)
    company_code = loaded_pack(batch.pack_id).pack.company
    seed = seed_for(company_code, task.service_day, group.code)
    chosen = next_replacement(list(population), list(used), seed)
    if chosen is None:
        return None
    order = WorkOrder.objects.only(
        "id", "org_unit_id", "customer_id", "business_type", "business_type_name"
    ).get(pk=chosen)
    return CallbackTask.objects.create(
        company_id=task.company_id,
        org_unit_id=order.org_unit_id,
        batch=batch,
        work_order=order,
        customer_id=order.customer_id,
        business_type=order.business_type,
        business_type_name=order.business_type_name,
        group_code=task.group_code,
        group_name=task.group_name,
        selection=Selection.REPLACEMENT,
        is_full=False,
        service_day=task.service_day,
        due_at=task.due_at,
        replaces=task,
    )
