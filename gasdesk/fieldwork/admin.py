"""Admin: field records are viewed here and changed only through the field services."""

from django.contrib import admin

from gasdesk.core.admin import ReadOnlyAdmin
from gasdesk.fieldwork.models import (
    Assignment,
    Emergency,
    EmergencyEscalation,
    FieldEvent,
    FieldVisit,
    HazardNotice,
    NotMetNotice,
)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["order", "technician", "kind", "assigned_at", "accept_due_at", "accepted_at"]
    list_filter = ["kind", "is_current"]
    show_full_result_count = False


@admin.register(FieldEvent)
class FieldEventAdmin(ReadOnlyAdmin):
    list_display = ["order", "kind", "at", "by_name"]
    show_full_result_count = False


@admin.register(FieldVisit)
class FieldVisitAdmin(ReadOnlyAdmin):
    list_display = ["order", "technician", "visited_at", "outcome", "signed_by_name"]
    show_full_result_count = False


@admin.register(NotMetNotice, HazardNotice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "order"]


@admin.register(Emergency)
class EmergencyAdmin(ReadOnlyAdmin):
    list_display = ["order", "fault_class", "reported_at", "arrival_due_at", "escalated_at"]
    list_filter = ["fault_class"]


@admin.register(EmergencyEscalation)
class EmergencyEscalationAdmin(ReadOnlyAdmin):
    list_display = ["emergency", "at", "arrival_due_at", "acknowledged_at"]
