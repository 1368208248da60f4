"""The hall's public notice board (NOTIFY-6): per matter, the materials, procedure and time limit
from the pack in force. No login: it hangs in the hall and on the self-service page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gasdesk.core.errors import RuleViolation
from gasdesk.regulations.services.common import section_in_force


def notice_board(request: HttpRequest, company: str) -> HttpResponse:
    """Public read of one company's published matters (the same text the notices copy)."""
    try:
        loaded, rules = section_in_force(company, timezone.now())
    except RuleViolation:
        raise Http404(_("没有该公司的公告栏")) from None
    context = {
        "company_name": loaded.pack.company_name,
        "version": loaded.record.version,
        "matters": rules.notification.matters,
    }
    return render(request, "regulations/notice_board.html", context)
