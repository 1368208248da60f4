"""Field-work rules (DSP-1/2/6, CAL-6, EMG-1…3, SMS-2): who must sign for an order by when,
which business types are emergencies (抢险) and how early the duty leader is warned, which
tiers go first in dispatch lists, and what the technician must do before leaving a home.

The arrival and clearance times of emergencies (EMG-1/2) are the business types' own
commitments; this section only says which types those are. The pool sign-by time (CAL-6) is
`calendar.pool_sign_by`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from gasdesk.standards.schema_base import Frozen, Tier


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


class DispatchPriority(Frozen):
    """DSP-6: orders of the `first` tiers head every dispatch list (in this order); among the
    rest, the nearest deadline first and, on equal deadlines, the `on_equal_terms` tiers."""

    first: tuple[Tier, ...] = ()
    on_equal_terms: tuple[Tier, ...] = ()
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _disjoint(self) -> DispatchPriority:
        if set(self.first) & set(self.on_equal_terms):
            raise ValueError("dispatch_priority: a tier is either first or on_equal_terms")
        return self


class CompletionRules(Frozen):
    """SMS-2: before leaving a home the technician hands out safety leaflets and explains safe
    use; when `requires_safety_briefing`, completion needs it confirmed. `briefing_items` are
    shown beside the checkbox."""

    requires_safety_briefing: bool = False
    briefing_items: tuple[str, ...] = ()
    source: str = Field(min_length=1)


class FieldworkRules(Frozen):
    acceptance: AcceptanceRules
    emergency: EmergencyRules | None = None
    dispatch_priority: DispatchPriority | None = None
    completion: CompletionRules | None = None
