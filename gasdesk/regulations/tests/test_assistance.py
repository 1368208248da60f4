"""Agency-assistance desk (HELP-3/4) on the 奥德 pack."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gasdesk.core.errors import PermissionDeniedRule
from gasdesk.regulations.models import AssistanceRecord, HelperTest
from gasdesk.regulations.services.assistance import (
    AssistanceInput,
    record_assistance,
    record_helper_test,
)


def test_help3_document_check_lists_missing_documents_with_how_to_obtain(aode: Any) -> None:
    """HELP-3: incomplete documents are listed at once with the way to obtain each."""
    data = AssistanceInput(
        org_unit=aode.centre,
        service="document_check",
        customer_name="某某餐饮有限公司",
        matter_code="commercial_connection",
        provided=("business_licence", "legal_rep_id", "site_rights", "fire_approval"),
    )
    record = record_assistance(data, by=aode.agent)
    stored = AssistanceRecord.objects.get(pk=record.pk)
    assert stored.documents_complete is False
    assert stored.missing_documents == [
        {"code": "power_of_attorney", "name": "经办人授权委托书", "how_to_obtain": "营业厅领取模板"}
    ]


@pytest.mark.parametrize(("score", "days"), [(84, 1), (85, 0)])
def test_help4_score_below_85_means_one_day_off_post(aode: Any, score: int, days: int) -> None:
    """HELP-4: below 85 → 1 day of off-post study."""
    test = record_helper_test(aode.agent, by=aode.manager, taken_on=date(2026, 11, 30), score=score)
    assert HelperTest.objects.get(pk=test.pk).off_post_study_days == days


def test_help4_agent_may_not_record_tests(aode: Any) -> None:
    with pytest.raises(PermissionDeniedRule):
        record_helper_test(aode.agent, by=aode.agent, taken_on=date(2026, 11, 30), score=90)
    assert not HelperTest.objects.exists()
