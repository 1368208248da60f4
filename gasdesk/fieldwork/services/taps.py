"""One entry for every field action sent from a phone or the API (DSP): the action table,
applied once per client token (services.idempotency), returning a small JSON result.

Views and the API both call `perform_tap`, so the two interfaces cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.utils.translation import gettext_lazy as _

from gasdesk.core.errors import RuleViolation
from gasdesk.fieldwork.services import archive, dispatch, visits
from gasdesk.fieldwork.services.idempotency import Result, run_once

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from gasdesk.org.models import User
    from gasdesk.workorders.models import WorkOrder


@dataclass(frozen=True)
class Tap:
    label: StrOrPromise
    run: Callable[[WorkOrder, User, dict[str, Any]], object]


def _work(order: WorkOrder, by: User, p: dict[str, Any]) -> object:
    record = visits.WorkRecord(
        work_done=p.get("work_done", ""),
        result=p.get("result", ""),
        materials=p.get("materials"),
        hazards=p.get("hazards", ""),
    )
    return visits.record_work(order, by=by, work=record)


TAPS: dict[str, Tap] = {
    "assign": Tap(
        _("派工"),
        lambda o, by, p: dispatch.assign_order(
            o, by=by, technician=p.get("technician"), reason=p.get("reason", "")
        ),
    ),
    "accept": Tap(_("签收"), lambda o, by, p: dispatch.accept_order(o, by=by)),
    "agree_time": Tap(
        _("约定上门时间"),
        lambda o, by, p: dispatch.agree_visit_time(
            o, by=by, appointment_at=p["appointment_at"], note=p.get("note", "")
        ),
    ),
    "cannot_keep": Tap(
        _("无法按约上门"),
        lambda o, by, p: dispatch.report_cannot_keep(o, by=by, reason=p.get("reason", "")),
    ),
    "arrive": Tap(_("到达现场"), lambda o, by, p: visits.record_arrival(o, by=by)),
    "record_work": Tap(_("登记作业"), _work),
    "not_met": Tap(
        _("到访不遇"), lambda o, by, p: visits.record_not_met(o, by=by, note=p.get("note", ""))
    ),
    "hazard_notice": Tap(
        _("下达隐患整改通知"),
        lambda o, by, p: visits.issue_hazard_notice(
            o, by=by, items=p.get("items", []), rectify_by=p["rectify_by"]
        ),
    ),
    "complete": Tap(
        _("签字完工"),
        lambda o, by, p: visits.complete_order(
            o,
            by=by,
            signature=p.get("signature", ""),
            signed_by_name=p.get("signed_by_name", ""),
            result=p.get("result", ""),
            safety_briefed=bool(p.get("safety_briefed")),
        ),
    ),
    "verify_rectification": Tap(
        _("隐患复查合格"),
        lambda o, by, p: archive.verify_rectification(
            o, by=by, notice_id=p["notice_id"], note=p.get("note", "")
        ),
    ),
    "replace_meter": Tap(
        _("登记换表"),
        lambda o, by, p: archive.record_meter_replacement(
            o,
            by=by,
            meter_id=p["meter_id"],
            new_meter_no=p.get("new_meter_no", ""),
            new_kind=p.get("new_kind") or None,
        ),
    ),
}


def perform_tap(
    order: WorkOrder, action: str, *, by: User, token: UUID | None, params: dict[str, Any]
) -> Result:
    """Apply `action` once per `token`; the result names the order's status afterwards."""
    tap = TAPS.get(action)
    if tap is None:
        raise RuleViolation("action", f"未知操作：{action}")

    def perform() -> Result:
        made = tap.run(order, by, params)
        return {
            "order": order.pk,
            "action": action,
            "status": order.status,
            "status_label": str(order.get_status_display()),
            "record": getattr(made, "pk", None),
            "message": f"已{tap.label}",
        }

    return run_once(token, by=by, action=action, order_id=order.pk, perform=perform)
