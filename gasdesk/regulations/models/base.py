"""Columns every counter record shares (APPT, NOTIFY, TLC, HELP): the unit that keeps it and
the customer it concerns, plus the pack version whose numbers it was computed with."""

from __future__ import annotations

from django.db import models


class AtUnit(models.Model):
    """A record kept by a unit (the org scope) about a customer, if one is in the archive."""

    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="办理单位", on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name="客户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class UnderPack(AtUnit):
    """A record whose deadlines or lists came from a pack: it remembers which version."""

    pack = models.ForeignKey(
        "standards.StandardPack",
        verbose_name="服务标准版本",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
