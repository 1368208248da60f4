"""One-time notification services (NOTIFY-2…7): the notice, the suspended order, the flag."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.core.errors import RuleViolation
from gasdesk.customers.tests.factories import make_customer
from gasdesk.regulations.models import ConsultationRecord, MatterVisit, NoticeEvent, OneTimeNotice
from gasdesk.regulations.selectors import customer_repeat_matters, repeat_matters
from gasdesk.regulations.services.common import rules_for_unit
from gasdesk.regulations.services.notification import (
    ConsultationInput,
    NoticeInput,
    issue_notice,
    receive_documents,
    record_consultation,
    record_matter_visit,
)
from gasdesk.workorders.models import WorkOrder, WorkOrderEvent
from gasdesk.workorders.tests.factories import make_order

MON_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def order(org: Any, agent_a: Any, packs: Any) -> WorkOrder:
    with time_machine.travel(MON_0900, tick=False):
        return make_order(by=agent_a, org_unit=org.unit_a)


def test_notify2_notice_names_every_missing_document_and_suspends_the_order(
    org: Any, agent_a: Any, order: WorkOrder
) -> None:
    """NOTIFY-2/3: all 3 missing documents of 工商户用气报装 on one notice; order suspended."""
    customer = make_customer(org.unit_a, category="commercial")
    data = NoticeInput(
        org_unit=org.unit_a,
        matter_code="commercial_connection",
        provided=("legal_rep_id", "fire_approval"),
        customer=customer,
        work_order=order,
    )
    with time_machine.travel(MON_0900 + timedelta(hours=1), tick=False):
        notice = issue_notice(data, by=agent_a)
    assert [d["code"] for d in notice.missing_documents] == [
        "business_licence",
        "site_rights",
        "power_of_attorney",
    ]
    assert len(notice.required_documents) == 5
    order.refresh_from_db()
    assert (order.status, order.suspend_reason) == ("suspended", "materials_missing")
    suspended = WorkOrderEvent.objects.get(order=order, kind="SUSPENDED")
    assert notice.number in suspended.reason
    assert NoticeEvent.objects.get(notice=notice).kind == "ISSUED"
    assert MatterVisit.objects.filter(customer=customer).count() == 1


def test_notify2_complete_documents_need_no_notice(
    org: Any, agent_a: Any, order: WorkOrder
) -> None:
    """NOTIFY-2: everything provided → handle at once; nothing is written, order untouched."""
    data = NoticeInput(
        org_unit=org.unit_a,
        matter_code="ownership_transfer",
        provided=("id_card", "property_deed", "gas_card"),
        customer_name="王先生",
        work_order=order,
    )
    with pytest.raises(RuleViolation) as error:
        issue_notice(data, by=agent_a)
    assert error.value.field == "provided"
    assert not OneTimeNotice.objects.exists()
    order.refresh_from_db()
    assert order.status == "new"


def test_notify4_documents_received_resume_the_order(
    org: Any, agent_a: Any, order: WorkOrder
) -> None:
    """NOTIFY-4, CAL-9: the order resumes when the documents arrive."""
    data = NoticeInput(
        org_unit=org.unit_a,
        matter_code="ownership_transfer",
        customer_name="王先生",
        work_order=order,
    )
    with time_machine.travel(MON_0900 + timedelta(hours=1), tick=False):
        notice = issue_notice(data, by=agent_a)
    with time_machine.travel(MON_0900 + timedelta(days=1), tick=False):
        receive_documents(notice, by=agent_a)
    order.refresh_from_db()
    notice.refresh_from_db()
    assert (order.status, notice.status) == ("new", "fulfilled")
    assert WorkOrderEvent.objects.filter(order=order, kind="RESUMED").count() == 1
    with pytest.raises(RuleViolation):
        receive_documents(notice, by=agent_a)


def test_notify7_customer_back_twice_for_the_same_matter_is_flagged(
    org: Any, agent_a: Any, packs: Any
) -> None:
    """NOTIFY-7 EX-20: first visit + 2 return trips → flagged; 2 visits → not flagged."""
    customer = make_customer(org.unit_a)
    data = NoticeInput(org_unit=org.unit_a, matter_code="residential_connection", customer=customer)
    notice = issue_notice(data, by=agent_a)
    receive_documents(notice, by=agent_a)
    _, rules = rules_for_unit(org.unit_a, MON_0900)
    assert customer_repeat_matters(customer.pk, rules.notification) == {}
    record_matter_visit(
        customer, by=agent_a, org_unit=org.unit_a, matter_code="residential_connection"
    )
    assert customer_repeat_matters(customer.pk, rules.notification) == {"residential_connection": 3}
    rows = list(repeat_matters(agent_a, rules.notification))
    assert [(r["customer_id"], r["visits"]) for r in rows] == [(customer.pk, 3)]


def test_notify5_phone_consultation_logs_what_was_told(org: Any, agent_a: Any, packs: Any) -> None:
    """NOTIFY-5: the record book keeps the procedure, documents and time limit told."""
    data = ConsultationInput(
        org_unit=org.unit_a,
        caller_name="李女士",
        caller_phone="13800001111",
        matter_code="ownership_transfer",
        question="过户要带什么？",
    )
    record = record_consultation(data, by=agent_a)
    stored = ConsultationRecord.objects.get(pk=record.pk)
    assert "新户主身份证原件及复印件" in stored.told
    assert "资料齐全当场办结" in stored.told
    assert stored.by == agent_a


def test_notify_unknown_matter_is_refused(org: Any, agent_a: Any, packs: Any) -> None:
    data = NoticeInput(org_unit=org.unit_a, matter_code="nonsense", customer_name="王先生")
    with pytest.raises(RuleViolation) as error:
        issue_notice(data, by=agent_a)
    assert error.value.field == "matter_code"
