"""Period units a pack may use (CAL-2…4); the arithmetic lives in periods.py."""

from enum import StrEnum


class Unit(StrEnum):
    MINUTES = "minutes"  # elapsed clock minutes (CAL-2)
    HOURS = "hours"  # elapsed clock hours (CAL-2)
    NATURAL_DAYS = "natural_days"  # 自然日, Civil Code 201/203 (CAL-3)
    WORKING_DAYS = "working_days"  # 工作日 incl. 调休 make-up days (CAL-4)
    WORKING_HOURS = "working_hours"  # hours inside the pack's working time on working days
