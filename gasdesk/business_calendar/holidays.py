"""China's statutory working days from chinesecalendar plus an override table (CAL-4).

chinesecalendar knows the State Council's holiday schedule only for the years it ships; outside
them we raise CalendarDataMissing rather than guess. The override table corrects single days and,
for a year declared complete, replaces chinesecalendar altogether (weekdays work, weekends rest,
overrides mark the holidays and 调休 make-up workdays).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from chinese_calendar import constants as _statutory

from gasdesk.business_calendar.periods import CalendarDataMissing

_HOLIDAYS: Mapping[date, str] = _statutory.holidays
_MAKEUP_WORKDAYS: Mapping[date, str] = _statutory.workdays
# The years chinesecalendar describes in full (its own range check uses the holiday dict too).
STATUTORY_YEARS = range(min(_HOLIDAYS).year, max(_HOLIDAYS).year + 1)
_CHINESE_NAMES: Mapping[str, str] = {
    str(holiday.value): str(holiday.chinese) for holiday in _statutory.Holiday
}
_NO_OVERRIDES: Mapping[date, bool] = MappingProxyType({})
_NO_NAMES: Mapping[date, str] = MappingProxyType({})
_SATURDAY = 5


class DayKind(StrEnum):
    WORKDAY = "workday"  # 工作日
    MAKEUP_WORKDAY = "makeup_workday"  # 调休上班: a weekend day worked in exchange for a holiday
    WEEKEND = "weekend"  # 周末
    HOLIDAY = "holiday"  # 法定节假日 (and any rest day the override table adds)


@dataclass(frozen=True)
class DayInfo:
    day: date
    is_workday: bool
    kind: DayKind
    name: str  # Chinese holiday name for holidays and make-up days, else ""


class ChineseWorkdayCalendar:
    """WorkdayCalendar over chinesecalendar; an override for a day always wins.

    `complete_years` are years (usually ones chinesecalendar does not know yet) whose schedule
    the override table describes in full, so days without an override follow the weekday rule.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] = _NO_OVERRIDES,
        *,
        complete_years: Collection[int] = frozenset(),
        names: Mapping[date, str] = _NO_NAMES,
    ) -> None:
        self._overrides = dict(overrides)
        self._complete_years = frozenset(complete_years)
        self._names = dict(names)

    def is_workday(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        if day.year in self._complete_years:
            return day.weekday() < _SATURDAY
        self._require_statutory(day.year)
        return day in _MAKEUP_WORKDAYS or (day.weekday() < _SATURDAY and day not in _HOLIDAYS)

    def has_data_for(self, year: int) -> bool:
        return year in STATUTORY_YEARS or year in self._complete_years

    def describe(self, day: date) -> DayInfo:
        """The day as the calendar page shows it: working or not, why, and the holiday's name."""
        is_workday = self.is_workday(day)
        is_weekend = day.weekday() >= _SATURDAY
        name = self._name(day)
        if is_workday:
            kind = DayKind.MAKEUP_WORKDAY if is_weekend else DayKind.WORKDAY
        else:
            kind = DayKind.WEEKEND if is_weekend and not name else DayKind.HOLIDAY
        return DayInfo(day=day, is_workday=is_workday, kind=kind, name=name)

    def _name(self, day: date) -> str:
        """The override's name, else chinesecalendar's name in Chinese (unless the year is ours)."""
        if self._names.get(day) or day.year in self._complete_years:
            return self._names.get(day, "")
        english = _HOLIDAYS.get(day) or _MAKEUP_WORKDAYS.get(day)
        return _CHINESE_NAMES.get(english, english) if english else ""

    @staticmethod
    def _require_statutory(year: int) -> None:
        if year not in STATUTORY_YEARS:
            raise CalendarDataMissing(year)
