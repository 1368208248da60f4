"""Emergencies (抢险, EMG-1…3): the alarm's own row for the banner and the escalation scan,
and the escalations to the duty leader."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gasdesk.org.scoping import OrgScopedQuerySet
from gasdesk.standards.sections.fieldwork import FaultClass

FAULT_CHOICES = [
    (FaultClass.LEAK.value, "燃气泄漏报警"),
    (FaultClass.GENERAL.value, "管网一般故障"),
    (FaultClass.MAJOR.value, "管网大故障"),
]


class EmergencyQuerySet(OrgScopedQuerySet["Emergency"]):
    def open(self) -> EmergencyQuerySet:
        return self.filter(resolved_at__isnull=True)


class Emergency(models.Model):
    """An alarm (报警) and its emergency order. `escalate_at` is the arrival deadline minus the
    pack's lead time, stored so the scan is one indexed range query."""

    order = models.OneToOneField(
        "workorders.WorkOrder", on_delete=models.PROTECT, related_name="emergency"
    )
    org_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    fault_class = models.CharField("类别", max_length=10, choices=FAULT_CHOICES)
    reported_at = models.DateTimeField("报警时间")
    arrival_due_at = models.DateTimeField("到达时限", null=True, blank=True)
    escalate_at = models.DateTimeField("升级时间", null=True, blank=True)
    escalated_at = models.DateTimeField("已升级", null=True, blank=True)
    resolved_at = models.DateTimeField("已结束", null=True, blank=True)

    objects = EmergencyQuerySet.as_manager()

    class Meta:
        verbose_name = "抢险"
        verbose_name_plural = verbose_name
        indexes = [
            # selectors.open_emergencies: a unit's open alarms, newest first.
            models.Index(
                fields=["org_unit", "-reported_at"],
                name="fw_emergency_unit_open_idx",
                condition=Q(resolved_at__isnull=True),
            ),
            # selectors._open_banner_rows (the banner on every page): all open alarms.
            models.Index(
                fields=["-reported_at"],
                name="fw_emergency_open_idx",
                condition=Q(resolved_at__isnull=True),
            ),
            # jobs.escalate_emergencies: unescalated open alarms whose warning time has come.
            models.Index(
                fields=["escalate_at"],
                name="fw_emergency_escalate_idx",
                condition=Q(resolved_at__isnull=True, escalated_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"EMG{self.pk}"


class EmergencyEscalationQuerySet(OrgScopedQuerySet["EmergencyEscalation"]):
    pass


class EmergencyEscalation(models.Model):
    """A warning to the duty leader (值班领导) that nobody has arrived yet (EMG-3)."""

    emergency = models.ForeignKey(Emergency, on_delete=models.PROTECT, related_name="escalations")
    org_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("升级时间")
    arrival_due_at = models.DateTimeField("到达时限")
    notified = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    acknowledged_at = models.DateTimeField("已确认", null=True, blank=True)

    objects = EmergencyEscalationQuerySet.as_manager()

    class Meta:
        verbose_name = "抢险升级"
        verbose_name_plural = verbose_name
        # selectors.emergency_escalations: a unit's escalations, newest first.
        indexes = [models.Index(fields=["org_unit", "-at"], name="fw_escalation_unit_idx")]

    def __str__(self) -> str:
        return f"ESC{self.pk}"
