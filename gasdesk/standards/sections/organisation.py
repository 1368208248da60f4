"""The service system's bodies and levels a company's handbook prescribes (ORG-2…7).

`org.models.ServiceBody` keeps who holds which post; this section says which bodies the
company must have, which posts each needs and who should hold them, so that
`standards.organisation.body_gaps` can list what is not staffed yet.
"""

from __future__ import annotations

from pydantic import Field

from gasdesk.org.bodies import BodyKind, BodyPosition
from gasdesk.standards.schema_base import Frozen


class PostRule(Frozen):
    position: BodyPosition
    title: str  # the handbook's word for the post: 组长, 第一责任人, 执行人 …
    held_by: str  # who the handbook names for it: 总经理, 办公室主任 …
    at_least: int = Field(default=1, ge=1)


class BodyRule(Frozen):
    kind: BodyKind
    name: str
    posts: tuple[PostRule, ...] = ()
    duties: tuple[str, ...] = ()
    source: str = ""


class ManagementLevel(Frozen):
    """A level of the service organisation (ORG-5) and the org-tree kinds that sit on it."""

    name: str
    org_kinds: tuple[str, ...]
    executes: bool = False  # an execution level (执行层) rather than a management level
    duties: tuple[str, ...] = ()


class OrganisationRules(Frozen):
    bodies: tuple[BodyRule, ...] = ()
    levels: tuple[ManagementLevel, ...] = ()
    # ORG-6: the regulations every unit with a customer-service function must keep.
    unit_regulations: tuple[str, ...] = ()
    source: str = ""
