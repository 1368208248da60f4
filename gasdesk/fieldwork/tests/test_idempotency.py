"""Idempotent taps: a retried request with the same client token never applies twice."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.core.errors import RuleViolation
from gasdesk.fieldwork.models import ClientRequest, FieldEvent
from gasdesk.fieldwork.services.dispatch import accept_order
from gasdesk.fieldwork.services.idempotency import run_once
from gasdesk.fieldwork.tests.factories import assigned_order
from gasdesk.workorders.models import WorkOrderEvent

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(kunlun):
    order, _ = assigned_order(
        agent=kunlun.agent,
        dispatcher=kunlun.dispatcher,
        technician=kunlun.technician,
        unit=kunlun.unit,
        at=FRI_2140,
    )
    return order


def _accept(order, user):
    def perform():
        accept_order(order, by=user)
        return {"order": order.pk, "status": order.status}

    return perform


def test_retried_tap_with_the_same_token_returns_the_first_result(order, kunlun):
    token = uuid.uuid4()
    with time_machine.travel(FRI_2140, tick=False):
        first = run_once(
            token,
            by=kunlun.technician,
            action="accept",
            order_id=order.pk,
            perform=_accept(order, kunlun.technician),
        )
        again = run_once(
            token,
            by=kunlun.technician,
            action="accept",
            order_id=order.pk,
            perform=_accept(order, kunlun.technician),
        )
    assert first == {"order": order.pk, "status": "accepted"}
    assert again == {**first, "replayed": True}
    assert WorkOrderEvent.objects.filter(order=order, kind="ACCEPTED").count() == 1
    assert FieldEvent.objects.filter(order=order, kind="SIGNED_FOR").count() == 1
    assert ClientRequest.objects.get(token=token).result == first


def test_a_failed_tap_stores_no_token_so_the_retry_runs_again(order, kunlun):
    token = uuid.uuid4()
    with pytest.raises(RuleViolation):
        run_once(
            token,
            by=kunlun.technician_2,
            action="accept",
            order_id=order.pk,
            perform=_accept(order, kunlun.technician_2),
        )
    assert not ClientRequest.objects.exists()
    result = run_once(
        token,
        by=kunlun.technician,
        action="accept",
        order_id=order.pk,
        perform=_accept(order, kunlun.technician),
    )
    assert result["status"] == "accepted"


def test_a_token_reused_for_another_action_is_refused(order, kunlun):
    token = uuid.uuid4()
    run_once(
        token,
        by=kunlun.technician,
        action="accept",
        order_id=order.pk,
        perform=_accept(order, kunlun.technician),
    )
    with pytest.raises(RuleViolation) as error:
        run_once(
            token,
            by=kunlun.technician,
            action="arrive",
            order_id=order.pk,
            perform=lambda: {"never": True},
        )
    assert error.value.field == "client_token"
