"""What every regulations page shares: the user, their company's rules, 404 outside scope."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit, User
from gasdesk.regulations.services.common import rules_for_unit
from gasdesk.standards.sections.regulations import RegulationRules

M = TypeVar("M", bound=models.Model)
PAGE_ROWS = 100  # list pages show the newest rows; the API pages through the rest


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def desk_unit(request: HttpRequest) -> OrgUnit:
    """Pages write for the user's own unit (the counter they sit at)."""
    unit = user_of(request).org_unit
    if unit is None:
        raise Http404(_("用户未分配所属单位"))
    return unit


def desk_rules(request: HttpRequest) -> RegulationRules:
    try:
        return rules_for_unit(desk_unit(request), timezone.now())[1]
    except RuleViolation as error:
        raise Http404(error.message) from None


def in_scope_or_404(qs: models.QuerySet[M], pk: Any) -> M:
    """One record of a scoped queryset; outside the scope it does not exist for the user."""
    record = qs.filter(pk=pk).first()
    if record is None:
        raise Http404(_("记录不存在或不在您的组织范围内"))
    return record
