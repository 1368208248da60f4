"""Calculator API shapes (CAL-2…CAL-5): inputs build PeriodOptions, outputs echo the request."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gasdesk.business_calendar.holidays import DayKind
from gasdesk.business_calendar.periods import PeriodOptions
from gasdesk.business_calendar.units import Unit

# Input sanity bound (not a handbook number): keeps a request from looping for minutes.
MAX_AMOUNT = 100_000


class PeriodOptionsInput(serializers.Serializer[Any]):
    """The pack's calendar conventions; the calculator lets the caller try them."""

    unit = serializers.ChoiceField(choices=[(u.value, u.value) for u in Unit])
    natural_day_holiday_extension = serializers.BooleanField(default=False)
    close_of_business = serializers.TimeField(required=False, allow_null=True, default=None)
    working_hours = serializers.ListField(
        child=serializers.TimeField(), min_length=2, max_length=2, required=False, default=None
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        hours = attrs.pop("working_hours")
        if hours is not None and not hours[0] < hours[1]:
            raise serializers.ValidationError({"working_hours": "上班时间须早于下班时间"})
        if attrs["unit"] == Unit.WORKING_HOURS and hours is None:
            raise serializers.ValidationError({"working_hours": "按工作时间计算时须给出上下班时间"})
        attrs["unit"] = Unit(attrs["unit"])
        attrs["options"] = PeriodOptions(
            natural_day_holiday_extension=attrs.pop("natural_day_holiday_extension"),
            close_of_business=attrs.pop("close_of_business"),
            working_hours=tuple(hours) if hours else None,
        )
        return attrs


class DeadlineInput(PeriodOptionsInput):
    start = serializers.DateTimeField()
    amount = serializers.IntegerField(min_value=0, max_value=MAX_AMOUNT)


class DeadlineOutput(serializers.Serializer[Any]):
    start = serializers.DateTimeField()
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    deadline = serializers.DateTimeField()


class ElapsedInput(PeriodOptionsInput):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class ElapsedOutput(serializers.Serializer[Any]):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    unit = serializers.CharField()
    elapsed = serializers.DecimalField(max_digits=24, decimal_places=4)


class CalendarDaysQuery(serializers.Serializer[Any]):
    """`?from=&to=` (both dates, inclusive); `from` is a Python keyword, hence get_fields."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(help_text="第一天（含）")
        fields["to"] = serializers.DateField(help_text="最后一天（含）")
        return fields


class CalendarDaySerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    is_workday = serializers.BooleanField()
    kind = serializers.ChoiceField(
        choices=[kind.value for kind in DayKind], help_text="工作日 / 调休上班 / 周末 / 法定节假日"
    )
    name = serializers.CharField(help_text="节日名称（节假日和调休上班日）")
