"""The service organisation page (ORG-2…7): bodies, posts, gaps and levels of the company."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.core.errors import PermissionDeniedRule
from gasdesk.org.bodies import BodyPosition
from gasdesk.org.models import BodyMembership, OrgUnit, User
from gasdesk.org.roles import Role, has_role, require_role
from gasdesk.org.services import appoint, dismiss
from gasdesk.standards.organisation import body_statuses, gaps_of, management_levels

READERS = (Role.MANAGER, Role.SPECIALIST, Role.SYSADMIN)


def _company(user: User) -> OrgUnit:
    require_role(user, *READERS)
    unit = user.org_unit
    if unit is None or unit.company is None:
        raise PermissionDeniedRule("用户未分配所属公司")
    return unit.company


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    company = _company(user)
    now = timezone.now()
    statuses = body_statuses(company, now)
    context = {
        "company": company,
        "statuses": statuses,
        "gaps": gaps_of(statuses),
        "levels": management_levels(company, now),
        "can_appoint": has_role(user, Role.MANAGER, Role.SYSADMIN),
        "staff": User.objects.filter(org_unit__company=company, is_active=True).order_by(
            "display_name", "username"
        ),
        "positions": BodyPosition.choices,
    }
    return render(request, "standards/organisation.html", context)


@login_required
@require_POST
def appoint_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    company = _company(user)
    rules = {str(s.rule.kind): s.rule for s in body_statuses(company, timezone.now())}
    rule = rules.get(request.POST.get("kind", ""))
    chosen = request.POST.get("user", "")
    staff = User.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    position = request.POST.get("position", "")
    if rule is None or staff is None or position not in BodyPosition.values:
        messages.error(request, _("请选择服务标准包中的机构、本公司人员和职务"))
        return redirect("standards:organisation")
    appoint(company, rule.kind, staff, position, by=user, body_name=rule.name)
    messages.success(request, _("已任命 %(user)s") % {"user": staff})
    return redirect("standards:organisation")


@login_required
@require_POST
def dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    company = _company(user)
    membership = get_object_or_404(BodyMembership, pk=pk, body__company=company)
    dismiss(membership, by=user)
    messages.success(request, _("已免职 %(user)s") % {"user": membership.user})
    return redirect("standards:organisation")
