"""Read-only admin of the message log (rows are written by notices.services only)."""

from django.contrib import admin

from gasdesk.core.admin import ReadOnlyAdmin
from gasdesk.notices.models import Message


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "channel", "template", "status", "tries", "created_at", "sent_at"]
    list_filter = ["status", "channel", "template"]
    raw_id_fields = ["customer", "org_unit", "pack", "created_by"]
