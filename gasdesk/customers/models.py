"""The customer archive (客户档案, CUST-1), its tier and tier history (CUST-4).

Search indexes (CUST-10) are declared here where both databases can use them; the PostgreSQL
trigram indexes for name/address fragments (migration 0002) and the C-collated name index for
1–2-character surname prefixes (migration 0003) are PostgreSQL-only (see selectors.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from gasdesk.core.models import Event
from gasdesk.customers.choices import (
    AREA_CHOICES,
    CATEGORY_CHOICES,
    FLAG_LABELS,
    TIER_CHOICES,
    flag_field,
)
from gasdesk.customers.masking import digits_of
from gasdesk.org.scoping import OrgScopedQuerySet
from gasdesk.standards.schema import CustomerFlag, Tier


class CustomerQuerySet(OrgScopedQuerySet["Customer"]):
    """Customers scoped by the owning service unit (`visible_to(user)`)."""


class Customer(models.Model):
    """One gas account (户号) as the rules see it: category, volumes, influence flags, tier.

    The tier is derived from the pack's tier rules and stored, so queues, deadlines and
    per-tier indicators (KPI-20) read a column; it changes only through the services, which log
    each change as a TierChange. `tier_is_manual` freezes it against recomputation.
    """

    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="所属单位", on_delete=models.PROTECT, related_name="customers"
    )
    # Unique by cust_account_no_uniq below, not `unique=True`: on PostgreSQL that also builds a
    # varchar_pattern_ops `_like` index for LIKE, which search never uses (ranges only).
    account_no = models.CharField("户号", max_length=32)
    name = models.CharField("姓名/名称", max_length=200)
    category = models.CharField("客户类别", max_length=20, choices=CATEGORY_CHOICES)
    id_number = models.CharField("证件号", max_length=40, blank=True)
    contract_volume_m3_per_day = models.DecimalField(
        "合同日用气量(m³/日)", max_digits=12, decimal_places=2, default=0
    )
    actual_volume_m3_per_day = models.DecimalField(
        "实际日用气量(m³/日)", max_digits=12, decimal_places=2, default=0
    )
    flag_government = models.BooleanField(FLAG_LABELS[CustomerFlag.GOVERNMENT], default=False)
    flag_media = models.BooleanField(FLAG_LABELS[CustomerFlag.MEDIA], default=False)
    flag_gov_influential = models.BooleanField(
        FLAG_LABELS[CustomerFlag.GOV_INFLUENTIAL], default=False
    )
    flag_resident_influencer = models.BooleanField(
        FLAG_LABELS[CustomerFlag.RESIDENT_INFLUENCER], default=False
    )
    flag_vulnerable = models.BooleanField(FLAG_LABELS[CustomerFlag.VULNERABLE], default=False)
    flag_complained = models.BooleanField(FLAG_LABELS[CustomerFlag.COMPLAINED], default=False)
    flag_stable_use = models.BooleanField(FLAG_LABELS[CustomerFlag.STABLE_USE], default=False)
    flag_easy_exit = models.BooleanField(FLAG_LABELS[CustomerFlag.EASY_EXIT], default=False)
    flag_no_alternative = models.BooleanField(
        FLAG_LABELS[CustomerFlag.NO_ALTERNATIVE], default=False
    )
    flag_pillar_industry = models.BooleanField(
        FLAG_LABELS[CustomerFlag.PILLAR_INDUSTRY], default=False
    )
    flag_hazard = models.BooleanField(FLAG_LABELS[CustomerFlag.HAZARD], default=False)
    flag_key_care = models.BooleanField(FLAG_LABELS[CustomerFlag.KEY_CARE], default=False)
    birthday = models.DateField("生日", null=True, blank=True)
    customer_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="客户经理",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_customers",
        db_index=False,  # partial index below: most accounts have no manager
    )
    tier = models.CharField(
        "客户等级", max_length=20, choices=TIER_CHOICES, default=Tier.GENERAL.value
    )
    tier_is_manual = models.BooleanField("人工调整等级", default=False)
    tier_reason = models.TextField("定级依据/调整原因", blank=True)
    is_active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        verbose_name = "客户"
        verbose_name_plural = verbose_name
        ordering = ["account_no"]
        indexes = [
            # CustomerFilter(tier=…) inside a scope and KPI-20 per-tier counts: tier first,
            # then the org_unit IN (subtree) list of visible_to().
            models.Index(fields=["tier", "org_unit"], name="cust_tier_unit_idx"),
            # A customer manager's portfolio (MGR-*, CustomerFilter customer_manager): only the
            # few managed accounts are indexed, so bulk imports do not pay for the NULLs.
            models.Index(
                fields=["customer_manager"],
                condition=models.Q(customer_manager__isnull=False),
                name="cust_manager_idx",
            ),
        ]
        constraints = [
            # Its unique index serves search_customers' account prefix range and exact match.
            models.UniqueConstraint(fields=["account_no"], name="cust_account_no_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.account_no} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.account_no = normalise_account_no(self.account_no)
        super().save(*args, **kwargs)

    def flags(self) -> frozenset[CustomerFlag]:
        return frozenset(flag for flag in CustomerFlag if getattr(self, flag_field(flag)))


def normalise_account_no(value: str) -> str:
    """Account numbers are stored upper-case without spaces, so a prefix range is exact."""
    return "".join(value.split()).upper()


class CustomerPhone(models.Model):
    """A contact number; `digits_reversed` makes "last 4 digits" an index range (CUST-10)."""

    customer = models.ForeignKey(
        Customer, verbose_name="客户", on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField("电话", max_length=40)
    digits = models.CharField("号码数字", max_length=32, editable=False)
    digits_reversed = models.CharField("号码数字倒序", max_length=32, editable=False)

    class Meta:
        verbose_name = "客户电话"
        verbose_name_plural = verbose_name
        ordering = ["id"]
        indexes = [
            # search_customers: full number or tail as a prefix range on the reversed digits.
            models.Index(fields=["digits_reversed"], name="cust_phone_rev_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalise()
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """Derive the searchable digits from the number as typed (also used before bulk_create)."""
        self.number = self.number.strip()
        self.digits = digits_of(self.number)
        self.digits_reversed = self.digits[::-1]


class CustomerAddress(models.Model):
    """A service address; its area (市区/偏远地区) decides emergency arrival targets (000 15(9))."""

    customer = models.ForeignKey(
        Customer, verbose_name="客户", on_delete=models.CASCADE, related_name="addresses"
    )
    text = models.CharField("地址", max_length=300)
    area = models.CharField("区域", max_length=10, choices=AREA_CHOICES)
    is_primary = models.BooleanField("主地址", default=False)

    class Meta:
        verbose_name = "客户地址"
        verbose_name_plural = verbose_name
        ordering = ["-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(is_primary=True),
                name="cust_one_primary_address",
            )
        ]

    def __str__(self) -> str:
        return self.text


class MeterKind(models.TextChoices):
    """Meter types met in the seeds (普表 charging, IC-card prepaid, smart, flow meters)."""

    ORDINARY = "ordinary", "普通机械表"
    PREPAID = "prepaid", "IC卡预付费表"
    SMART = "smart", "物联网智能表"
    FLOW = "flow", "工商业流量计"


class MeterQuerySet(models.QuerySet["Meter"]):
    def active(self) -> MeterQuerySet:
        """Meters still on site (a replaced meter keeps its row with `retired_on`, METER-1)."""
        return self.filter(retired_on__isnull=True)


class Meter(models.Model):
    """A gas meter of the customer (燃气设施信息, CUST-1); service life drives replacement.

    A replaced meter is not deleted or overwritten: `retired_on` is set and the new meter gets
    its own row, so campaign rows and history keep pointing at the meter that was there.
    """

    customer = models.ForeignKey(
        Customer, verbose_name="客户", on_delete=models.CASCADE, related_name="meters"
    )
    meter_no = models.CharField("表号", max_length=40)
    kind = models.CharField("表具类型", max_length=20, choices=MeterKind.choices)
    installed_on = models.DateField("安装日期", null=True, blank=True)
    service_life_years = models.PositiveSmallIntegerField("使用年限(年)", null=True, blank=True)
    retired_on = models.DateField("拆除日期", null=True, blank=True)

    objects = MeterQuerySet.as_manager()

    class Meta:
        verbose_name = "表具"
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self) -> str:
        return self.meter_no


class TierChangeKind(models.TextChoices):
    RECOMPUTED = "recomputed", "按规则重新定级"
    OVERRIDDEN = "overridden", "人工调整"
    OVERRIDE_CLEARED = "override_cleared", "取消人工调整"
    HAZARD_MARKED = "hazard_marked", "登记安全隐患"  # customers.field_updates
    HAZARD_CLEARED = "hazard_cleared", "隐患整改复查合格"
    METER_REPLACED = "meter_replaced", "更换表具"


class TierChange(Event):
    """CUST-4: every tier change (who, when, why, old → new); append-only, written by services."""

    customer = models.ForeignKey(
        Customer,
        verbose_name="客户",
        on_delete=models.PROTECT,
        related_name="tier_changes",
        db_index=False,  # cust_tierchange_idx (customer, at) leads with it
    )
    old_tier = models.CharField("原等级", max_length=20, choices=TIER_CHOICES)
    new_tier = models.CharField("新等级", max_length=20, choices=TIER_CHOICES)

    class Meta(Event.Meta):
        verbose_name = "客户等级变更"
        verbose_name_plural = verbose_name
        indexes = [
            # tier_history(customer): one customer's changes in time order.
            models.Index(fields=["customer", "at"], name="cust_tierchange_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.old_tier} → {self.new_tier}"

    @property
    def kind_label(self) -> str:
        """The kind in words (`Event.kind` is free text shared by every history table)."""
        try:
            return str(TierChangeKind(self.kind).label)
        except ValueError:
            return self.kind
