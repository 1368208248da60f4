"""Masking of message recipients in lists (platform rule, as customers.masking)."""

from __future__ import annotations

from gasdesk.customers.masking import MASK, mask_phone
from gasdesk.notices.models import MessageChannel


def mask_recipient(channel: str, recipient: str) -> str:
    """Phones as `138****5678`; e-mail as `z***@example.com`."""
    if channel == MessageChannel.EMAIL:
        name, _, domain = recipient.partition("@")
        return f"{name[:1]}{MASK * 3}@{domain}" if domain else MASK * 3
    return mask_phone(recipient) if recipient else ""
