"""Appointments and home visits (预约上门, APPT-1…10): the register and its history (APPT-9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet
from gasdesk.regulations.models.base import UnderPack


class AppointmentChannel(models.TextChoices):
    """How the request came in (APPT-2)."""

    PHONE = "phone", _("电话")
    WECHAT = "wechat", _("微信")
    COUNTER = "counter", _("现场")


class AppointmentKind(models.TextChoices):
    """预约服务 at the service centre outside working time, or 上门服务 at the customer's."""

    COUNTER = "counter", _("预约到厅")
    HOME = "home", _("上门服务")


class AppointmentScope(models.TextChoices):
    """The matters appointments are for (APPT-1, 002 二.(二))."""

    URGENT = "urgent", _("时限要求紧急、时间紧迫")
    OUTSIDE_HOURS = "outside_hours", _("因特殊原因难以在工作时间办理")
    SPECIFIC_TIME = "specific_time", _("因特殊原因需在特定时间内办理")
    OTHER = "other", _("其他需要预约及上门服务的事项")


class ApplicantKind(models.TextChoices):
    """Who may ask for an appointment (APPT-1, 002 二.(三))."""

    ENTERPRISE_OR_PERSON = "enterprise_or_person", _("企业或个人")
    GROUP = "group", _("手续办理较为集中的集体")
    SPECIAL_NEEDS = "special_needs", _("因实际困难不能前往营业厅的老弱病残等特殊群众")
    OTHER = "other", _("其他需要预约、上门服务的群众或企业")


class ConductBreach(models.TextChoices):
    """Breaches of the appointment conduct rules (APPT-10, 002 二.(五)), for the assessment."""

    UNJUSTIFIED_REFUSAL = "unjustified_refusal", _("无故拒绝预约、上门服务申请")
    VERIFIED_COMPLAINT = "verified_complaint", _("被申请人投诉，经查实")
    OBSTRUCTION = "obstruction", _("设障刁难")
    IRREGULAR = "irregular", _("违规办事")
    PERSONAL_GAIN = "personal_gain", _("以权谋私、索取钱物")
    BROKEN_PROMISE = "broken_promise", _("未按约定时间或办结时限办理")


class AppointmentStatus(models.TextChoices):
    REQUESTED = "requested", _("待答复")
    AGREED = "agreed", _("已约定")
    REFUSED = "refused", _("已拒绝")
    SERVED = "served", _("已办理")
    FORFEITED = "forfeited", _("视为放弃")
    CANCELLED = "cancelled", _("已取消")


class AppointmentQuerySet(OrgScopedQuerySet["Appointment"]):
    """Scoped by the service unit that keeps the register."""


class Appointment(UnderPack):
    """One line of the appointment / home-visit register (APPT-9).

    The reply deadline and the readiness and no-show instants are computed once from the pack
    and stored, so the desk list and the forfeit job read indexed columns.
    """

    applicant_name = models.CharField("申请人", max_length=60)
    applicant_phone = models.CharField("联系电话", max_length=30)
    channel = models.CharField("申请方式", max_length=10, choices=AppointmentChannel.choices)
    kind = models.CharField("服务方式", max_length=10, choices=AppointmentKind.choices)
    matter = models.CharField("办理事项", max_length=200)
    scope = models.CharField(
        "事项类别", max_length=16, choices=AppointmentScope.choices, default=AppointmentScope.OTHER
    )
    applicant_kind = models.CharField(
        "服务对象",
        max_length=24,
        choices=ApplicantKind.choices,
        default=ApplicantKind.ENTERPRISE_OR_PERSON,
    )
    address = models.CharField("上门地址", max_length=200, blank=True)
    preferred_at = models.DateTimeField("希望时间", null=True, blank=True)
    status = models.CharField(
        "状态",
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.REQUESTED,
    )
    requested_at = models.DateTimeField("申请时间")
    reply_due_at = models.DateTimeField("答复时限")
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    agreed_start_at = models.DateTimeField("约定时间", null=True, blank=True)
    place = models.CharField("约定地点", max_length=200, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="服务人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ready_by_at = models.DateTimeField("人员到位时限", null=True, blank=True)
    forfeit_after_at = models.DateTimeField("逾时放弃时点", null=True, blank=True)
    refusal_reason = models.TextField("不同意理由", blank=True)
    refusal_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准不同意的领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff_arrived_at = models.DateTimeField("人员到位时间", null=True, blank=True)
    staff_on_time = models.BooleanField("人员按时到位", null=True, blank=True)
    applicant_arrived_at = models.DateTimeField("申请人到达时间", null=True, blank=True)
    served_at = models.DateTimeField("办理时间", null=True, blank=True)
    completed_on_spot = models.BooleanField("当场办结", null=True, blank=True)
    completion_statement = models.TextField("办结情况说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = "预约上门服务登记"
        verbose_name_plural = verbose_name
        indexes = [
            # appointment_register(): a unit's register, newest first.
            models.Index(fields=["org_unit", "-requested_at"], name="appt_register_idx"),
            # awaiting_reply(): requests not yet answered, the nearest reply deadline first.
            models.Index(
                fields=["org_unit", "reply_due_at"],
                name="appt_reply_idx",
                condition=Q(status="requested"),
            ),
            # jobs.forfeit_no_shows: counter appointments past the no-show instant.
            models.Index(
                fields=["forfeit_after_at"],
                name="appt_forfeit_idx",
                condition=Q(status="agreed", kind="counter", applicant_arrived_at__isnull=True),
            ),
            # staff_day(): a staff member's agreed appointments by time.
            models.Index(
                fields=["staff", "agreed_start_at"],
                name="appt_staff_idx",
                condition=Q(status="agreed"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name} {self.matter}"


class AppointmentEvent(Event):
    """One step of an appointment: requested, agreed, refused, arrivals, served, forfeited."""

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)

    class Meta(Event.Meta):
        verbose_name = "预约服务记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["appointment", "at"], name="appt_event_idx")]
