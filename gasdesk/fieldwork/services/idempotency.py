"""Idempotent taps (DSP, platform): a client token makes a retried request return the first
answer instead of applying the action twice.

Steps: 1. a known token replays its stored result; 2. otherwise the token row is inserted and
the action runs in the same transaction, so either both are written or neither is; 3. a
concurrent twin that loses the unique insert replays the winner's result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import IntegrityError, transaction

from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.fieldwork.models import ClientRequest

if TYPE_CHECKING:
    from gasdesk.org.models import User

Result = dict[str, Any]


def _replay(request: ClientRequest, by: User, action: str) -> Result:
    if request.user_id != by.pk or request.action != action:
        raise RuleViolation("client_token", "该请求编号已用于其他操作，请刷新页面后重试")
    return {**request.result, "replayed": True}


def run_once(
    token: UUID | None,
    *,
    by: User,
    action: str,
    order_id: int | None,
    perform: Callable[[], Result],
) -> Result:
    """Run `perform` at most once per token; without a token it simply runs."""
    if token is None:
        return perform()
    known = ClientRequest.objects.filter(token=token).first()
    if known is not None:
        return _replay(known, by, action)
    try:
        with transaction.atomic():
            row = ClientRequest.objects.create(
                token=token, user=by, action=action, order_id=order_id
            )
            result = perform()
            ClientRequest.objects.filter(pk=row.pk).update(result=result)
    except IntegrityError:
        known = ClientRequest.objects.filter(token=token).first()
        if known is None:
            raise ConcurrentChange() from None
        return _replay(known, by, action)
    return result
