"""Callback tasks (回访任务, CB-1…11, CB-15), their attempts, follow-up forms (回访信息处理单), the
daily batches that created them, the second-callback programme with its plans, records and
reviewed reports (CB-12…14, RPT-4) and the append-only history.

Due dates are computed once when a task or form is created and stored as indexed columns; the
agent's daily list and the late-form scan read the columns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待回访")
    DONE = "done", _("已回访")
    UNREACHABLE = "unreachable", _("确实联系不上")
    REPLACED = "replaced", _("已重新抽调")


class Selection(models.TextChoices):
    """How the task was chosen (CB-2, CB-3, CB-7)."""

    SAMPLED = "sampled", _("定额抽样")
    FULL = "full", _("100%回访")
    REPLACEMENT = "replacement", _("重新抽调")


class Satisfaction(models.TextChoices):
    """满意度 (CB-9): satisfied only when the customer has no complaint at all."""

    SATISFIED = "satisfied", _("满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class AttemptOutcome(models.TextChoices):
    ANSWERED = "answered", _("已接通")
    NO_ANSWER = "no_answer", _("无人接听")
    UNREACHABLE = "unreachable", _("无法接通")
    NO_CONTACT = "no_contact", _("确无联系方式")


FAILED_OUTCOMES = (AttemptOutcome.NO_ANSWER, AttemptOutcome.UNREACHABLE, AttemptOutcome.NO_CONTACT)


class CallbackBatch(models.Model):
    """One company's callbacks for one service day, created once by the daily job.

    The unique (company, service_day) row is the job's idempotency key; `counts` keeps the
    population and sample size of every group so the exact ratio can be audited (CB-4).
    """

    company = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    service_day = models.DateField("服务日期")
    pack = models.ForeignKey("standards.StandardPack", on_delete=models.PROTECT, related_name="+")
    counts = models.JSONField("抽样统计", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "回访批次"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["company", "service_day"], name="cb_batch_day_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.company_id}:{self.service_day}"


class CallbackTaskQuerySet(OrgScopedQuerySet["CallbackTask"]):
    """Scoped by the responsible unit of the order; callback agents see the whole company."""


class CallbackTask(models.Model):
    """A callback owed to a customer for one completed order (回访任务单).

    One task per order at most (unique work_order): the daily job may run many times a day and
    a replacement draw may race with the job, and neither can create a second task.
    """

    company = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(CallbackBatch, on_delete=models.PROTECT, related_name="tasks")
    work_order = models.OneToOneField(
        "workorders.WorkOrder",
        verbose_name="单据",
        on_delete=models.PROTECT,
        related_name="callback_task",
    )
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    business_type = models.CharField("业务类型", max_length=40)
    business_type_name = models.CharField("业务类型名称", max_length=60)
    group_code = models.CharField("回访类别", max_length=40)
    group_name = models.CharField("回访类别名称", max_length=60, blank=True)
    selection = models.CharField("抽取方式", max_length=20, choices=Selection.choices)
    is_full = models.BooleanField("100%回访", default=False)
    service_day = models.DateField("服务日期")
    due_at = models.DateTimeField("回访时限")
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    attempts_count = models.PositiveSmallIntegerField("拨打次数", default=0)
    next_attempt_at = models.DateTimeField("再次拨打时间", null=True, blank=True)
    result = models.CharField("满意度", max_length=20, choices=Satisfaction.choices, blank=True)
    customer_words = models.TextField("客户意见", blank=True)
    answers = models.JSONField("回访项目答复", default=dict, blank=True)  # CB-10: {code: answer}
    caller_level = models.PositiveSmallIntegerField("回访层级", null=True, blank=True)  # CB-15
    caller_level_name = models.CharField("回访层级名称", max_length=60, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField("回访时间", null=True, blank=True)
    closed_reason = models.TextField("关闭/重新抽调原因", blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CallbackTaskQuerySet.as_manager()

    class Meta:
        verbose_name = "回访任务"
        verbose_name_plural = verbose_name
        indexes = [
            # agent_day_list: open tasks, earliest due first (the partial index skips history).
            models.Index(
                fields=["company", "due_at"],
                name="cb_task_open_due_idx",
                condition=Q(status="open"),
            ),
            # agent_day_list "done today" and satisfaction_by_group: results by period.
            models.Index(fields=["company", "done_at"], name="cb_task_done_idx"),
            # draw_replacement: the day's tasks of one group.
            models.Index(fields=["batch", "group_code"], name="cb_task_batch_group_idx"),
        ]

    def __str__(self) -> str:
        return f"回访 {self.work_order_id}"


class CallbackAttempt(models.Model):
    """One phone call of a task (CB-7, CB-8): when, by whom, what happened."""

    task = models.ForeignKey(CallbackTask, on_delete=models.PROTECT, related_name="attempts")
    at = models.DateTimeField("拨打时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField("结果", max_length=20, choices=AttemptOutcome.choices)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "回访拨打记录"
        verbose_name_plural = verbose_name
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["task", "at"], name="cb_attempt_task_idx")]

    def __str__(self) -> str:
        return f"{self.task_id}@{self.at:%Y-%m-%d %H:%M}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ANSWERED = "answered", _("已反馈")


class FollowUpFormQuerySet(OrgScopedQuerySet["FollowUpForm"]):
    """The department sees the forms sent to its unit subtree; the office sees the company."""


class FollowUpForm(models.Model):
    """回访信息处理单 (CB-11): a dissatisfied customer's opinion sent to the responsible unit,
    tracked until the unit reports its handling; `late_at` flags a form answered or still open
    after its due time."""

    task = models.OneToOneField(CallbackTask, on_delete=models.PROTECT, related_name="follow_up")
    company = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="责任部门", on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.TextField("客户意见或建议")
    due_at = models.DateTimeField("处理时限")
    status = models.CharField(
        "状态", max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    answer = models.TextField("处理结果", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField("反馈时间", null=True, blank=True)
    late_at = models.DateTimeField("超时标记", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpFormQuerySet.as_manager()

    class Meta:
        verbose_name = "回访信息处理单"
        verbose_name_plural = verbose_name
        indexes = [
            # flag_late_follow_ups and the department's open forms: open forms by due time.
            models.Index(
                fields=["org_unit", "due_at"],
                name="cb_form_open_idx",
                condition=Q(status="open"),
            ),
            models.Index(
                fields=["due_at"],
                name="cb_form_late_scan_idx",
                condition=Q(status="open", late_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"回访信息处理单 {self.pk}"


class PlanKind(models.TextChoices):
    AFTER_SALE = "after_sale", _("售后回访")
    MAINTENANCE = "maintenance", _("维护回访")
    PERIODIC = "periodic", _("定期回访")


PROGRAMME_KINDS = (PlanKind.AFTER_SALE, PlanKind.MAINTENANCE)


class PlanStatus(models.TextChoices):
    """A planned callback's life (CB-13, CB-14, RPT-4): planned → recorded (记录表) → report
    submitted (报告表) → reviewed by the supervisor, or returned to the caller and resubmitted."""

    PLANNED = "planned", _("待回访")
    RECORDED = "recorded", _("已记录待报告")
    SUBMITTED = "submitted", _("报告待审查")
    RETURNED = "returned", _("报告已退回")
    REVIEWED = "reviewed", _("已审查")


class CallbackPlanQuerySet(OrgScopedQuerySet["CallbackPlan"]):
    pass


class CallbackPlan(models.Model):
    """One planned callback (客户回访计划, CB-12…14): its date, purpose, content and the time
    agreed with the customer; then the record (客户回访记录表) and report (客户回访报告表),
    then the supervisor's review with guidance (RPT-4). Returned reports keep the reviewer's
    comment until resubmitted; every step is a CallbackEvent with who and when."""

    company = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("回访类型", max_length=20, choices=PlanKind.choices)
    sequence = models.PositiveSmallIntegerField("第几次")
    start_on = models.DateField("验收/通气日期")
    due_on = models.DateField("计划回访日期")
    purpose = models.CharField("回访目的", max_length=200)
    content = models.TextField("回访内容", blank=True)
    agreed_at = models.DateTimeField("约定回访时间", null=True, blank=True)  # 客户方便的时间
    status = models.CharField(
        "状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    record = models.TextField("回访记录", blank=True)
    report = models.TextField("回访报告", blank=True)
    evaluation = models.CharField(
        "回访评价", max_length=20, choices=Satisfaction.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    is_recorded_on_time = models.BooleanField("在计划时间内回访", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报告提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField("审查意见", blank=True)

    objects = CallbackPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "客户回访计划"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "kind", "start_on", "sequence"], name="cb_plan_uniq"
            )
        ]
        indexes = [
            # programme_plans: plans still to call, by date.
            models.Index(
                fields=["company", "due_on"],
                name="cb_plan_due_idx",
                condition=Q(status="planned"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sequence}"


class CallbackEvent(Event):
    """One step of a callback's history (created, attempt, result, replaced, form answered …)."""

    task = models.ForeignKey(
        CallbackTask, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    plan = models.ForeignKey(
        CallbackPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )

    class Meta(Event.Meta):
        verbose_name = "回访记录"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["task", "at"], name="cb_event_task_idx"),
            models.Index(fields=["plan", "at"], name="cb_event_plan_idx"),
        ]
