"""Who evaluates whom, supervision channels and disciplinary outcomes (ASSESS-1/7, SURV-1/2/5/8).

Shapes only: the packs list each company's evaluating bodies, the unit kinds evaluated, the
supervision scope and channels, and which outcomes a handbook allows for each kind of failure.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from gasdesk.standards.schema_base import Frozen

SnakeCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class Named(Frozen):
    code: SnakeCode
    title: str = Field(min_length=1)


def _unique(items: tuple[Named, ...]) -> tuple[Named, ...]:
    codes = [i.code for i in items]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise ValueError(f"duplicate codes {dupes}")
    return items


class AssessmentScope(Frozen):
    """ASSESS-1: the evaluating bodies (subjects), the unit kinds evaluated, the content."""

    subjects: tuple[Named, ...] = Field(min_length=1)
    object_kinds: tuple[Literal["division", "unit", "department", "team"], ...] = Field(
        min_length=1
    )
    methods: tuple[Named, ...] = ()  # SCORE-2: self, customer, third-party, government
    content: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()  # 售前、售中、售后
    source: str = ""

    @field_validator("subjects")
    @classmethod
    def _check_subjects(cls, value: tuple[Named, ...]) -> tuple[Named, ...]:
        return _unique(value)


class SupervisionChannel(Named):
    """SURV-2/8: one channel the company collects service-quality information from."""

    side: Literal["internal", "external"]


class SupervisionRules(Frozen):
    """SURV-1 scope and SURV-2/8 channels; SURV-5 reviews may retire a channel (exit)."""

    scope: tuple[str, ...] = Field(min_length=1)
    channels: tuple[SupervisionChannel, ...] = Field(min_length=1)
    source: str = ""

    @field_validator("channels")
    @classmethod
    def _check_channels(cls, value: tuple[Named, ...]) -> tuple[Named, ...]:
        return _unique(value)


class DisciplineCause(Named):
    """ASSESS-7: a kind of failure (or merit) and the outcomes the handbook allows for it."""

    outcomes: tuple[SnakeCode, ...] = Field(min_length=1)
    source: str = ""


class DisciplineRules(Frozen):
    outcomes: tuple[Named, ...] = Field(min_length=1)  # criticism, fine, demerit, …
    causes: tuple[DisciplineCause, ...] = Field(min_length=1)
    source: str = ""

    @field_validator("outcomes")
    @classmethod
    def _check_outcomes(cls, value: tuple[Named, ...]) -> tuple[Named, ...]:
        return _unique(value)

    def cause(self, code: str) -> DisciplineCause:
        for item in self.causes:
            if item.code == code:
                return item
        raise KeyError(code)
