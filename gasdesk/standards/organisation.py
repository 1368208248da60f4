"""The service organisation a company's pack prescribes, against who is appointed (ORG-2…7).

The handbooks name bodies and posts ("总经理为服务监督检查小组第一责任人 …", 000 item 43;
"组长：总经理 执行组长：分管领导 …", 004 二.1). `body_gaps` turns them into a checklist the
service management office can act on: which body does not exist yet, which post is empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q

from gasdesk.org.models import BodyMembership, OrgUnit, ServiceBody
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.sections.organisation import BodyRule, ManagementLevel, PostRule


@dataclass(frozen=True)
class PostStatus:
    rule: PostRule
    holders: list[BodyMembership]

    @property
    def missing(self) -> int:
        return max(self.rule.at_least - len(self.holders), 0)


@dataclass(frozen=True)
class BodyStatus:
    rule: BodyRule
    body: ServiceBody | None
    posts: list[PostStatus] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.body is not None and not any(post.missing for post in self.posts)


def body_statuses(company: OrgUnit, at: datetime) -> list[BodyStatus]:
    """Each body the pack requires, with its current holders per post (two queries)."""
    rules = pack_for_unit(company, at).pack.organisation
    if rules is None:
        return []
    bodies = {b.kind: b for b in ServiceBody.objects.filter(company=company)}
    holders: dict[tuple[int, str], list[BodyMembership]] = {}
    current = (
        BodyMembership.objects.filter(body__company=company, ended_at__isnull=True)
        .select_related("user")
        .order_by("appointed_at", "id")
    )
    for membership in current:
        holders.setdefault((membership.body_id, membership.position), []).append(membership)
    statuses = []
    for rule in rules.bodies:
        body = bodies.get(rule.kind)
        posts = [
            PostStatus(post, holders.get((body.pk, post.position), []) if body else [])
            for post in rule.posts
        ]
        statuses.append(BodyStatus(rule, body, posts))
    return statuses


def body_gaps(company: OrgUnit, at: datetime) -> list[str]:
    """What the company still lacks, one line per missing body or empty post."""
    return gaps_of(body_statuses(company, at))


def gaps_of(statuses: list[BodyStatus]) -> list[str]:
    gaps = []
    for status in statuses:
        if status.body is None:
            gaps.append(f"未设立{status.rule.name}")
            continue
        for post in status.posts:
            if post.missing:
                gaps.append(
                    f"{status.rule.name}缺{post.rule.title}（{post.rule.held_by}）{post.missing}人"
                )
    return gaps


def management_levels(company: OrgUnit, at: datetime) -> list[tuple[ManagementLevel, int]]:
    """ORG-5: the levels of the pack with how many org units of the company sit on each."""
    rules = pack_for_unit(company, at).pack.organisation
    if rules is None or not rules.levels:
        return []
    units = OrgUnit.objects.subtree(company).order_by()
    counts = units.aggregate(
        **{
            f"level_{n}": Count("id", filter=Q(kind__in=level.org_kinds))
            for n, level in enumerate(rules.levels)
        }
    )
    return [(level, counts[f"level_{n}"]) for n, level in enumerate(rules.levels)]
