"""Agency-assistance desk (HELP-1…4): what the desk did for a customer, the duty roster with
substitutes and on-post times, helpers' monthly tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.org.roles import require_role
from gasdesk.org.scoping import in_scope, require_in_scope
from gasdesk.regulations.models import (
    AssistanceRecord,
    AssistanceService,
    DutyRole,
    DutyShift,
    HelperTest,
)
from gasdesk.regulations.rules import (
    missing_documents,
    needs_off_post_study,
    on_post_by,
    window_helpers_in_band,
)
from gasdesk.regulations.services.common import (
    DESK_ROLES,
    LEADER_ROLES,
    not_in_future,
    require_customer_in_scope,
    rules_for_unit,
)
from gasdesk.regulations.services.notification import matter_of
from gasdesk.standards.sections.regulations import AssistanceRules

if TYPE_CHECKING:
    from gasdesk.customers.models import Customer
    from gasdesk.org.models import OrgUnit, User


@dataclass(frozen=True)
class AssistanceInput:
    org_unit: OrgUnit
    service: str
    customer_name: str
    matter_code: str = ""
    provided: tuple[str, ...] = ()
    customer: Customer | None = None
    note: str = ""


def record_assistance(data: AssistanceInput, *, by: User) -> AssistanceRecord:
    """HELP-3: record a consultation, full help, document check or entrusted approval work.

    A document check lists every missing document with how to obtain it, all at once. A
    reflection (办不成事反映, HELP-1) goes to today's duty helper, so the desk needs a roster.
    """
    require_role(by, *DESK_ROLES)
    require_in_scope(by, data.org_unit)
    require_customer_in_scope(by, data.customer)
    if data.service not in AssistanceService.values:
        raise RuleViolation("service", "请选择服务内容")
    name = data.customer.name if data.customer else data.customer_name.strip()
    if not name:
        raise RuleViolation("customer_name", "请填写办事群众或企业")
    values: dict[str, object] = {"duty_helper": _duty_helper(data)}
    if data.matter_code or data.service == AssistanceService.DOCUMENT_CHECK:
        _, rules = rules_for_unit(data.org_unit, timezone.now())
        matter = matter_of(rules, data.matter_code)
        values = {"matter_code": matter.code, "matter_name": matter.name}
        if data.service == AssistanceService.DOCUMENT_CHECK:
            try:
                missing = missing_documents(matter, data.provided)
            except ValueError:
                raise RuleViolation("provided", "已提供资料中有不属于该事项的资料") from None
            values["documents_complete"] = not missing
            values["missing_documents"] = [
                {"code": d.code, "name": d.name, "how_to_obtain": d.how_to_obtain} for d in missing
            ]
    return AssistanceRecord.objects.create(
        org_unit=data.org_unit,
        customer=data.customer,
        customer_name=name,
        service=data.service,
        by=by,
        kind="ASSISTED",
        reason=data.note.strip(),
        **values,
    )


def _duty_helper(data: AssistanceInput) -> User | None:
    helper = duty_person(data.org_unit, timezone.localdate())
    if helper is None and data.service == AssistanceService.REFLECTION:
        raise RuleViolation("service", "今日帮办代办区没有值班人员，请先排班")
    return helper


def record_helper_test(helper: User, *, by: User, taken_on: date, score: int) -> HelperTest:
    """HELP-4: the monthly test; a score below the pass mark means the pack's off-post study."""
    require_role(by, *LEADER_ROLES)
    if helper.org_unit is None:
        raise RuleViolation("helper", "帮办代办员未分配所属单位")
    require_in_scope(by, helper.org_unit)
    if not 0 <= score <= 100:
        raise RuleViolation("score", "成绩须在0到100之间")
    _, rules = rules_for_unit(helper.org_unit, timezone.now())
    days = (
        rules.assistance.off_post_study_days if needs_off_post_study(score, rules.assistance) else 0
    )
    return HelperTest.objects.create(
        helper=helper,
        taken_on=taken_on,
        score=score,
        off_post_study_days=days,
        by=by,
        kind="TESTED",
        data={"pass_score": rules.assistance.test_pass_score},
    )


@dataclass(frozen=True)
class DutyInput:
    """One day of the desk's roster (HELP-2): window helpers in turn, full-time helpers."""

    org_unit: OrgUnit
    on: date
    starts_at: datetime
    window_helpers: tuple[User, ...]
    full_time_helpers: tuple[User, ...] = ()


def _check_helpers(by: User, data: DutyInput, rules: AssistanceRules) -> None:
    if not window_helpers_in_band(len(data.window_helpers), rules):
        raise RuleViolation(
            "window_helpers",
            f"每日须轮流安排{rules.window_helpers_min}-{rules.window_helpers_max}名窗口帮办代办员",
        )
    people = [*data.window_helpers, *data.full_time_helpers]
    if len({p.pk for p in people}) != len(people):
        raise RuleViolation("window_helpers", "同一人员不能重复排班")
    for person in people:
        if not person.is_active or person.org_unit is None or not in_scope(by, person.org_unit):
            raise RuleViolation("window_helpers", "帮办代办员须为您组织范围内的在岗人员")
    if timezone.localtime(data.starts_at).date() != data.on:
        raise RuleViolation("starts_at", "上岗时间须在值班当日")


def schedule_duty(data: DutyInput, *, by: User) -> list[DutyShift]:
    """HELP-2: put a day's helpers on the roster, all in one transaction; a day is planned
    once (an absence is then covered by a substitute, not by re-planning)."""
    require_role(by, *LEADER_ROLES)
    require_in_scope(by, data.org_unit)
    _, rules = rules_for_unit(data.org_unit, data.starts_at)
    _check_helpers(by, data, rules.assistance)
    roles = [(p, DutyRole.WINDOW) for p in data.window_helpers]
    roles += [(p, DutyRole.FULL_TIME) for p in data.full_time_helpers]
    shifts = [
        DutyShift(
            org_unit=data.org_unit,
            on=data.on,
            helper=person,
            role=role,
            starts_at=data.starts_at,
            created_by=by,
        )
        for person, role in roles
    ]
    with transaction.atomic():
        if (
            DutyShift.objects.select_for_update()
            .filter(org_unit=data.org_unit, on=data.on)
            .exists()
        ):
            raise RuleViolation("on", "当日已排班；缺岗请登记替岗人员")
        return DutyShift.objects.bulk_create(shifts)


def substitute_duty(shift: DutyShift, *, by: User, substitute: User, reason: str) -> DutyShift:
    """HELP-2: a helper away (出差、开会) is covered by another person (替岗); the roster keeps
    both the planned helper and the substitute."""
    require_role(by, *LEADER_ROLES)
    require_in_scope(by, shift.org_unit)
    if substitute.pk == shift.helper_id or not substitute.is_active:
        raise RuleViolation("substitute", "替岗人员须为其他在岗人员")
    if substitute.org_unit is None or not in_scope(by, substitute.org_unit):
        raise RuleViolation("substitute", "替岗人员须在您的组织范围内")
    if not reason.strip():
        raise RuleViolation("reason", "请填写替岗原因")
    if shift.on_post_at is not None:
        raise RuleViolation("substitute", "值班人员已到岗，无需替岗")
    changes = {"substitute": substitute, "substitute_reason": reason.strip()}
    return _update_shift(shift, changes, {"substitute__isnull": True, "on_post_at__isnull": True})


def record_on_post(shift: DutyShift, *, by: User, at: datetime | None = None) -> DutyShift:
    """HELP-2: when the acting helper was on post, and whether that was the pack's minutes early."""
    require_role(by, *DESK_ROLES)
    require_in_scope(by, shift.org_unit)
    moment = not_in_future(at, timezone.now(), "at")
    _, rules = rules_for_unit(shift.org_unit, shift.starts_at)
    on_time = moment <= on_post_by(shift.starts_at, rules.assistance)
    changes = {"on_post_at": moment, "on_post_on_time": on_time}
    return _update_shift(shift, changes, {"on_post_at__isnull": True})


def _update_shift(shift: DutyShift, changes: dict[str, Any], expect: dict[str, Any]) -> DutyShift:
    with transaction.atomic():
        if DutyShift.objects.filter(pk=shift.pk, **expect).update(**changes) != 1:
            raise ConcurrentChange()
    for name, value in changes.items():
        setattr(shift, name, value)
    return shift


def duty_person(org_unit: OrgUnit, on: date) -> User | None:
    """HELP-1/2: who receives a reflection at the 办不成事反映窗口 today: the acting window helper
    of the earliest shift (a substitute when one covers), else a full-time helper."""
    shifts = DutyShift.objects.filter(org_unit=org_unit, on=on).select_related(
        "helper", "substitute"
    )
    ordered = sorted(shifts, key=lambda s: (s.role != DutyRole.WINDOW, s.starts_at, s.pk))
    return ordered[0].acting if ordered else None
