"""What every regulations service shares: the pack section in force, the roles of the desk,
and the conditional UPDATE + event write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from gasdesk.business_calendar.periods import options_from_pack
from gasdesk.business_calendar.selectors import period_deadline
from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.org.roles import Role
from gasdesk.org.scoping import require_in_scope
from gasdesk.standards.lookup import LoadedPack, loaded_pack, pack_for_unit, pack_in_force
from gasdesk.standards.sections.regulations import Period, RegulationRules

if TYPE_CHECKING:
    from gasdesk.customers.models import Customer
    from gasdesk.org.models import OrgUnit, User

M = TypeVar("M", bound=models.Model)

# Counter and hotline staff, their team leaders, the specialist and managers run the desk.
DESK_ROLES = (Role.HOTLINE_AGENT, Role.DISPATCHER, Role.SPECIALIST, Role.MANAGER)
# A "leader" (领导) of a unit: manager or dispatcher/team-leader roles (MGR-4, TLC-1).
LEADER_ROLES = (Role.MANAGER, Role.DISPATCHER)


def iso(moment: datetime) -> str:
    """History times are written on Shanghai wall time, as people read them."""
    return timezone.localtime(moment).isoformat()


def _section(loaded: LoadedPack) -> RegulationRules:
    rules = loaded.pack.regulations
    if rules is None:
        raise RuleViolation(
            "pack", f"服务标准包 {loaded.record.company}/{loaded.record.version} 未配置服务规范"
        )
    return rules


def rules_for_unit(unit: OrgUnit, at: datetime) -> tuple[LoadedPack, RegulationRules]:
    """The pack in force for the unit's company and its regulations section (or a clear error)."""
    loaded = pack_for_unit(unit, at)
    return loaded, _section(loaded)


def section_in_force(company: str, at: datetime) -> tuple[LoadedPack, RegulationRules]:
    """The regulations section a company publishes at `at` (the public board, NOTIFY-6)."""
    loaded = pack_in_force(company, at)
    return loaded, _section(loaded)


def rules_of_record(pack_id: int) -> RegulationRules:
    """The section of the pack a record was created under (its numbers never move)."""
    return _section(loaded_pack(pack_id))


def deadline_after(start: datetime, period: Period, loaded: LoadedPack) -> datetime:
    """`period` after `start` on the business calendar with the pack's conventions (CAL-2…5)."""
    options = options_from_pack(loaded.pack.calendar)
    return period_deadline(start, period.amount, period.unit, options=options)


def require_customer_in_scope(by: User, customer: Customer | None) -> None:
    """A customer named in the input must be one the user may see (no cross-unit writes)."""
    if customer is not None:
        require_in_scope(by, customer.org_unit)


def not_in_future(moment: datetime | None, now: datetime, field: str) -> datetime:
    if moment is None:
        return now
    if moment > now:
        raise RuleViolation(field, "时间不能晚于当前时间")
    return moment


def write_changes(
    obj: M,
    changes: dict[str, Any],
    expect: dict[str, Any],
    event: Callable[[], models.Model],
) -> M:
    """Conditional UPDATE on the values the caller saw (`expect`), then the history event.

    0 rows means another writer changed the record first: ConcurrentChange, nothing written.
    """
    manager = type(obj)._default_manager
    with transaction.atomic():
        if manager.filter(pk=obj.pk, **expect).update(**changes) != 1:
            raise ConcurrentChange()
        event().save()
    for name, value in changes.items():
        setattr(obj, name, value)
    return obj
