"""Level appeals (申诉, CMP-14): filed by the target department's service admin within the
pack's window after the level was reported; decided by the specialist or a manager.

A late appeal is refused with the reason and changes nothing. A decision is kept on the appeal
row and in the complaint's history; an upheld appeal changes the level (conditional UPDATE).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from gasdesk.complaints.models import AppealStatus, Complaint, ComplaintAppeal, ComplaintEvent
from gasdesk.complaints.services import write
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.org.roles import Role, has_role, require_role
from gasdesk.org.scoping import in_scope, require_in_scope

if TYPE_CHECKING:
    from gasdesk.org.models import User

DECIDERS = (Role.SPECIALIST, Role.MANAGER)


def may_file(complaint: Complaint, user: User, now: datetime) -> bool:
    """Whether the page offers the appeal form: the target unit's admin, inside the window."""
    return (
        has_role(user, Role.DEPT_ADMIN)
        and complaint.target_unit is not None
        and complaint.appeal_due_at is not None
        and now <= complaint.appeal_due_at
        and in_scope(user, complaint.target_unit)
    )


def _check_filing(complaint: Complaint, by: User, level_requested: int, reason: str) -> None:
    require_role(by, Role.DEPT_ADMIN)
    if complaint.target_unit is None or not in_scope(by, complaint.target_unit):
        raise PermissionDeniedRule("只能由被投诉部门的兼职服务管理员提起申诉")
    if complaint.level is None or complaint.appeal_due_at is None:
        raise RuleViolation("level", "投诉尚未定级，不能申诉")
    if timezone.now() > complaint.appeal_due_at:
        due = timezone.localtime(complaint.appeal_due_at)
        raise RuleViolation("filed_at", f"逾期申诉不予受理：申诉期限已于{due:%Y-%m-%d %H:%M}届满")
    if level_requested not in range(1, 6) or level_requested == complaint.level:
        raise RuleViolation("level_requested", "请选择与原级别不同的申请级别（一级至五级）")
    if not reason.strip():
        raise RuleViolation("reason", "请填写申诉理由")


def file_appeal(
    complaint: Complaint, *, by: User, level_requested: int, reason: str
) -> ComplaintAppeal:
    """File one appeal; a second while one is pending is refused by the partial unique index."""
    _check_filing(complaint, by, level_requested, reason)
    assert complaint.level is not None
    assert complaint.target_unit is not None
    now = timezone.now()
    try:
        with transaction.atomic():
            appeal = ComplaintAppeal.objects.create(
                complaint=complaint,
                unit=complaint.target_unit,
                filed_by=by,
                filed_at=now,
                level_disputed=complaint.level,
                level_requested=level_requested,
                reason=reason.strip(),
            )
            ComplaintEvent.objects.create(
                complaint=complaint,
                by=by,
                kind="APPEALED",
                at=now,
                reason=reason.strip(),
                data={"appeal": appeal.pk, "level_requested": level_requested},
            )
    except IntegrityError:
        raise RuleViolation("appeal", "该投诉已有待裁定的申诉") from None
    return appeal


def decide_appeal(
    appeal: ComplaintAppeal, *, by: User, upheld: bool, reason: str
) -> ComplaintAppeal:
    """Decide once (conditional UPDATE on PENDING); an upheld appeal sets the requested level."""
    require_role(by, *DECIDERS)
    require_in_scope(by, appeal.complaint.org_unit)
    if not reason.strip():
        raise RuleViolation("reason", "请填写裁定意见")
    complaint = appeal.complaint
    status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    now = timezone.now()
    with transaction.atomic():
        done = ComplaintAppeal.objects.filter(pk=appeal.pk, status=AppealStatus.PENDING).update(
            status=status, decided_by=by, decided_at=now, decision_reason=reason.strip()
        )
        if done != 1:
            raise ConcurrentChange("该申诉已被裁定")
        changes = {"level": appeal.level_requested} if upheld else {}
        data = {"appeal": appeal.pk, "upheld": upheld, "level": changes.get("level")}
        write(complaint, changes, by=by, kind="APPEAL_DECIDED", reason=reason.strip(), data=data)
    appeal.status, appeal.decided_by, appeal.decided_at = status, by, now
    appeal.decision_reason = reason.strip()
    return appeal
