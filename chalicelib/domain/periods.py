"""Periods counted in days (期间), as 民事诉讼法 Art.85 counts them.

- The day the period starts (the day of the triggering event) is not counted;
  day 1 is the next day, so a 30-day period ends on start + 30 days.
- When the last day is a statutory holiday (法定休假日: public holidays and
  weekends; a make-up working day 调休上班 is not one), the period ends on the
  first working day after it.

Every period the platform enforces or prints (the mediation time limit, its
extension, the judicial-confirmation window) is computed here, so the date a
document prints is the date the code enforces.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

IsWorkday = Callable[[date], bool]


def last_day(start: date, days: int, is_workday: IsWorkday) -> date:
    """The last day (inclusive) of a `days`-day period that starts on `start`."""
    return next_working_day(start + timedelta(days=days), is_workday)


def next_working_day(day: date, is_workday: IsWorkday) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day
