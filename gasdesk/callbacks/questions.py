"""What a callback asks and who calls (CB-10, CB-15). Pure: pack rules and plain values in.

The items of the callback record form come from the pack (服务质量、服务标准执行情况、业务办理
及时性、投诉处理过程和结果、用户建议); a yes/no item answered "no" is a complaint about the
service, so the result cannot be 满意 (CB-9: satisfied only with no complaint at all).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gasdesk.core.errors import RuleViolation
from gasdesk.standards.sections.callbacks import CallbackQuestion, CallbackRules, ServiceLevel

YES, NO = "yes", "no"


def questions_for(rules: CallbackRules, group_code: str) -> list[CallbackQuestion]:
    """The items asked on a task of `group_code`: general ones and those of its group."""
    return [q for q in rules.questions if not q.groups or group_code in q.groups]


def checked_answers(
    questions: Sequence[CallbackQuestion], answers: Mapping[str, str], *, satisfied: bool
) -> dict[str, str]:
    """The answers to keep (blank ones dropped), or RuleViolation naming the item.

    Unknown items and yes/no items answered with anything else are refused; a "no" with a
    satisfied result is refused (CB-9).
    """
    by_code = {q.code: q for q in questions}
    kept: dict[str, str] = {}
    for code, raw in answers.items():
        value = (raw or "").strip()
        if not value:
            continue
        question = by_code.get(code)
        if question is None:
            raise RuleViolation("answers", f"本次回访没有回访项目“{code}”")
        if question.answer == "yes_no" and value not in (YES, NO):
            raise RuleViolation("answers", f"“{question.text}”请回答是或否")
        kept[code] = value
    denied = [by_code[c].text for c, v in kept.items() if by_code[c].answer == "yes_no" and v == NO]
    if satisfied and denied:
        raise RuleViolation("satisfied", f"客户对“{denied[0]}”回答否，回访结果应为不满意")
    return kept


def service_level(levels: Sequence[ServiceLevel], path_kinds: Sequence[str]) -> ServiceLevel | None:
    """CB-15: the level of a caller whose unit and ancestors have `path_kinds` (nearest first):
    the level of the nearest unit whose kind a level lists; None when none does."""
    for kind in path_kinds:
        for level in levels:
            if kind in level.org_kinds:
                return level
    return None
