"""The open-emergency banner on every page (EMG-3: the hotline sees open alarms on top)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gasdesk.fieldwork.selectors import banner_emergencies


def emergency_banner(request: HttpRequest) -> dict[str, Any]:
    """Lazy: pages that never render the banner (API, admin) pay nothing; the rows are
    cached per scope for a few seconds (selectors.banner_emergencies)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"open_emergencies": SimpleLazyObject(lambda: banner_emergencies(user))}  # type: ignore[arg-type]
