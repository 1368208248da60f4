"""Pages that create evaluations and surveys, run department assessments and keep the registers
(SCORE-1…13, SURV-4/5, KPI-8, ASSESS-1/3/5/6/7).

Thin: a form parses, a service checks role/scope/pack and writes, a selector lists. A user
without the role gets 403 on GET as well (the list selectors check it), so the menu and the
page agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import has_role, require_role
from gasdesk.org.scoping import scope_root
from gasdesk.quality import forms_assessment as f
from gasdesk.quality import register_selectors as sel
from gasdesk.quality import register_services as reg
from gasdesk.quality.assessment_services import SurveyInput, create_survey, record_award
from gasdesk.quality.department_assessment import AssessmentRun, assess_departments
from gasdesk.quality.evaluation_services import EVALUATORS, EvaluationEntry, evaluate_unit
from gasdesk.quality.kpi.figures import Period, period_containing
from gasdesk.quality.models_register import ImprovementStep
from gasdesk.quality.supervision_services import INSPECTORS
from gasdesk.quality.views_rows import (
    award_rows,
    department_rows,
    improvement_rows,
    sanction_rows,
    wait_rows,
)
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.schema import Pack

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _guard(check: Callable[..., Any], *args: Any) -> Any:
    try:
        return check(*args)
    except PermissionDeniedRule as error:
        raise PermissionDenied(error.message) from error


def _units(user: User) -> Any:
    root = scope_root(user)
    return OrgUnit.objects.subtree(root).order_by("path") if root else OrgUnit.objects.all()


def _people(user: User) -> Any:
    return User.objects.filter(org_unit__in=_units(user)).order_by("username")


def _company(user: User) -> OrgUnit:
    if user.org_unit is None or user.org_unit.company is None:
        raise PermissionDenied(_("用户未分配单位"))
    return user.org_unit.company


def _pack(user: User) -> Pack:
    return pack_for_unit(_company(user), timezone.now()).pack


def _save(form: Any, write: Callable[[], Any]) -> Any:
    """Run the service; a RuleViolation becomes the named field's error (nothing written)."""
    try:
        return write()
    except PermissionDeniedRule as error:
        raise PermissionDenied(error.message) from error
    except RuleViolation as error:
        add_rule_error(form, error)
    return None


def _submitted(request: HttpRequest, form: Any, write: Callable[[dict[str, Any]], Any]) -> Any:
    """What the service wrote for a valid POSTed form; None for a GET, an invalid form or a
    refused rule (then on the form)."""
    if form is None or request.method != "POST" or not form.is_valid():
        return None
    return _save(form, lambda: write(form.cleaned_data))


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _render(request: HttpRequest, testid: str, title: str, **context: Any) -> HttpResponse:
    context = {"testid": testid, "title": title, **context}
    return render(request, "quality/assessment/register.html", context)


def _choices(items: Any) -> list[tuple[str, str]]:
    return [(i.code, i.title) for i in items]


@login_required
def evaluation_new(request: HttpRequest) -> HttpResponse:
    """SCORE-1…13: a unit's period scored from the system's figures (manual rows on detail)."""
    user = _user(request)
    _guard(require_role, user, *EVALUATORS)
    scope = _pack(user).scorecard
    manual = (
        [i for i in scope.table.items() if i.rule.kind == "manual"] if scope and scope.table else []
    )
    form = f.EvaluationForm(request.POST or None, units=_units(user), manual_items=manual)
    methods = scope.scope.methods if scope and scope.scope else ()
    form.fields["method"].choices = [("", "—"), *_choices(methods)]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scores, skipped = form.entry_parts()
        entry = EvaluationEntry(
            manual=scores, not_applicable=skipped, reason=data["reason"], method=data["method"]
        )
        saved = _save(form, lambda: _evaluate(user, data, entry))
        if saved is not None:
            return redirect("quality:evaluation_detail", pk=saved.pk)
    return _render(request, "evaluation", _("新建千分制评价"), form=form, submit=_("计算并保存"))


def _evaluate(user: User, data: dict[str, Any], entry: EvaluationEntry) -> Any:
    period = _period(data["period_kind"], data["year"], data["number"])
    return evaluate_unit(user, data["unit"], period, now=timezone.now(), entry=entry)


def _period(kind: str, year: int, number: int | None) -> Period:
    if kind == "year":
        return period_containing(dt.date(year, 1, 1), "year")
    limit = 12 if kind == "month" else 4
    if number is None or not 1 <= number <= limit:
        raise RuleViolation("number", _("请填写月份（1–12）或季度（1–4）"))
    month = number if kind == "month" else 3 * number - 2
    return period_containing(dt.date(year, month, 1), kind)  # type: ignore[arg-type]


@login_required
def department_assessments(request: HttpRequest) -> HttpResponse:
    """ASSESS-1/3: run a quarter or year for every department; the stored snapshots, ranked."""
    user = _user(request)
    page = _page(request, _guard(sel.department_assessments, user))
    form = f.DepartmentRunForm(request.POST or None) if has_role(user, *EVALUATORS) else None
    scope = _pack(user).scorecard
    subjects = scope.scope.subjects if scope and scope.scope else ()
    if form is not None:
        form.fields["subject"].choices = [("", "—"), *_choices(subjects)]  # type: ignore[attr-defined]

    def run(data: dict[str, Any]) -> Any:
        return assess_departments(user, _company(user), AssessmentRun(**data), now=timezone.now())

    if _submitted(request, form, run):
        return redirect("quality:department_assessments")
    headers, rows = department_rows(page, subjects)
    return _render(
        request, "departments", _("部门季度/年度考核"), form=form, headers=headers, rows=rows,
        page=page, submit=_("运行考核"), intro=_scope_intro(scope),
    )  # fmt: skip


def _scope_intro(scorecard: Any) -> str:
    scope = scorecard.scope if scorecard else None
    if scope is None:
        return ""
    return _("评价主体：%(subjects)s；评价内容：%(content)s") % {
        "subjects": "、".join(s.title for s in scope.subjects),
        "content": "、".join(scope.content),
    }


@login_required
def survey_new(request: HttpRequest) -> HttpResponse:
    """SURV-4: plan a survey and write its questionnaire; answers are entered on its page."""
    user = _user(request)
    _guard(require_role, user, *INSPECTORS)
    form = f.SurveyForm(request.POST or None, units=_units(user))
    saved = _submitted(request, form, lambda data: _create_survey(user, data))
    if saved is not None:
        return redirect("quality:survey_detail", pk=saved.pk)
    return _render(request, "survey", _("新建满意度调查"), form=form, submit=_("创建调查"))


def _create_survey(user: User, data: dict[str, Any]) -> Any:
    questions = [q.strip() for q in data["questions"].splitlines() if q.strip()]
    plan = SurveyInput(
        title=data["title"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        questions=questions,
        overall=data["overall"],
        method=data["method"],
        organiser=data["organiser"],
        target_customers=data["target_customers"],
        sample_size=data["sample_size"],
    )
    return create_survey(user, data["unit"], plan, now=timezone.now())


@login_required
def awards(request: HttpRequest) -> HttpResponse:
    """ASSESS-5: awards recorded, with the monthly service-star selection and team awards."""
    user = _user(request)
    page = _page(request, _guard(sel.award_list, user))
    form = None
    if has_role(user, *EVALUATORS):
        form = f.AwardForm(request.POST or None, units=_units(user), people=_people(user))
    award = lambda d: record_award(  # noqa: E731
        user, d["unit"], kind=d["kind"], period=d["period"], awarded_on=d["awarded_on"],
        person=d["person"], reason=d["reason"],
    )  # fmt: skip
    if _submitted(request, form, award):
        return redirect("quality:awards")
    headers, rows = award_rows(page)
    return _render(
        request, "awards", _("服务奖项"), form=form, headers=headers, rows=rows, page=page
    )


@login_required
def improvements(request: HttpRequest) -> HttpResponse:
    """ASSESS-6: the improvement and innovation register."""
    user = _user(request)
    page = _page(request, _guard(sel.improvement_list, user))
    form = None
    if has_role(user, *reg.REGISTRARS):
        form = f.ImprovementForm(request.POST or None, units=_units(user))
    register = lambda d: reg.register_improvement(  # noqa: E731
        user, reg.ImprovementInput(**d), now=timezone.now()
    )
    if _submitted(request, form, register):
        return redirect("quality:improvements")
    headers, rows = improvement_rows(page)
    return _render(
        request, "improvements", _("改进创新登记"), form=form, headers=headers, rows=rows, page=page
    )


@login_required
def improvement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """ASSESS-6: one improvement, its history and the form closing the current step."""
    user = _user(request)
    item = get_object_or_404(_guard(sel.improvement_list, user), pk=pk)
    form = f.StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = reg.StepOutcome(
            **{**form.cleaned_data, "benefits": tuple(form.cleaned_data["benefits"])}
        )
        if _save(form, lambda: reg.advance_improvement(user, item, outcome, now=timezone.now())):
            return redirect("quality:improvement_detail", pk=pk)
    done = item.step == list(ImprovementStep)[-1]
    context = {
        "item": item,
        "form": None if done else form,
        "events": item.events.select_related("by"),
    }
    return render(request, "quality/assessment/improvement_detail.html", context)


@login_required
def sanctions(request: HttpRequest) -> HttpResponse:
    """ASSESS-7: disciplinary outcomes and commendations recorded against staff."""
    user = _user(request)
    page = _page(request, _guard(sel.sanction_list, user))
    scorecard = _pack(user).scorecard
    rules = scorecard.discipline if scorecard else None
    form = None
    if rules is not None and has_role(user, *EVALUATORS):
        form = f.SanctionForm(request.POST or None, units=None, people=_people(user))
        form.fields["cause"].choices = _choices(rules.causes)  # type: ignore[attr-defined]
        form.fields["outcome"].choices = _choices(rules.outcomes)  # type: ignore[attr-defined]
    sanction = lambda d: reg.record_sanction(user, reg.SanctionInput(**d), now=timezone.now())  # noqa: E731
    if _submitted(request, form, sanction):
        return redirect("quality:sanctions")
    headers, rows = sanction_rows(page, rules)
    intro = "" if rules else _("本公司服务标准包未规定奖惩处理结果")
    return _render(
        request,
        "sanctions",
        _("奖惩记录"),
        form=form,
        headers=headers,
        rows=rows,
        page=page,
        intro=intro,
    )


@login_required
def wait_samples(request: HttpRequest) -> HttpResponse:
    """KPI-8: customers' waiting times sampled on site; the KPI averages them."""
    user = _user(request)
    page = _page(request, _guard(sel.wait_sample_list, user))
    form = None
    if has_role(user, *reg.SAMPLERS):
        form = f.WaitSampleForm(request.POST or None, units=_units(user))
    sample = lambda d: reg.record_wait_sample(  # noqa: E731
        user, d["unit"], sampled_at=d["sampled_at"], wait_minutes=d["wait_minutes"],
        ticket=d["ticket"], now=timezone.now(),
    )  # fmt: skip
    if _submitted(request, form, sample):
        return redirect("quality:wait_samples")
    headers, rows = wait_rows(page)
    return _render(
        request, "waits", _("现场等待抽样"), form=form, headers=headers, rows=rows, page=page
    )


@login_required
def channels(request: HttpRequest) -> HttpResponse:
    """SURV-1/2/5/8: the scope, the channels in use or retired, and their periodic review."""
    user = _user(request)
    _guard(require_role, user, *sel.READERS)
    company = _company(user)
    scorecard = _pack(user).scorecard
    rules = scorecard.supervision if scorecard else None
    form = None
    if rules is not None and has_role(user, *EVALUATORS):
        form = f.ChannelReviewForm(request.POST or None)
        form.fields["channel"].choices = _choices(rules.channels)  # type: ignore[attr-defined]
    review = lambda d: reg.review_channel(user, company, **d, now=timezone.now())  # noqa: E731
    if _submitted(request, form, review):
        return redirect("quality:channels")
    context = {"rules": rules, "states": sel.channel_states(company, rules), "form": form}
    return render(request, "quality/assessment/channels.html", context)
