"""Supervision pages (SURV-3/4, SCORE-6…13): inspections, surveys, evaluations and the what-if.

Thin: forms parse input, services write, selectors read. The what-if page re-scores the stored
inputs with the manager's changes through the pure scorer and saves nothing.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.scoping import scope_root
from gasdesk.quality import supervision_selectors as sel
from gasdesk.quality.models_supervision import (
    EvaluationKind,
    InspectionKind,
    SatisfactionLevel,
    Survey,
    SurveyResponse,
)
from gasdesk.quality.supervision_scoring import FindingInput, inputs_from_json, what_if
from gasdesk.quality.supervision_services import (
    InspectionInput,
    record_inspection,
    record_response,
)
from gasdesk.quality.whatif_fields import (
    changed_inputs,
    checklist_fields,
    evaluation_table,
    what_if_fields,
)
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.sections.scorecard import ScorecardTable

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _guarded(read: Any, *args: Any) -> Any:
    try:
        return read(*args)
    except PermissionDeniedRule as error:
        raise PermissionDenied(error.message) from error


@login_required
def inspections(request: HttpRequest) -> HttpResponse:
    """检查与神秘顾客: the inspections in scope, newest first."""
    page = _page(request, _guarded(sel.inspection_list, _user(request)))
    return render(request, "quality/supervision/inspections.html", {"page": page})


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = _guarded(sel.inspection_list, _user(request))
    inspection = get_object_or_404(queryset, pk=pk)
    context = {
        "inspection": inspection,
        "findings": inspection.findings.order_by("item_code"),
        "events": inspection.events.select_related("by"),
    }
    return render(request, "quality/supervision/inspection_detail.html", context)


class InspectionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("被检查单位"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("类型"), choices=InspectionKind.choices)
    checklist = forms.ChoiceField(label=_("检查表"))
    inspected_at = forms.DateTimeField(label=_("检查时间"))
    report = forms.CharField(label=_("检查报告"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, units: Any, checklists: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["checklist"].choices = checklists  # type: ignore[attr-defined]


def _table(user: User) -> ScorecardTable:
    if user.org_unit is None:
        raise RuleViolation("unit", "用户未分配单位")
    return sel.scorecard_table(pack_for_unit(user.org_unit, timezone.now()).pack)


def _checklists(table: ScorecardTable) -> list[tuple[str, str]]:
    """The checklists inspectors fill in: groups with per-finding or 酌情 rows."""
    return [
        (g.code, g.title)
        for s in table.sections
        for g in s.groups
        if checklist_fields(table, g.code)
    ]


def _row_inputs(data: Any) -> list[FindingInput]:
    """Rows posted as count_<code>, manual_<code>, evidence_<code>; blank rows are skipped."""
    codes = {k.split("_", 1)[1] for k in data if k.startswith(("count_", "manual_"))}
    rows = []
    for code in sorted(codes):
        count, manual = data.get(f"count_{code}", ""), data.get(f"manual_{code}", "")
        if not count and not manual:
            continue
        rows.append(
            FindingInput(code, int(count or 0), _decimal(manual), data.get(f"evidence_{code}", ""))
        )
    return rows


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text.strip() else None
    except InvalidOperation as error:
        raise RuleViolation("manual", "请输入数字") from error


@login_required
def inspection_new(request: HttpRequest) -> HttpResponse:
    """Record an inspection: pick the checklist, fill in findings per row (SCORE-6)."""
    user = _user(request)
    try:
        table = _table(user)
    except RuleViolation as error:
        raise PermissionDenied(error.message) from error
    choices = _checklists(table)
    root = scope_root(user)
    units = OrgUnit.objects.subtree(root).order_by("path") if root else OrgUnit.objects.none()
    form = InspectionForm(request.POST or None, units=units, checklists=choices)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = record_inspection(user, _inspection_input(form, request.POST))
        except RuleViolation as error:
            add_rule_error(form, error)
        except ValueError:
            form.add_error(None, _("发现次数须为整数"))
        else:
            return redirect("quality:inspection_detail", pk=inspection.pk)
    code = request.POST.get("checklist") or request.GET.get("checklist") or choices[0][0]
    if code not in dict(choices):
        raise PermissionDenied(_("没有该检查表"))
    rows = checklist_fields(table, code)
    context = {"form": form, "rows": rows, "checklist": code}
    return render(request, "quality/supervision/inspection_new.html", context)


def _inspection_input(form: InspectionForm, data: Any) -> InspectionInput:
    values = form.cleaned_data
    return InspectionInput(
        unit=values["unit"],
        kind=values["kind"],
        checklist=values["checklist"],
        inspected_at=values["inspected_at"],
        findings=_row_inputs(data),
        report=values["report"],
    )


@login_required
def evaluations(request: HttpRequest) -> HttpResponse:
    """考核评价: stored scores with grade and rank, per period."""
    page = _page(request, _guarded(sel.evaluation_list, _user(request)))
    return render(request, "quality/supervision/evaluations.html", {"page": page})


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(_guarded(sel.evaluation_list, _user(request)), pk=pk)
    scored = evaluation.kind in (EvaluationKind.UNIT, EvaluationKind.DIVISION)
    context = {
        "evaluation": evaluation,
        # only the 1000-point table has rows to vary; 巢湖's assessments show their inputs
        "inputs": what_if_fields(evaluation) if scored and evaluation.result.get("items") else [],
        "events": evaluation.events.select_related("by"),
    }
    return render(request, "quality/supervision/evaluation_detail.html", context)


@login_required
@require_POST
def evaluation_what_if(request: HttpRequest, pk: int) -> HttpResponse:
    """What-if (htmx): the stored inputs with the posted changes, re-scored; nothing saved."""
    evaluation = get_object_or_404(_guarded(sel.evaluation_list, _user(request)), pk=pk)
    context: dict[str, Any] = {"evaluation": evaluation}
    try:
        table = evaluation_table(evaluation)
        before = inputs_from_json(evaluation.inputs)
        after = inputs_from_json(changed_inputs(evaluation.inputs, request.POST))
        context["result"] = what_if(table, before, after)
    except RuleViolation as error:
        context["error"] = error.message
    return render(request, "quality/supervision/_what_if.html", context)


@login_required
def surveys(request: HttpRequest) -> HttpResponse:
    """满意度调查: each survey with its answered and satisfied counts (one GROUP BY)."""
    page = _page(request, _guarded(sel.survey_list, _user(request)))
    return render(request, "quality/supervision/surveys.html", {"page": page})


class ResponseForm(forms.Form):
    respondent = forms.CharField(label=_("受访者"), max_length=100)


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey's questions and rate; inspectors enter a respondent's answers here (SURV-4)."""
    user = _user(request)
    survey: Survey = get_object_or_404(_guarded(sel.survey_list, user), pk=pk)
    form = ResponseForm(request.POST or None)
    questions = list(survey.questions.all())
    if request.method == "POST" and form.is_valid():
        try:
            answers = {q.position: int(request.POST.get(f"q{q.position}", 0)) for q in questions}
            record_response(
                user,
                survey,
                answers={k: v for k, v in answers.items() if v},
                answered_at=timezone.now(),
                respondent=form.cleaned_data["respondent"],
            )
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            return redirect("quality:survey_detail", pk=pk)
    context = {
        "survey": survey,
        "questions": questions,
        "levels": SatisfactionLevel.choices,
        "form": form,
        "rate": sel.survey_satisfaction(SurveyResponse.objects.filter(survey=survey)),
    }
    return render(request, "quality/supervision/survey_detail.html", context)
