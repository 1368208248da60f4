"""Agency-assistance desk (HELP-3/4): what the desk did for a customer, helpers' monthly tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.org.roles import require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.regulations.models import AssistanceRecord, AssistanceService, HelperTest
from gasdesk.regulations.rules import missing_documents, needs_off_post_study
from gasdesk.regulations.services.common import (
    DESK_ROLES,
    LEADER_ROLES,
    require_customer_in_scope,
    rules_for_unit,
)
from gasdesk.regulations.services.notification import matter_of

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

    A document check lists every missing document with how to obtain it, all at once.
    """
    require_role(by, *DESK_ROLES)
    require_in_scope(by, data.org_unit)
    require_customer_in_scope(by, data.customer)
    if data.service not in AssistanceService.values:
        raise RuleViolation("service", "请选择服务内容")
    name = data.customer.name if data.customer else data.customer_name.strip()
    if not name:
        raise RuleViolation("customer_name", "请填写办事群众或企业")
    values: dict[str, object] = {}
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
