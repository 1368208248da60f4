"""`tr`: translate a stored report string (title, header, verdict) when shown; other values pass.

Report snapshots keep the Chinese msgids (marked with gettext_noop where they are built), so a
stored month reads in the language of whoever opens it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def tr(value: Any) -> Any:
    return gettext(value) if isinstance(value, str) and value else value
