"""System roles (SPEC 2.5) as Django groups, and the checks every service uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from gasdesk.core.errors import PermissionDeniedRule

if TYPE_CHECKING:
    from gasdesk.org.models import User


class Role(models.TextChoices):
    HOTLINE_AGENT = "hotline_agent", _("热线受理员")
    DISPATCHER = "dispatcher", _("调度员/班组长")
    TECHNICIAN = "technician", _("维修/安检人员")
    SPECIALIST = "specialist", _("专职服务管理专员")
    DEPT_ADMIN = "dept_admin", _("兼职服务管理员")
    CALLBACK_AGENT = "callback_agent", _("回访员")
    INSPECTOR = "inspector", _("质量检查人员")
    MANAGER = "manager", _("管理人员/服务管理委员会")
    SYSADMIN = "sysadmin", _("系统管理员")


# Roles whose duty spans the whole company (the hotline centre takes calls for every unit);
# everyone else sees their own unit's subtree.
COMPANY_WIDE_ROLES = frozenset(
    {Role.HOTLINE_AGENT, Role.SPECIALIST, Role.CALLBACK_AGENT, Role.INSPECTOR, Role.MANAGER}
)

# Read-only admin lists of the later areas (their services check roles themselves).
_COMPLAINT_VIEW = [
    "complaints.view_complaint",
    "complaints.view_complaintevent",
    "complaints.view_complaintappeal",
]
_FIELD_VIEW = [
    "fieldwork.view_assignment",
    "fieldwork.view_fieldevent",
    "fieldwork.view_fieldvisit",
    "fieldwork.view_emergency",
    "fieldwork.view_emergencyescalation",
]

# Django model permissions granted to each role's group (used by admin and the API).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.HOTLINE_AGENT: [
        "customers.view_customer",
        "customers.add_customer",
        "customers.change_customer",
        "workorders.view_workorder",
        "workorders.add_workorder",
        *_COMPLAINT_VIEW,
    ],
    Role.DISPATCHER: [
        "customers.view_customer",
        "workorders.view_workorder",
        "workorders.change_workorder",
        *_FIELD_VIEW,
        "callbacks.view_followupform",
    ],
    Role.TECHNICIAN: [
        "customers.view_customer",
        "workorders.view_workorder",
        "workorders.change_workorder",
    ],
    Role.SPECIALIST: [
        "customers.view_customer",
        "workorders.view_workorder",
        "workorders.change_workorder",
        *_COMPLAINT_VIEW,
        *_FIELD_VIEW,
        "callbacks.view_callbacktask",
    ],
    Role.DEPT_ADMIN: [
        "customers.view_customer",
        "workorders.view_workorder",
        *_COMPLAINT_VIEW,
        "callbacks.view_followupform",
    ],
    Role.CALLBACK_AGENT: [
        "customers.view_customer",
        "workorders.view_workorder",
        *_COMPLAINT_VIEW,
        "callbacks.view_callbacktask",
    ],
    Role.INSPECTOR: ["customers.view_customer", "workorders.view_workorder"],
    Role.MANAGER: [
        "customers.view_customer",
        "customers.change_customer",
        "workorders.view_workorder",
        "standards.view_standardpack",
        *_COMPLAINT_VIEW,
        *_FIELD_VIEW,
        "callbacks.view_callbacktask",
    ],
    Role.SYSADMIN: [
        "org.view_orgunit",
        "org.add_orgunit",
        "org.change_orgunit",
        "org.view_user",
        "org.add_user",
        "org.change_user",
        "standards.view_standardpack",
        "standards.add_standardpack",
        "business_calendar.view_holidayoverride",
        "business_calendar.add_holidayoverride",
        "business_calendar.change_holidayoverride",
        "business_calendar.delete_holidayoverride",
        "business_calendar.view_holidayyear",
        "business_calendar.add_holidayyear",
        "business_calendar.change_holidayyear",
        "business_calendar.delete_holidayyear",
    ],
}


def remember_roles(user: User, names: Iterable[str]) -> None:
    """Cache role codes read with the user (org.auth reads them in the user's own query)."""
    user._gasdesk_roles = frozenset(names)  # type: ignore[attr-defined]


def role_names(user: User) -> frozenset[str]:
    """The user's role codes, cached on the instance for the request."""
    cached: frozenset[str] | None = getattr(user, "_gasdesk_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) if user.pk else frozenset()
        remember_roles(user, cached)
    return cached


def has_role(user: User, *roles: str) -> bool:
    if user.is_superuser:
        return True
    return bool(role_names(user) & set(roles))


def require_role(user: User, *roles: str) -> None:
    """Raise PermissionDeniedRule unless the user holds one of `roles` (superusers pass)."""
    if not has_role(user, *roles):
        labels = "、".join(str(Role(r).label) for r in roles)
        raise PermissionDeniedRule(f"需要以下角色之一：{labels}")
