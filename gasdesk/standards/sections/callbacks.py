"""Callback rules (CB-1…CB-16): who runs callbacks, sampling groups and ratios, 100 % rules, due
dates, retries, follow-up forms, the items asked on a callback, the service levels that call back
and the second-callback programme of 002.

Owned by the callbacks app; the algorithms that read these numbers live in
`gasdesk/callbacks/sampling.py` and `gasdesk/callbacks/programme.py`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from gasdesk.business_calendar.units import Unit
from gasdesk.org.roles import Role
from gasdesk.standards.schema_base import CustomerFlag, Frozen, Tier

_CODE = r"^[a-z][a-z0-9_]*$"
# The org tree's levels (org.models.OrgUnitKind values; a test keeps the two in step).
OrgKind = Literal["group", "company", "division", "unit", "department", "team"]


def _known_roles(value: tuple[str, ...]) -> tuple[str, ...]:
    unknown = sorted(set(value) - set(Role.values))
    if unknown:
        raise ValueError(f"unknown role codes: {', '.join(unknown)}")
    return value


RoleCodes = Annotated[tuple[str, ...], AfterValidator(_known_roles), Field(min_length=1)]

# Documents stored before CB-1 / RPT-4 were modelled have no performers or programme roles
# (STD-1: stored versions must still parse); they keep the roles the code had then.
LEGACY_PERFORMER_ROLES = ("callback_agent", "specialist")
LEGACY_PLAN_ROLES = ("callback_agent", "specialist", "dept_admin", "manager")
LEGACY_REVIEW_ROLES = ("manager",)


class Period(Frozen):
    """An amount of a calendar unit (CAL-2…4), e.g. 3 自然日."""

    amount: int = Field(ge=0)
    unit: Unit
    source: str = Field(min_length=1)


class SamplingGroup(Frozen):
    """A callback category (回访业务类别) with its minimum ratio (CB-2, 定额抽样).

    The ratio is a percentage in exact decimal form; sampling.py rounds ⌈N × p / 100⌉ in
    integer arithmetic (CB-4). Business types are codes of the same pack.
    """

    code: str = Field(pattern=_CODE)
    name: str
    business_types: tuple[str, ...] = Field(min_length=1)
    ratio_percent: Decimal = Field(gt=0, le=100)
    source: str = Field(min_length=1)


class FullCallbackRule(Frozen):
    """特殊回访 (CB-3, CB-16): orders matching this rule are all called back (100 %).

    Matches when the customer has any of `flags_any`, or the order's tier is in `tiers`;
    `business_types`, when given, restricts the rule to those types (CB-16: VIP repairs).
    """

    code: str = Field(pattern=_CODE)
    name: str
    flags_any: tuple[CustomerFlag, ...] = ()
    tiers: tuple[Tier, ...] = ()
    business_types: tuple[str, ...] = ()
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _tests_something(self) -> FullCallbackRule:
        if not (self.flags_any or self.tiers):
            raise ValueError(f"full callback rule {self.code}: flags_any or tiers is required")
        return self


class RetryPolicy(Frozen):
    """CB-8 / OQ-16: how a 100 % callback is re-dialled before it counts as unreachable."""

    max_attempts: int = Field(ge=1)
    min_distinct_days: int = Field(ge=1)
    min_gap_minutes: int = Field(ge=0)
    source: str = Field(min_length=1)


class Performers(Frozen):
    """CB-1: the unit that owns callbacks (归口部门) and the roles that make and record them.

    Every callback write checks the caller's roles against `roles`, so a company whose
    callbacks are run by one office cannot have them recorded by anyone else.
    """

    owner: str = Field(min_length=1)
    roles: RoleCodes
    source: str = Field(min_length=1)


class CallbackQuestion(Frozen):
    """One item asked on the callback record form (回访内容, CB-10); `groups`, when given,
    limits it to tasks of those callback groups or 100 % rules (e.g. complaint handling)."""

    code: str = Field(pattern=_CODE)
    text: str = Field(min_length=1)
    answer: Literal["yes_no", "text"] = "yes_no"
    groups: tuple[str, ...] = ()
    source: str = Field(min_length=1)


class ServiceLevel(Frozen):
    """CB-15: one of the service levels that call back (三级回访). A caller belongs to the
    level of the nearest unit on his org path whose kind is in `org_kinds`."""

    level: int = Field(ge=1)
    name: str = Field(min_length=1)
    org_kinds: tuple[OrgKind, ...] = Field(min_length=1)
    source: str = Field(min_length=1)


class ProgrammeStep(Frozen):
    """One kind of planned callback of the second-callback programme (CB-12)."""

    kind: Literal["after_sale", "maintenance"]
    name: str
    first_within_months: int = Field(ge=1)
    repeat_every_months: int | None = Field(default=None, ge=1)
    repeat_for_months: int | None = Field(default=None, ge=1)  # the warranty (OQ-25)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _repeat_complete(self) -> ProgrammeStep:
        if (self.repeat_every_months is None) != (self.repeat_for_months is None):
            raise ValueError(f"{self.kind}: repeat_every_months and repeat_for_months go together")
        return self


class Programme(Frozen):
    """二次回访制度 (CB-12…14): plans, records and a report reviewed by the supervisor."""

    steps: tuple[ProgrammeStep, ...] = Field(min_length=1)
    plan_roles: RoleCodes = LEGACY_PLAN_ROLES  # 工作人员: plan, record, report
    review_roles: RoleCodes = LEGACY_REVIEW_ROLES  # 主管领导: review the report
    # Written by releases before review_roles; a report is always reviewed (RPT-4), so only
    # `true` is accepted.
    requires_review: Literal[True] = True
    source: str = Field(min_length=1)

    @field_validator("steps")
    @classmethod
    def _one_step_per_kind(cls, value: tuple[ProgrammeStep, ...]) -> tuple[ProgrammeStep, ...]:
        kinds = [s.kind for s in value]
        if len(kinds) != len(set(kinds)):
            raise ValueError("one programme step per kind")
        return value


class CallbackRules(Frozen):
    """The callbacks section of a pack (CB)."""

    performers: Performers | None = None  # CB-1 (None only in documents stored before it)
    groups: tuple[SamplingGroup, ...] = Field(min_length=1)
    full_callbacks: tuple[FullCallbackRule, ...] = ()
    due_after_service: Period  # CB-5: 服务结束后3个自然日内
    follow_up_due: Period  # CB-11: 相关部门需在3个自然日内完成处理
    retry: RetryPolicy  # CB-8
    questions: tuple[CallbackQuestion, ...] = ()  # CB-10
    levels: tuple[ServiceLevel, ...] = ()  # CB-15 (003 only)
    programme: Programme | None = None  # CB-12…14 (002 only)
    source: str = ""

    @model_validator(mode="after")
    def _each_type_in_one_group(self) -> CallbackRules:
        seen: dict[str, str] = {}
        for group in self.groups:
            for code in group.business_types:
                if code in seen:
                    raise ValueError(
                        f"business type {code} is in groups {seen[code]} and {group.code}"
                    )
                seen[code] = group.code
        codes = [g.code for g in self.groups] + [r.code for r in self.full_callbacks]
        if len(codes) != len(set(codes)):
            raise ValueError("group and full-callback rule codes must be unique")
        for question in self.questions:
            if not set(question.groups) <= set(codes):
                raise ValueError(f"question {question.code} names an unknown callback group")
        if len({q.code for q in self.questions}) != len(self.questions):
            raise ValueError("question codes must be unique")
        if len({lv.level for lv in self.levels}) != len(self.levels):
            raise ValueError("one entry per service level")
        return self

    def performer_roles(self) -> tuple[str, ...]:
        """CB-1: the roles that make and record callbacks."""
        return self.performers.roles if self.performers else LEGACY_PERFORMER_ROLES

    def group_of(self, business_type: str) -> SamplingGroup | None:
        for group in self.groups:
            if business_type in group.business_types:
                return group
        return None
