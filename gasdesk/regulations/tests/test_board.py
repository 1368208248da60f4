"""Telling everything at once (NOTIFY-1), the public notice board (NOTIFY-6) and the forbidden
conduct of time-limited completion (TLC-3)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.core.errors import RuleViolation
from gasdesk.regulations.models import OneTimeNotice, PromisedMatter, PromiseEvent
from gasdesk.regulations.selectors import late_matters
from gasdesk.regulations.services.notification import NoticeInput, issue_notice
from gasdesk.regulations.services.promises import complete_matter
from gasdesk.regulations.tests.factories import make_promise

MON_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
FRI_1600 = datetime(2026, 11, 20, 16, 0, tzinfo=SHANGHAI)


def test_notify1_notice_tells_basis_limit_procedure_documents_and_rectification(
    aode: Any,
) -> None:
    """NOTIFY-1: 依据、时限、程序、所需的全部资料清单和项目验收不合格需要整改内容以及不予办理的
    其他事项 — all on the one notice, copied from the pack."""
    data = NoticeInput(
        org_unit=aode.centre,
        matter_code="commercial_connection",
        provided=("business_licence", "legal_rep_id", "site_rights", "fire_approval"),
        customer_name="某餐馆",
        rectification_items=("灶前阀未安装", " ", "排烟管未接出室外"),
        other_reasons="经营场所尚未取得消防备案的，暂不予通气",
    )
    with time_machine.travel(MON_0900, tick=False):
        notice = issue_notice(data, by=aode.agent)
    stored = OneTimeNotice.objects.get(pk=notice.pk)
    assert stored.basis == "《城镇燃气管理条例》及公司工商户报装规定"
    assert stored.time_limit == "按合同约定时间完成施工并通气"
    assert len(stored.procedure) == 6
    assert len(stored.required_documents) == 5
    assert [d["code"] for d in stored.missing_documents] == ["power_of_attorney"]
    assert stored.rectification_items == ["灶前阀未安装", "排烟管未接出室外"]
    assert stored.other_reasons.startswith("经营场所")


def test_notify1_failed_acceptance_alone_is_a_notice(aode: Any) -> None:
    """NOTIFY-1: documents complete but the acceptance failed — the rectification is told."""
    documents = ("id_card", "property_deed", "application_form")
    data = NoticeInput(
        org_unit=aode.centre,
        matter_code="residential_connection",
        provided=documents,
        customer_name="包女士",
        rectification_items=("燃气软管超过2米",),
    )
    with time_machine.travel(MON_0900, tick=False):
        notice = issue_notice(data, by=aode.agent)
    assert notice.missing_documents == []
    assert notice.rectification_items == ["燃气软管超过2米"]


def test_notify1_nothing_to_tell_means_do_it_at_once(aode: Any) -> None:
    """NOTIFY-1/2: complete documents, nothing to rectify: no notice, handle it now."""
    data = NoticeInput(
        org_unit=aode.centre,
        matter_code="residential_connection",
        provided=("id_card", "property_deed", "application_form"),
        customer_name="包女士",
    )
    with pytest.raises(RuleViolation) as error:
        issue_notice(data, by=aode.agent)
    assert error.value.field == "provided"
    assert not OneTimeNotice.objects.exists()


def test_notify6_public_board_lists_materials_procedure_and_time_limit(
    client: Client, aode: Any, django_assert_max_num_queries: Any
) -> None:
    """NOTIFY-6: the hall's board, no login: per matter the materials, procedure, time limit."""
    with django_assert_max_num_queries(3):
        response = client.get(reverse("regulations:board", args=["aode"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="board-matter"') == 3
    assert page.count('data-testid="board-document"') == 3 + 3 + 5
    assert "资料齐全当场办结" in page
    assert "营业执照复印件（加盖公章）" in page
    assert "现场勘查" in page


def test_notify6_unknown_company_board_is_404(client: Client, packs: Any) -> None:
    assert client.get(reverse("regulations:board", args=["nosuch"])).status_code == 404


def test_tlc3_completion_records_that_the_party_was_informed(aode: Any) -> None:
    """TLC-3: 在承诺时限内未将办理结果通知当事人 is forbidden — no completion without it."""
    with time_machine.travel(FRI_1600, tick=False):
        matter = make_promise(by=aode.agent, org_unit=aode.centre)
        with pytest.raises(RuleViolation) as error:
            complete_matter(matter, by=aode.agent, reply="已核实")
        assert error.value.field == "informed_how"
        assert PromisedMatter.objects.get().status == "open"
        complete_matter(matter, by=aode.agent, reply="已核实", informed_how="phone")
    stored = PromisedMatter.objects.get()
    assert (stored.informed_at, stored.informed_how) == (FRI_1600, "phone")
    event = PromiseEvent.objects.get(kind="COMPLETED")
    assert event.data == {"late": False, "informed_how": "phone", "informed_within_limit": True}
    assert list(late_matters(aode.manager)) == []


def test_tlc3_late_completion_needs_a_good_reason_and_is_listed(aode: Any) -> None:
    """TLC-3: 无正当理由超过承诺时限 is forbidden: past the 3-working-day default (Fri 16:00 →
    Thu 00:00) the reason is required and the leader's list shows the matter with it."""
    with time_machine.travel(FRI_1600, tick=False):
        matter = make_promise(by=aode.agent, org_unit=aode.centre)
    assert matter.due_at == datetime(2026, 11, 26, 0, 0, tzinfo=SHANGHAI)
    late = matter.due_at + timedelta(hours=10)
    with time_machine.travel(late, tick=False):
        with pytest.raises(RuleViolation) as error:
            complete_matter(matter, by=aode.agent, reply="已核实", informed_how="written")
        assert error.value.field == "overdue_reason"
        complete_matter(
            matter,
            by=aode.agent,
            reply="已核实",
            informed_how="written",
            overdue_reason="等待表具检测报告",
        )
    (listed,) = late_matters(aode.manager)
    assert listed.overdue_reason == "等待表具检测报告"
    assert PromiseEvent.objects.get(kind="COMPLETED").data["informed_within_limit"] is False
