"""The top navigation: which desks a user's roles open (SPEC 2.5).

Project-level, like urls.py: it names pages of every app by URL name and imports none of them.
The pages check roles themselves; the menu only hides what a role has no use for.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gasdesk.org.roles import Role, has_role

R = Role
EVERYONE: tuple[str, ...] = ()


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: tuple[str, ...]  # empty: every signed-in user


INTAKE_ROLES = (R.HOTLINE_AGENT, R.DISPATCHER, R.SPECIALIST, R.MANAGER)
NAV: tuple[NavItem, ...] = (
    NavItem("customers:search", _("受理"), INTAKE_ROLES),
    NavItem("workorders:queue", _("调度队列"), EVERYONE),
    NavItem("fieldwork:my_day", _("今日工单"), (R.TECHNICIAN,)),
    NavItem("campaigns:my_route", _("今日安检"), (R.TECHNICIAN,)),
    NavItem("fieldwork:dispatch", _("派工与签收"), (R.DISPATCHER,)),
    NavItem("fieldwork:emergencies", _("抢险"), (R.HOTLINE_AGENT, R.DISPATCHER, R.MANAGER)),
    NavItem("complaints:desk", _("投诉工作台"), (R.HOTLINE_AGENT, R.SPECIALIST, R.MANAGER)),
    NavItem("complaints:department", _("部门投诉"), (R.DEPT_ADMIN, R.SPECIALIST, R.MANAGER)),
    NavItem("callbacks:day_list", _("回访"), (R.CALLBACK_AGENT, R.SPECIALIST, R.MANAGER)),
    NavItem("callbacks:follow_ups", _("回访处理单"), (R.DEPT_ADMIN, R.DISPATCHER)),
    NavItem("regulations:home", _("服务规范"), (R.HOTLINE_AGENT, R.SPECIALIST, R.MANAGER)),
    NavItem("campaigns:index", _("计划作业"), (R.DISPATCHER, R.SPECIALIST, R.MANAGER)),
    NavItem("kpi:table", _("服务指标"), (R.SPECIALIST, R.INSPECTOR, R.MANAGER, R.DEPT_ADMIN)),
    NavItem("quality:hotline", _("热线指标"), (R.SPECIALIST, R.INSPECTOR, R.MANAGER)),
    NavItem("reports:dashboard", _("管理驾驶舱"), (R.SPECIALIST, R.INSPECTOR, R.MANAGER)),
    NavItem("reports:wallboard", _("热线大屏"), (R.SPECIALIST, R.INSPECTOR, R.MANAGER)),
    NavItem("quality:inspections", _("检查与暗访"), (R.SPECIALIST, R.INSPECTOR, R.MANAGER)),
    NavItem("quality:evaluations", _("千分制评价"), (R.SPECIALIST, R.MANAGER)),
    NavItem("quality:surveys", _("满意度调查"), (R.SPECIALIST, R.INSPECTOR, R.MANAGER)),
    NavItem("quality:department_assessments", _("部门考核"), (R.SPECIALIST, R.MANAGER)),
    NavItem("quality:awards", _("评优"), (R.SPECIALIST, R.MANAGER)),
    NavItem("quality:sanctions", _("奖惩记录"), (R.SPECIALIST, R.MANAGER)),
    NavItem("quality:improvements", _("改进创新"), (R.SPECIALIST, R.INSPECTOR, R.DEPT_ADMIN)),
    NavItem("quality:wait_samples", _("现场等待抽样"), (R.INSPECTOR, R.DEPT_ADMIN)),
    NavItem("quality:channels", _("监督渠道"), (R.SPECIALIST, R.MANAGER)),
    NavItem("notices:log", _("通知记录"), (R.DISPATCHER, R.SPECIALIST, R.MANAGER)),
    NavItem("standards:organisation", _("服务组织"), (R.MANAGER, R.SYSADMIN)),
)


def navigation(request: HttpRequest) -> dict[str, list[tuple[str, str | Promise]]]:
    """Context processor: the (url, label) pairs of the signed-in user's menu."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in NAV:
        if item.roles and not has_role(user, *item.roles):  # type: ignore[arg-type]
            continue
        try:
            items.append((reverse(item.url_name), item.label))
        except NoReverseMatch:  # an app whose pages are not installed in this deployment
            continue
    return {"nav_items": items}
