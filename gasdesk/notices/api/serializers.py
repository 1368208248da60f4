"""Notice API shapes: the log row with the recipient masked."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gasdesk.notices.masking import mask_recipient
from gasdesk.notices.models import Message


class MessageSerializer(serializers.ModelSerializer[Message]):
    """A log row; phone numbers and e-mail addresses are masked in every list."""

    recipient = serializers.SerializerMethodField()
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    customer_account = serializers.CharField(source="customer.account_no", default=None)

    class Meta:
        model = Message
        fields = [
            "id",
            "channel",
            "channel_label",
            "recipient",
            "customer",
            "customer_account",
            "template",
            "source",
            "status",
            "status_label",
            "tries",
            "next_try_at",
            "last_error",
            "sent_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_recipient(self, message: Message) -> str:
        return mask_recipient(message.channel, message.recipient)


class EmptyInput(serializers.Serializer[Any]):
    pass
