"""INSP-6 and METER-1 results written back to the customer archive (customers.field_updates)
in the same transaction as the campaign record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gasdesk.campaigns.models import (
    Hazard,
    InspectionEvent,
    InspectionPlan,
    InspectionVisit,
    MeterReplacement,
)
from gasdesk.campaigns.services import inspections
from gasdesk.campaigns.services.inspections import (
    generate_inspection_plan,
    record_visit_outcome,
    rectify_hazard,
)
from gasdesk.campaigns.services.meters import complete_replacement, create_meter_campaign
from gasdesk.campaigns.tests.factories import bulk_customers
from gasdesk.core.errors import RuleViolation
from gasdesk.customers.models import Customer, Meter, TierChange
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.models import User

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=SH)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org: Any, packs: Any, dispatcher_a: User) -> InspectionPlan:
    bulk_customers(org.unit_a, 3, category="residential", prefix="H")
    return generate_inspection_plan(org.unit_a, 2026, by=dispatcher_a, now=NOW)


def _visit(plan: InspectionPlan) -> InspectionVisit:
    return InspectionVisit.objects.filter(plan=plan).order_by("id")[0]


def test_insp_6_inspection_hazard_flags_the_customer_until_rectified(
    plan: InspectionPlan, dispatcher_a: User
) -> None:
    """INSP-6: a hazard found on inspection makes the customer a hazard customer (CB-3's
    100 % callback reads the flag); the verified rectification clears it; both are logged."""
    visit = _visit(plan)
    record_visit_outcome(visit, outcome="hazard", by=dispatcher_a, now=NOW, hazard_items="胶管老化")
    assert Customer.objects.get(pk=visit.customer_id).flag_hazard is True
    hazard = Hazard.objects.get()
    marked = TierChange.objects.get(customer_id=visit.customer_id)
    assert (marked.kind, marked.reason, marked.by, marked.at) == (
        "hazard_marked",
        "胶管老化",
        dispatcher_a,
        NOW,
    )
    assert marked.data["source"] == f"inspection_hazard:{hazard.pk}"

    rectify_hazard(hazard, by=dispatcher_a, now=NOW)

    assert Customer.objects.get(pk=visit.customer_id).flag_hazard is False
    cleared = TierChange.objects.filter(customer_id=visit.customer_id).latest("id")
    assert (cleared.kind, cleared.data["source"]) == ("hazard_cleared", marked.data["source"])


def test_insp_6_inspection_without_hazard_leaves_the_flag(
    plan: InspectionPlan, dispatcher_a: User
) -> None:
    visit = _visit(plan)
    record_visit_outcome(visit, outcome="inspected", by=dispatcher_a, now=NOW)
    assert Customer.objects.get(pk=visit.customer_id).flag_hazard is False
    assert not TierChange.objects.exists()


def test_insp_6_failed_flag_write_rolls_back_the_visit(
    plan: InspectionPlan, dispatcher_a: User, monkeypatch: Any
) -> None:
    """One transaction: when the archive write fails, the outcome and hazard are not kept."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("archive down")

    monkeypatch.setattr(inspections, "mark_hazard", broken)
    visit = _visit(plan)
    with pytest.raises(RuntimeError):
        record_visit_outcome(
            visit, outcome="hazard", by=dispatcher_a, now=NOW, hazard_items="胶管老化"
        )
    assert InspectionVisit.objects.get(pk=visit.pk).outcome == "pending"
    assert not Hazard.objects.exists()
    assert not InspectionEvent.objects.filter(kind="VISITED").exists()


def test_meter_1_campaign_replacement_is_written_to_the_customer_meters(
    org: Any, packs: Any, dispatcher_a: User
) -> None:
    """METER-1: the replaced meter is retired with the day (its row kept, the campaign row
    still points at it) and the new meter is a new active row, so the next campaign does not
    select the old one again."""
    customer = make_customer(org.unit_a)
    Meter.objects.create(
        customer=customer, meter_no="M-OLD", kind="ordinary", installed_on=date(2015, 1, 1)
    )
    campaign = create_meter_campaign(
        org.unit_a, title="", as_of=date(2026, 11, 26), by=dispatcher_a, now=NOW
    )
    row = MeterReplacement.objects.get(campaign=campaign)

    complete_replacement(row, by=dispatcher_a, new_meter_no="M-NEW", new_kind="smart", now=NOW)

    old = Meter.objects.get(customer=customer, meter_no="M-OLD")
    assert old.retired_on == date(2026, 11, 20)
    assert row.meter_id == old.pk
    meter = Meter.objects.active().get(customer=customer)
    assert (meter.meter_no, meter.kind, meter.installed_on) == (
        "M-NEW",
        "smart",
        date(2026, 11, 20),
    )
    change = TierChange.objects.get(customer=customer, kind="meter_replaced")
    assert change.data["retired"]["meter_no"] == "M-OLD"
    assert change.data["retired"]["retired_on"] == "2026-11-20"
    assert change.data["source"] == f"meter_replacement:{row.pk}"
    again = create_meter_campaign(
        org.unit_a, title="", as_of=date(2026, 11, 26), by=dispatcher_a, now=NOW
    )
    assert again.planned_count == 0


def test_meter_1_replacement_refused_by_the_archive_changes_nothing(
    org: Any, packs: Any, dispatcher_a: User
) -> None:
    """A new number equal to the old one is refused; the campaign row stays pending."""
    customer = make_customer(org.unit_a)
    Meter.objects.create(
        customer=customer, meter_no="M-OLD", kind="ordinary", installed_on=date(2015, 1, 1)
    )
    campaign = create_meter_campaign(
        org.unit_a, title="", as_of=date(2026, 11, 26), by=dispatcher_a, now=NOW
    )
    row = MeterReplacement.objects.get(campaign=campaign)
    with pytest.raises(RuleViolation) as error:
        complete_replacement(row, by=dispatcher_a, new_meter_no="M-OLD", now=NOW)
    assert error.value.field == "new_meter_no"
    assert MeterReplacement.objects.get(pk=row.pk).status == "pending"
    assert not TierChange.objects.exists()
