"""Callback API shapes: one output serializer per record, one input per write."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gasdesk.callbacks.models import (
    FAILED_OUTCOMES,
    AttemptOutcome,
    CallbackEvent,
    CallbackPlan,
    CallbackTask,
    FollowUpForm,
    PlanKind,
    Satisfaction,
)
from gasdesk.callbacks.selectors import SATISFACTION_KEYS
from gasdesk.customers.masking import mask_phone


class CallbackTaskSerializer(serializers.ModelSerializer[CallbackTask]):
    """Lists and detail; the customer's phone is masked (the agent dials from the task page)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    order_number = serializers.CharField(source="work_order.number", read_only=True)
    customer_name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = CallbackTask
        fields = [
            "id",
            "order_number",
            "work_order",
            "business_type",
            "business_type_name",
            "group_code",
            "selection",
            "is_full",
            "service_day",
            "due_at",
            "status",
            "status_label",
            "attempts_count",
            "next_attempt_at",
            "result",
            "customer_words",
            "answers",
            "caller_level",
            "caller_level_name",
            "customer_name",
            "phone",
            "org_unit",
            "org_unit_name",
            "agent",
            "done_at",
            "closed_reason",
            "replaces",
        ]
        read_only_fields = fields

    def get_customer_name(self, task: CallbackTask) -> str:
        return task.customer.name if task.customer else task.work_order.caller_name

    def get_phone(self, task: CallbackTask) -> str:
        return mask_phone(task.work_order.caller_phone)


class ResultInput(serializers.Serializer[Any]):
    satisfied = serializers.BooleanField()
    words = serializers.CharField(required=False, allow_blank=True, default="")
    is_complaint = serializers.BooleanField(required=False, default=False)
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )


class CallbackQuestionSerializer(serializers.Serializer[Any]):
    """CB-10: one item of the callback record form, from the pack."""

    code = serializers.CharField()
    text = serializers.CharField()
    answer = serializers.ChoiceField(choices=["yes_no", "text"])


class AttemptInput(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(
        choices=[(o.value, o.label) for o in AttemptOutcome if o in FAILED_OUTCOMES]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CallbackEventSerializer(serializers.ModelSerializer[CallbackEvent]):
    class Meta:
        model = CallbackEvent
        fields = ["id", "at", "by", "by_name", "kind", "reason", "data"]
        read_only_fields = fields


class FollowUpFormSerializer(serializers.ModelSerializer[FollowUpForm]):
    order_number = serializers.CharField(source="task.work_order.number", read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    is_late = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpForm
        fields = [
            "id",
            "task",
            "order_number",
            "org_unit",
            "org_unit_name",
            "opinion",
            "due_at",
            "status",
            "answer",
            "answered_by",
            "answered_at",
            "late_at",
            "is_late",
        ]
        read_only_fields = fields

    def get_is_late(self, form: FollowUpForm) -> bool:
        return form.late_at is not None


class AnswerInput(serializers.Serializer[Any]):
    answer = serializers.CharField()


class CallbackPlanSerializer(serializers.ModelSerializer[CallbackPlan]):
    customer_name = serializers.CharField(source="customer.name", read_only=True)

    class Meta:
        model = CallbackPlan
        fields = [
            "id",
            "customer",
            "customer_name",
            "kind",
            "sequence",
            "start_on",
            "due_on",
            "purpose",
            "content",
            "agreed_at",
            "status",
            "record",
            "recorded_by",
            "recorded_at",
            "is_recorded_on_time",
            "report",
            "evaluation",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
        ]
        read_only_fields = fields


class PlanInput(serializers.Serializer[Any]):
    """CB-13: programme kinds need `start_on` (acceptance / gas-on); periodic plans `due_on`,
    `purpose` and optionally `content`. The customer must be in the caller's scope."""

    customer = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    start_on = serializers.DateField(required=False, allow_null=True, default=None)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    purpose = serializers.CharField(required=False, allow_blank=True, default="")
    content = serializers.CharField(required=False, allow_blank=True, default="")


class PlanScheduleInput(serializers.Serializer[Any]):
    agreed_at = serializers.DateTimeField()
    content = serializers.CharField(required=False, allow_blank=True, default="")


class PlanRecordInput(serializers.Serializer[Any]):
    record = serializers.CharField()


class PlanReportInput(serializers.Serializer[Any]):
    report = serializers.CharField()
    evaluation = serializers.ChoiceField(choices=Satisfaction.choices)


class PlanReviewInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["approve", "return"], default="approve")
    comment = serializers.CharField()


class SatisfactionQuery(serializers.Serializer[Any]):
    first = serializers.DateField()
    last = serializers.DateField()
    by = serializers.ChoiceField(choices=list(SATISFACTION_KEYS), default="group_code")
    per_unit = serializers.BooleanField(default=False)


class SatisfactionRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    org_unit_id = serializers.IntegerField(required=False)
    answered = serializers.IntegerField()
    satisfied = serializers.IntegerField()
