"""Table rows of the register pages: translated headers and display cells (no queries)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

Rows = tuple[list[str], list[list[Any]]]


def _link(text: object, name: str, pk: int) -> dict[str, object]:
    return {"text": text, "url": reverse(name, args=[pk])}


def department_rows(page: Any, subjects: Any) -> Rows:
    """ASSESS-3: period, department, inputs summary, score, rank, subject, who ran it and when."""
    titles = {s.code: s.title for s in subjects}
    headers = [
        _("类型"), _("期间"), _("部门"), _("月度均分"), _("投诉扣分"), _("分级服务发现"),
        _("得分"), _("排名"), _("评价主体"), _("计算人"), _("计算时间"),
    ]  # fmt: skip
    rows = [
        [
            e.get_kind_display(),
            f"{e.period_start:%Y-%m-%d} – {e.period_end:%Y-%m-%d}",
            _link(e.org_unit.name, "quality:evaluation_detail", e.pk),
            e.result.get("monthly_mean"),
            e.result.get("complaint_deduction"),
            e.result.get("tier_breach_findings"),
            e.published,
            e.rank,
            titles.get(e.subject, e.subject) or None,
            e.computed_by.username if e.computed_by else None,
            f"{e.computed_at:%Y-%m-%d %H:%M}",
        ]
        for e in page
    ]
    return headers, rows


def award_rows(page: Any) -> Rows:
    headers = [_("奖项"), _("期间"), _("获奖单位/班组"), _("获奖人"), _("评定日期"), _("事迹")]
    rows = [
        [
            a.get_kind_display(),
            a.period,
            a.org_unit.name,
            a.person.username if a.person else None,
            f"{a.awarded_on:%Y-%m-%d}",
            a.reason,
        ]
        for a in page
    ]
    return headers, rows


def improvement_rows(page: Any) -> Rows:
    headers = [_("改进事项"), _("实施单位"), _("驱动因素"), _("当前环节"), _("成果固化")]
    rows = [
        [
            _link(i.title, "quality:improvement_detail", i.pk),
            i.org_unit.name,
            i.get_driver_display(),
            i.get_step_display(),
            _("是") if i.is_success else _("否"),
        ]
        for i in page
    ]
    return headers, rows


def sanction_rows(page: Any, rules: Any) -> Rows:
    causes = {c.code: c.title for c in rules.causes} if rules else {}
    outcomes = {o.code: o.title for o in rules.outcomes} if rules else {}
    headers = [
        _("当事人"),
        _("部门"),
        _("事由"),
        _("处理结果"),
        _("金额"),
        _("处理日期"),
        _("事实"),
    ]
    rows = [
        [
            s.staff.username,
            s.org_unit.name,
            causes.get(s.cause, s.cause),
            outcomes.get(s.outcome, s.outcome),
            s.amount,
            f"{s.decided_on:%Y-%m-%d}",
            s.facts,
        ]
        for s in page
    ]
    return headers, rows


def wait_rows(page: Any) -> Rows:
    headers = [_("营业厅/服务网点"), _("抽样时间"), _("排队号/客户"), _("等待时间（分钟）")]
    rows = [
        [
            w.org_unit.name,
            f"{w.sampled_at:%Y-%m-%d %H:%M}",
            w.ticket or None,
            round(w.wait_seconds / 60, 1),
        ]
        for w in page
    ]
    return headers, rows
