"""Template helpers of the field pages: a fresh client token per rendered tap form."""

from __future__ import annotations

import uuid

from django import template

from gasdesk.customers.masking import mask_phone

register = template.Library()


@register.simple_tag
def new_token() -> str:
    """A UUID for one tap: re-sending the same rendered form re-sends the same token."""
    return str(uuid.uuid4())


@register.filter
def masked_phone(number: str) -> str:
    """Lists and cards show 138****5678 (CUST-10 masking)."""
    return mask_phone(number or "")
