"""Chinese labels and Django choices for the customer enums of the pack schema (CUST-1).

The enums themselves (Tier, Category, Area, CustomerFlag) live in `standards.schema`, because a
pack's tier rules name them; this module only glosses them once, for forms, admin and exports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gasdesk.standards.schema import Area, Category, CustomerFlag, Tier

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CATEGORY_LABELS: dict[Category, str] = {
    Category.RESIDENTIAL: "民用户",
    Category.COMMERCIAL: "工商户",
}

AREA_LABELS: dict[Area, str] = {Area.URBAN: "市区", Area.REMOTE: "偏远地区"}

FLAG_LABELS: dict[CustomerFlag, str] = {
    CustomerFlag.GOVERNMENT: "政府核心人物及机构",
    CustomerFlag.MEDIA: "新闻媒体",
    CustomerFlag.GOV_INFLUENTIAL: "对政府有影响力的部门和机构",
    CustomerFlag.RESIDENT_INFLUENCER: "对公司业务有较大影响的民用户",
    CustomerFlag.VULNERABLE: "社会弱势群体",
    CustomerFlag.COMPLAINED: "产生过投诉",
    CustomerFlag.STABLE_USE: "用气较为均匀稳定",
    CustomerFlag.EASY_EXIT: "退出较为容易、有可替代能源",
    CustomerFlag.NO_ALTERNATIVE: "无替代选择、退出较难",
    CustomerFlag.PILLAR_INDUSTRY: "支柱产业",
    CustomerFlag.HAZARD: "安全隐患用户",
    CustomerFlag.KEY_CARE: "重点关怀用户",
}

# Tier display order of 004 三.1 is 一般 < 关键 < 重点 < VIP; the rank serves sorting and reports.
TIER_RANK: dict[Tier, int] = {Tier.GENERAL: 0, Tier.KEY: 1, Tier.IMPORTANT: 2, Tier.VIP: 3}

# Display names in the user's language (exports keep schema.TIER_LABELS, in Chinese).
TIER_DISPLAY: dict[Tier, StrOrPromise] = {
    Tier.VIP: _("VIP"),
    Tier.IMPORTANT: _("重点"),
    Tier.KEY: _("关键"),
    Tier.GENERAL: _("一般"),
}
TIER_CHOICES = [(tier.value, TIER_DISPLAY[tier]) for tier in Tier]
CATEGORY_CHOICES = [(c.value, label) for c, label in CATEGORY_LABELS.items()]
AREA_CHOICES = [(a.value, label) for a, label in AREA_LABELS.items()]
FLAG_CHOICES = [(f.value, label) for f, label in FLAG_LABELS.items()]


def flag_field(flag: CustomerFlag) -> str:
    """The Customer boolean column that stores `flag` (`flag_<code>`)."""
    return f"flag_{flag.value}"


FLAG_FIELDS: tuple[str, ...] = tuple(flag_field(flag) for flag in CustomerFlag)
