"""Plain factories for the regulations records, through the services like the UI."""

from __future__ import annotations

from typing import Any

from gasdesk.org.models import OrgUnit, User
from gasdesk.regulations.models import Appointment, PromisedMatter
from gasdesk.regulations.services.appointments import AppointmentRequest, request_appointment
from gasdesk.regulations.services.promises import PromiseInput, promise_matter


def make_appointment(*, by: User, org_unit: OrgUnit, **overrides: Any) -> Appointment:
    data = AppointmentRequest(
        org_unit=org_unit,
        applicant_name=overrides.pop("applicant_name", "包女士"),
        applicant_phone=overrides.pop("applicant_phone", "13947512345"),
        channel=overrides.pop("channel", "phone"),
        kind=overrides.pop("kind", "counter"),
        matter=overrides.pop("matter", "工作时间外办理开户通气"),
        **overrides,
    )
    return request_appointment(data, by=by)


def make_promise(*, by: User, org_unit: OrgUnit, **overrides: Any) -> PromisedMatter:
    data = PromiseInput(
        org_unit=org_unit,
        title=overrides.pop("title", "核查燃气费异常"),
        origin=overrides.pop("origin", "customer_feedback"),
        responsible=overrides.pop("responsible", by),
        customer_name=overrides.pop("customer_name", "包女士"),
        **overrides,
    )
    return promise_matter(data, by=by)
