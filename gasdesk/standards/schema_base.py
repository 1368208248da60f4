"""Shared shapes of the pack document: the frozen base model and the enums every section uses.

Split from schema.py so that the per-area sections (standards/sections/) and the top-level Pack
can both import them without a cycle.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tier(StrEnum):
    """Customer tiers (客户分级, CUST-2/3); API codes are these values."""

    VIP = "vip"  # VIP客户
    IMPORTANT = "important"  # 重点客户
    KEY = "key"  # 关键客户
    GENERAL = "general"  # 一般客户


TIER_LABELS = {Tier.VIP: "VIP", Tier.IMPORTANT: "重点", Tier.KEY: "关键", Tier.GENERAL: "一般"}


class Category(StrEnum):
    RESIDENTIAL = "residential"  # 民用户 (A类)
    COMMERCIAL = "commercial"  # 工商户 (B类)


class Area(StrEnum):
    URBAN = "urban"  # 市区
    REMOTE = "remote"  # 偏远地区


class CustomerFlag(StrEnum):
    """Customer attributes the tier and sampling rules may test (CUST-1)."""

    GOVERNMENT = "government"  # 政府核心人物及机构
    MEDIA = "media"  # 新闻媒体
    GOV_INFLUENTIAL = "gov_influential"  # 对政府有影响力的部门和机构
    RESIDENT_INFLUENCER = "resident_influencer"  # 对公司业务有较大影响的民用户
    VULNERABLE = "vulnerable"  # 社会弱势群体
    COMPLAINED = "complained"  # 产生过投诉
    STABLE_USE = "stable_use"  # 用气较为均匀稳定
    EASY_EXIT = "easy_exit"  # 退出较为容易、有可替代能源
    NO_ALTERNATIVE = "no_alternative"  # 无替代选择、退出较难
    PILLAR_INDUSTRY = "pillar_industry"  # 支柱产业
    HAZARD = "hazard"  # 安全隐患用户
    KEY_CARE = "key_care"  # 重点关怀用户
