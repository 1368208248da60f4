"""Who may see and change customer records (SPEC 2.5 roles applied to CUST-1/4/10).

Decisions (the SPEC lists rights, not these details):
- every operational role may look customers up in its org scope; the system administrator
  manages packs and users, not customers;
- hotline agents create and edit records (they take the calls), as do the specialist and
  managers; only the specialist and managers may override a computed tier, because a manual
  tier changes deadlines and targets for that customer (CUST-4);
- full phone and ID numbers on the customer page go to the roles that must call or visit
  the customer: hotline agent, dispatcher, technician, specialist, callback agent (001 art. 7
  callbacks are phone calls), manager. Lists and exports always mask (masking.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gasdesk.org.roles import Role, has_role, require_role

if TYPE_CHECKING:
    from gasdesk.org.models import User

VIEW_ROLES: tuple[str, ...] = (
    Role.HOTLINE_AGENT,
    Role.DISPATCHER,
    Role.TECHNICIAN,
    Role.SPECIALIST,
    Role.DEPT_ADMIN,
    Role.CALLBACK_AGENT,
    Role.INSPECTOR,
    Role.MANAGER,
)
EDIT_ROLES: tuple[str, ...] = (Role.HOTLINE_AGENT, Role.SPECIALIST, Role.MANAGER)
TIER_OVERRIDE_ROLES: tuple[str, ...] = (Role.SPECIALIST, Role.MANAGER)
BULK_ROLES: tuple[str, ...] = (Role.SPECIALIST, Role.MANAGER, Role.SYSADMIN)
FULL_CONTACT_ROLES: tuple[str, ...] = (
    Role.HOTLINE_AGENT,
    Role.DISPATCHER,
    Role.TECHNICIAN,
    Role.SPECIALIST,
    Role.CALLBACK_AGENT,
    Role.MANAGER,
)


def can_view(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, *VIEW_ROLES)


def require_view(user: User) -> None:
    require_role(user, *VIEW_ROLES)


def can_edit(user: User) -> bool:
    return has_role(user, *EDIT_ROLES)


def can_override_tier(user: User) -> bool:
    return has_role(user, *TIER_OVERRIDE_ROLES)


def sees_full_contact(user: User) -> bool:
    """Full numbers on the detail page; the record itself is already in the user's scope."""
    return has_role(user, *FULL_CONTACT_ROLES)
