"""Time-limited completion (TLC-1…3): deadlines, replies, escalation to the leader."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.core.errors import RuleViolation
from gasdesk.regulations.jobs import escalate_overdue_matters
from gasdesk.regulations.models import PromisedMatter, PromiseEvent
from gasdesk.regulations.selectors import leader_overdue_matters
from gasdesk.regulations.services.promises import complete_matter, explain_delay
from gasdesk.regulations.tests.factories import make_promise

FRI_1600 = datetime(2026, 11, 20, 16, 0, tzinfo=SHANGHAI)


def test_tlc2_matter_without_limit_due_in_3_working_days(aode: Any) -> None:
    """TLC-2: Fri 20 Nov 16:00 + 3 WD → Wed 25 Nov 24:00, with a written reply required."""
    with time_machine.travel(FRI_1600, tick=False):
        matter = make_promise(by=aode.agent, org_unit=aode.centre)
    assert matter.due_at == datetime(2026, 11, 26, 0, 0, tzinfo=SHANGHAI)
    assert (matter.limit_basis["amount"], matter.limit_basis["unit"]) == (3, "working_days")
    assert matter.written_reply_required is True


def test_tlc1_stated_limit_wins(aode: Any) -> None:
    due = FRI_1600 + timedelta(days=1)
    with time_machine.travel(FRI_1600, tick=False):
        matter = make_promise(
            by=aode.agent, org_unit=aode.centre, due_at=due, origin="told_customer"
        )
    assert matter.due_at == due
    assert matter.limit_basis["kind"] == "stated"


def test_tlc2_completion_needs_a_written_reply(aode: Any) -> None:
    with time_machine.travel(FRI_1600, tick=False):
        matter = make_promise(by=aode.agent, org_unit=aode.centre)
        with pytest.raises(RuleViolation) as error:
            complete_matter(matter, by=aode.agent, reply="")
    assert error.value.field == "reply"
    matter.refresh_from_db()
    assert matter.status == "open"


def test_tlc3_overdue_matter_escalates_once_and_must_state_a_reason(aode: Any) -> None:
    """TLC-1/3: past Wed 24:00 the job escalates it to the leader; completion needs a reason."""
    with time_machine.travel(FRI_1600, tick=False):
        matter = make_promise(by=aode.agent, org_unit=aode.centre)
    late = datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI)
    assert escalate_overdue_matters(datetime(2026, 11, 26, 0, 0, tzinfo=SHANGHAI)) == 0
    assert escalate_overdue_matters(late) == 1
    assert escalate_overdue_matters(late) == 0
    assert list(leader_overdue_matters(aode.manager, late)) == [matter]
    with time_machine.travel(late, tick=False):
        with pytest.raises(RuleViolation) as error:
            complete_matter(matter, by=aode.agent, reply="已核实")
        assert error.value.field == "overdue_reason"
        matter.refresh_from_db()
        explain_delay(matter, by=aode.agent, reason="需供应商出具检测报告")
        complete_matter(matter, by=aode.agent, reply="已核实，退还多收费用", informed_how="written")
    stored = PromisedMatter.objects.get(pk=matter.pk)
    assert stored.status == "done"
    kinds = list(PromiseEvent.objects.filter(matter=matter).values_list("kind", flat=True))
    assert kinds == ["PROMISED", "ESCALATED", "REASON_STATED", "COMPLETED"]
