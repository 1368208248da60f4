"""Complaint rules (CMP-4…CMP-25): levels, clocks, appeals, deductions, causes, who is
responsible and who receives (CMP-5/6/24), conduct rules (CMP-18), the external commitment (CMP-12).

Only shapes live here; every number is in the pack YAML with its source. The deduction rule of
a level is a closed set of kinds (`per_complaint`, `stepped`) computed by complaints/deductions.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from gasdesk.business_calendar.units import Unit
from gasdesk.org.roles import Role
from gasdesk.standards.schema_base import Frozen


class ComplaintPeriod(Frozen):
    """One clock of the complaint process: amount + unit, with the clause it comes from."""

    amount: int = Field(ge=0)
    unit: Unit
    source: str = Field(min_length=1)


class PerComplaintDeduction(Frozen):
    """`points` for every complaint of the level in the period (CMP-19 levels 1–4)."""

    kind: Literal["per_complaint"] = "per_complaint"
    points: Decimal = Field(ge=0)


class SteppedDeduction(Frozen):
    """Nothing up to `free_up_to` complaints, `first_points` at the next one, then
    `each_beyond_points` for every further complaint (CMP-19 level 5)."""

    kind: Literal["stepped"] = "stepped"
    free_up_to: int = Field(ge=0)
    first_points: Decimal = Field(ge=0)
    each_beyond_points: Decimal = Field(ge=0)


Deduction = Annotated[PerComplaintDeduction | SteppedDeduction, Field(discriminator="kind")]


class ComplaintLevel(Frozen):
    """一级…五级 (CMP-7): definition text, an optional stricter response clock, deduction."""

    level: int = Field(ge=1, le=5)
    name: str
    definition: str
    response: ComplaintPeriod | None = None  # replaces clocks.response (level 1: at once)
    callback_by_committee: bool = False  # CMP-16: called back by a committee leader
    deduction: Deduction
    source: str = Field(min_length=1)


class ComplaintClocks(Frozen):
    """The process clocks, each from its start event (SPEC 5.2)."""

    route: ComplaintPeriod  # CMP-4: copy to the specialist after receipt
    response: ComplaintPeriod  # CMP-9: respond to the customer after receipt
    closure_clear: ComplaintPeriod  # CMP-10: facts clear, after receipt
    closure_investigation: ComplaintPeriod  # CMP-10: investigation / other departments
    solution: ComplaintPeriod  # CMP-11: solution + final date, after acceptance
    callback: ComplaintPeriod  # CMP-15: after closure
    second_callback: ComplaintPeriod  # CMP-15: after the promised final date


class ComplaintCause(Frozen):
    """A cause code for hot-spot analysis (CMP-23); `measure` is the handling measure matching
    the complaint type where the company classifies complaints with measures (CMP-24)."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    measure: str = ""


class ComplaintPosition(Frozen):
    """A post in the company's complaint organisation: its title as the handbook names it, the
    system role that holds it (who is alerted), and its duties (CMP-5, CMP-6, CMP-24)."""

    title: str = Field(min_length=1)
    role: Role
    duties: str = ""


class ComplaintRoles(Frozen):
    """Who is responsible, who receives and handles, and who hears of serious complaints first.

    `receiving` is the post a new complaint is routed to (its role gets the desk alert);
    `named_handler_required` asks for a named responsible person on each complaint before it is
    levelled (CMP-24).
    """

    responsible: ComplaintPosition
    receiving: ComplaintPosition
    departments: str = ""  # what any department receiving a complainant must do (CMP-6)
    escalation: ComplaintPosition | None = None  # CMP-6: image-affecting → main leader first
    named_handler_required: bool = False
    source: str = Field(min_length=1)


class ComplaintTierTargets(Frozen):
    """CMP-25: which `tiers.targets` entries (CUST-7) hold the per-tier complaint targets."""

    response: str = Field(min_length=1)  # response timeliness (投诉响应及时率)
    satisfaction: str = Field(min_length=1)  # handling satisfaction (投诉处理满意率)
    source: str = Field(min_length=1)


class ComplaintRules(Frozen):
    """A company's complaint handling: the numbers behind clocks, appeals and deductions."""

    clocks: ComplaintClocks
    appeal_window: ComplaintPeriod  # CMP-14: after the level is reported to the department
    levels: tuple[ComplaintLevel, ...]
    # CMP-20 / OQ-14: annual deduction = sum of the quarters, or recount on the year's totals.
    annual_deduction: Literal["sum_of_quarters", "recount"] = "sum_of_quarters"
    causes: tuple[ComplaintCause, ...] = ()
    roles: ComplaintRoles | None = None  # CMP-5/6/24; None: routed to the specialist
    conduct: tuple[str, ...] = ()  # CMP-18: rules the handler checks off on the handling page
    conduct_source: str = ""
    # CMP-12: the business type whose published commitments (C11) a complaint is held to.
    external_commitment: str = Field(default="", pattern=r"^([a-z][a-z0-9_]*)?$")
    tier_targets: ComplaintTierTargets | None = None  # CMP-25
    source: str = ""

    @model_validator(mode="after")
    def _five_levels(self) -> ComplaintRules:
        if sorted(lv.level for lv in self.levels) != [1, 2, 3, 4, 5]:
            raise ValueError("complaints.levels must define each of the levels 1–5 once")
        return self

    def level(self, number: int) -> ComplaintLevel:
        return next(lv for lv in self.levels if lv.level == number)

    def cause_codes(self) -> frozenset[str]:
        return frozenset(c.code for c in self.causes)

    def receiving_role(self) -> str:
        """The role a new complaint is routed to (the specialist where no roles are given)."""
        return str(self.roles.receiving.role if self.roles else Role.SPECIALIST)
