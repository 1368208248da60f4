"""Plain factories for work orders: through the intake service, like the UI."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gasdesk.org.models import OrgUnit, User
from gasdesk.workorders.intake import WorkOrderInput, create_work_order
from gasdesk.workorders.models import WorkOrder

REPAIR = "repair"  # 户内燃气设施维修 (C8) in the chaohu pack


def make_order(
    *,
    by: User,
    org_unit: OrgUnit,
    business_type: str = REPAIR,
    received_at: datetime | None = None,
    **overrides: Any,
) -> WorkOrder:
    data = WorkOrderInput(
        business_type=business_type,
        channel=overrides.pop("channel", "hotline"),
        description=overrides.pop("description", "厨房燃气灶打不着火"),
        caller_name=overrides.pop("caller_name", "王先生"),
        caller_phone=overrides.pop("caller_phone", "13812345678"),
        address=overrides.pop("address", "巢湖市东塘路1号"),
        org_unit=org_unit,
        received_at=received_at,
        **overrides,
    )
    return create_work_order(data, by=by)
