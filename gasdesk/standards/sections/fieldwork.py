"""Field-work rules (DSP-1/2, CAL-6, EMG-1…3): who must sign for an order by when, which
business types are emergencies (抢险) and how early the duty leader is warned.

The arrival and clearance times of emergencies (EMG-1/2) are the business types' own
commitments; this section only says which types those are. The pool sign-by time (CAL-6) is
`calendar.pool_sign_by`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from gasdesk.standards.schema_base import Frozen


class FaultClass(StrEnum):
    """Emergency classes the dispatcher chooses at alarm intake (EMG-2, OQ-9)."""

    LEAK = "leak"  # 燃气泄漏报警
    GENERAL = "general"  # 输气管网一般故障
    MAJOR = "major"  # 输气管网大故障


class AcceptanceRules(Frozen):
    """DSP-1/2: prompt classes are signed for within `prompt_minutes` at any time; the others
    go to the team pool at the end of the day, are signed for by `calendar.pool_sign_by`, and
    the customer is then phoned within `contact_minutes`."""

    prompt_business_types: tuple[str, ...] = ()
    prompt_minutes: int = Field(gt=0)
    contact_minutes: int = Field(gt=0)
    source: str = Field(min_length=1)


class EmergencyRules(Frozen):
    """EMG-1…3: the alarm's business type per fault class and the escalation lead time."""

    business_types: dict[FaultClass, str]
    escalate_before_minutes: int = Field(ge=0)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _leak_is_mapped(self) -> EmergencyRules:
        if FaultClass.LEAK not in self.business_types:
            raise ValueError("emergency.business_types must map `leak` (the alarm itself)")
        return self


class FieldworkRules(Frozen):
    acceptance: AcceptanceRules
    emergency: EmergencyRules | None = None
