"""The assistance desk's duty roster (HELP-1/2): plan a day, cover an absence, record on post."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.core.errors import RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.regulations import selectors
from gasdesk.regulations.forms import DutyForm, SubstituteForm
from gasdesk.regulations.models import DutyShift
from gasdesk.regulations.services import assistance as svc
from gasdesk.regulations.views.common import desk_rules, desk_unit, in_scope_or_404, user_of

ROSTER_DAYS = 14  # the page shows two weeks from today


@login_required
def duty_roster(request: HttpRequest) -> HttpResponse:
    """HELP-2: the next two weeks of the desk; a leader plans a day (1–2 window helpers)."""
    user = user_of(request)
    form = DutyForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["window_helpers"] = tuple(data["window_helpers"])
        data["full_time_helpers"] = tuple(data["full_time_helpers"])
        try:
            svc.schedule_duty(svc.DutyInput(org_unit=desk_unit(request), **data), by=user)
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("值班已排定"))
            return redirect("regulations:duty")
    today = timezone.localdate()
    context = {
        "form": form,
        "shifts": selectors.duty_roster(user, today, ROSTER_DAYS),
        "substitute_form": SubstituteForm(user=user),
        "rules": desk_rules(request).assistance,
        "today": today,
    }
    return render(request, "regulations/duty.html", context)


@login_required
@require_POST
def duty_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Cover an absence (替岗) or record that the acting helper is on post."""
    user = user_of(request)
    shift = in_scope_or_404(DutyShift.objects.visible_to(user), pk)
    try:
        if action == "substitute":
            form = SubstituteForm(request.POST, user=user)
            if not form.is_valid():
                raise RuleViolation("substitute", _("请选择替岗人员并填写原因"))
            svc.substitute_duty(shift, by=user, **form.cleaned_data)
        elif action == "on_post":
            svc.record_on_post(shift, by=user)
        else:
            raise Http404
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已保存"))
    return redirect("regulations:duty")
