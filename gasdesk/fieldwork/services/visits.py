"""At the door (DSP-7/8, WO-7, CAL-9): arrival, work, photos, visited-not-met, hazard notice,
signed completion. Status moves through workorders' `apply_transition`; the field details are
written in the same transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.customers.field_updates import mark_hazard
from gasdesk.fieldwork.models import (
    Emergency,
    FieldVisit,
    FollowUpTask,
    HazardNotice,
    NotMetNotice,
    VisitOutcome,
    VisitPhoto,
)
from gasdesk.fieldwork.selectors import forget_banner
from gasdesk.fieldwork.services.common import (
    field_rules,
    iso,
    log_event,
    order_pack,
    save_file_on_commit,
)
from gasdesk.fieldwork.uploads import check_photo, decode_signature
from gasdesk.workorders.models import SuspendReason
from gasdesk.workorders.models import WorkOrderStatus as S
from gasdesk.workorders.services import apply_transition

if TYPE_CHECKING:
    from gasdesk.org.models import User
    from gasdesk.workorders.models import WorkOrder

NOT_MET_SOURCES = (S.ACCEPTED, S.ARRIVED)


def open_visit(order: WorkOrder) -> FieldVisit | None:
    return (
        FieldVisit.objects.filter(order=order, outcome=VisitOutcome.OPEN)
        .order_by("-visited_at", "-id")
        .first()
    )


def _require_visit(order: WorkOrder) -> FieldVisit:
    visit = open_visit(order)
    if visit is None:
        raise RuleViolation("status", "请先登记到达现场")
    return visit


def record_arrival(order: WorkOrder, *, by: User) -> FieldVisit:
    """到达现场: the arrival clock is met now (EMG-1, DSP-4)."""
    with transaction.atomic():
        apply_transition(order, "arrive", by=by)
        assert order.arrived_at is not None
        visit = FieldVisit.objects.create(order=order, technician=by, visited_at=order.arrived_at)
        log_event(order, "ARRIVED_ON_SITE", by=by, at=order.arrived_at)
    return visit


@dataclass
class WorkRecord:
    work_done: str
    result: str = ""
    materials: list[dict[str, Any]] | None = None
    hazards: str = ""


def _clean_materials(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    cleaned = []
    for row in rows or []:
        name = str(row.get("name", "")).strip()
        if not name:
            raise RuleViolation("materials", "材料名称不能为空")
        cleaned.append(
            {
                "name": name,
                "quantity": str(row.get("quantity", "1")),
                "unit": str(row.get("unit", "")),
            }
        )
    return cleaned


def record_work(order: WorkOrder, *, by: User, work: WorkRecord) -> FieldVisit:
    """处理: what was done, the result, materials used and hazards found."""
    if not work.work_done.strip():
        raise RuleViolation("work_done", "请填写作业内容")
    materials = _clean_materials(work.materials)
    visit = _require_visit(order)
    with transaction.atomic():
        if order.status == S.ARRIVED:
            apply_transition(order, "start_work", by=by)
        elif order.status != S.IN_PROGRESS:
            raise RuleViolation(
                "status", f"工单当前状态为“{order.get_status_display()}”，不能登记作业"
            )
        FieldVisit.objects.filter(pk=visit.pk).update(
            work_done=work.work_done.strip(),
            result=work.result.strip(),
            materials=materials,
            hazards=work.hazards.strip(),
        )
        log_event(order, "WORK_RECORDED", by=by, at=timezone.now(), data={"materials": materials})
    visit.refresh_from_db()
    return visit


def add_photo(order: WorkOrder, *, by: User, upload: UploadedFile) -> VisitPhoto:
    """A site photo on the open visit: images only, size-limited (uploads.check_photo)."""
    visit = _require_visit(order)
    if visit.technician_id != by.pk:
        raise RuleViolation("photo", "只能由到场人员上传照片")
    size = upload.size or 0
    head = upload.read(16)
    upload.seek(0)
    kind = check_photo(head, size)
    photo = VisitPhoto(
        visit=visit, content_type=kind, size_bytes=size, uploaded_by=by, uploaded_at=timezone.now()
    )
    with transaction.atomic():
        save_file_on_commit(photo.image, f"{uuid.uuid4().hex}.{kind}", upload)
        photo.save()
        log_event(order, "PHOTO_ADDED", by=by, at=photo.uploaded_at, data={"photo": photo.pk})
    return photo


def record_not_met(order: WorkOrder, *, by: User, note: str = "") -> NotMetNotice:
    """DSP-8: nobody at home. Post the 到访不遇通知单 with the time and suspend the order
    (reason not_at_home), so its clocks pause (CAL-9) instead of breaching."""
    if order.status not in NOT_MET_SOURCES:
        raise RuleViolation("status", "只有已签收或已到达的工单可以登记到访不遇")
    now = timezone.now()
    with transaction.atomic():
        visit = open_visit(order) or FieldVisit.objects.create(
            order=order, technician=by, visited_at=now
        )
        apply_transition(
            order,
            "suspend",
            by=by,
            reason=note.strip() or "到访不遇",
            suspend_reason=SuspendReason.NOT_AT_HOME,
        )
        FieldVisit.objects.filter(pk=visit.pk).update(outcome=VisitOutcome.NOT_MET)
        notice = NotMetNotice.objects.create(
            order=order, visit=visit, visited_at=visit.visited_at, note=note.strip(), technician=by
        )
        log_event(order, "NOT_MET", by=by, at=now, reason=note.strip(), data={"notice": notice.pk})
    return notice


def notice_source(notice: HazardNotice) -> str:
    """How a field hazard notice is named in the customer's hazard history (field_updates)."""
    return f"hazard_notice:{notice.pk}"


def issue_hazard_notice(
    order: WorkOrder, *, by: User, items: list[str], rectify_by: date
) -> HazardNotice:
    """安全隐患整改通知书 with its items and deadline, plus the re-check task (复查); the
    customer becomes a hazard customer until the re-check verifies the rectification (INSP-6)."""
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise RuleViolation("items", "请至少填写一项隐患")
    if rectify_by < timezone.localdate():
        raise RuleViolation("rectify_by", "整改期限不能早于今天")
    visit = _require_visit(order)
    now = timezone.now()
    with transaction.atomic():
        notice = HazardNotice.objects.create(
            order=order,
            visit=visit,
            items=items,
            rectify_by=rectify_by,
            issued_at=now,
            issued_by=by,
        )
        FollowUpTask.objects.create(notice=notice, org_unit=order.org_unit, due_on=rectify_by)
        if order.customer is not None:
            mark_hazard(
                order.customer,
                by=by,
                source=notice_source(notice),
                reason="；".join(items),
                now=now,
            )
        log_event(
            order,
            "HAZARD_NOTICE_ISSUED",
            by=by,
            at=now,
            data={"notice": notice.pk, "items": items, "rectify_by": rectify_by.isoformat()},
        )
    return notice


def _check_briefing(order: WorkOrder, safety_briefed: bool) -> None:
    """SMS-2: when the pack requires it, the technician confirms the safety briefing."""
    rules = field_rules(order_pack(order)).completion
    if rules and rules.requires_safety_briefing and not safety_briefed:
        raise RuleViolation(
            "safety_briefed", "离开前须向客户发放安全用气宣传资料并讲解安全用气知识，请确认"
        )


def complete_order(
    order: WorkOrder,
    *,
    by: User,
    signature: str,
    signed_by_name: str,
    result: str = "",
    safety_briefed: bool = False,
) -> FieldVisit:
    """WO-7: the customer signs on screen, then the order is completed; an emergency ends.
    SMS-2: the safety briefing is recorded (required when the pack says so). The signature
    file is written only if the completion commits."""
    png = decode_signature(signature)
    if not signed_by_name.strip():
        raise RuleViolation("signed_by_name", "请填写签字人姓名")
    _check_briefing(order, safety_briefed)
    visit = _require_visit(order)
    with transaction.atomic():
        apply_transition(order, "complete", by=by, result=result.strip() or visit.result)
        assert order.completed_at is not None
        save_file_on_commit(visit.signature, f"{uuid.uuid4().hex}.png", ContentFile(png))
        visit.signed_by_name = signed_by_name.strip()
        visit.outcome = VisitOutcome.COMPLETED
        visit.completed_at = order.completed_at
        visit.safety_briefed_at = order.completed_at if safety_briefed else None
        visit.save(
            update_fields=[
                "signature",
                "signed_by_name",
                "outcome",
                "completed_at",
                "safety_briefed_at",
            ]
        )
        if Emergency.objects.filter(order=order, resolved_at__isnull=True).update(
            resolved_at=order.completed_at
        ):
            transaction.on_commit(forget_banner)
        log_event(
            order,
            "SIGNED_COMPLETED",
            by=by,
            at=order.completed_at,
            data={
                "signed_by_name": visit.signed_by_name,
                "completed_at": iso(order.completed_at),
                "safety_briefed": safety_briefed,
            },
        )
    return visit
