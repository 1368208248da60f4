"""The holiday override table that corrects or extends chinesecalendar (CAL-4).

Calendar data is entered by a system administrator (admin or `gasdesk holidays load`), never by a
migration. `updated_at` on both tables lets selectors.workday_calendar() see a change cheaply.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gasdesk.business_calendar.holidays import STATUTORY_YEARS


class HolidayOverride(models.Model):
    """One day whose status differs from, or is missing in, chinesecalendar.

    Used for a State Council notice published after the package release, a local government
    decision, or a correction. The override always wins over chinesecalendar.
    """

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField(
        "是否工作日", help_text="勾选：上班（含调休上班）；不勾选：休息"
    )
    name = models.CharField("节日名称", max_length=50, blank=True, help_text="如：春节、国庆节")
    note = models.TextField("依据/说明", blank=True, help_text="如：国务院办公厅通知文号")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "节假日调整"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        status = "上班" if self.is_workday else "休息"
        return f"{self.day:%Y-%m-%d} {status} {self.name}".strip()


class HolidayYear(models.Model):
    """A year chinesecalendar does not know whose whole schedule the override table describes.

    Without this row, any day of such a year that has no override raises CalendarDataMissing, so
    a half-entered year can never be mistaken for a year without holidays. With it, days without
    an override follow the weekday rule (Monday–Friday work).
    """

    year = models.PositiveSmallIntegerField(
        "年份",
        unique=True,
        validators=[MinValueValidator(1949), MaxValueValidator(2200)],
    )
    note = models.TextField(
        "依据/说明", blank=True, help_text="如：国务院办公厅关于节假日安排的通知"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "已完整录入节假日的年份"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.year}年"

    def clean(self) -> None:
        # Declaring a year chinesecalendar knows would silently drop its statutory holidays.
        if self.year in STATUTORY_YEARS:
            raise ValidationError({"year": f"{self.year}年的节假日已内置，只需登记个别调整日期"})
