"""Service management bodies (服务管理机构, ORG-2…7) and who holds which post in them.

The handbooks staff the service system with bodies above the line organisation: the service
management committee and office (ORG-2), the supervision group (ORG-3), the tiering group
(ORG-7), a customer-service centre (ORG-4/6). Which bodies a company must have, and which
posts each needs, is pack data (`standards.sections.organisation`); this module only keeps
the appointments. An appointment is never deleted: dismissing someone ends it, so the
record of who was responsible when stays.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    COMMITTEE = "committee", _("服务管理委员会")
    OFFICE = "office", _("服务管理办公室")
    SUPERVISION_GROUP = "supervision_group", _("服务监督小组")
    TIERING_GROUP = "tiering_group", _("客户分级管理工作小组")
    SERVICE_CENTRE = "service_centre", _("客户服务中心")


class BodyPosition(models.TextChoices):
    """Posts as the handbooks name them; the pack gives each its local title."""

    LEADER = "leader", _("主任/组长（第一责任人）")
    EXECUTIVE = "executive", _("执行组长/直接责任人")
    MEMBER = "member", _("成员")
    EXECUTOR = "executor", _("执行人")
