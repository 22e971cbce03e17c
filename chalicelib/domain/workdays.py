"""Working days on the official Chinese calendar (法定节假日 and 调休 make-up days).

The built-in calendar (chinesecalendar, injected by the adapter) knows only the
years it shipped with. Operators load a year's schedule (published by the State
Council each November) as a `YearSchedule` (`PUT /calendars/{year}`); a loaded
schedule wins over the built-in one for every year, the bundled ones included,
so a correction (a holiday moved after the library shipped) takes effect without
a deploy. Schedules given up front in `schedules` count as loaded. For a year
neither knows, the documented fallback is Monday–Friday; the calendar remembers
those years in `fallback_years` so callers can flag the deadline.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from chalicelib.domain.exceptions import InvalidValue


@dataclass(frozen=True)
class YearSchedule:
    year: int
    holidays: frozenset[date] = frozenset()  # days off that would otherwise be working days
    workdays: frozenset[date] = frozenset()  # make-up working days (调休上班) on weekends

    @classmethod
    def from_dict(cls, raw: dict) -> "YearSchedule":
        year = int(raw["year"])
        holidays = frozenset(date.fromisoformat(d) for d in raw.get("holidays", []))
        workdays = frozenset(date.fromisoformat(d) for d in raw.get("workdays", []))
        for day in holidays | workdays:
            if day.year != year:
                raise InvalidValue(f"{day} is not in {year}", code="invalid_calendar")
        if holidays & workdays:
            raise InvalidValue("a day cannot be both a holiday and a make-up working day", code="invalid_calendar")
        return cls(year, holidays, workdays)

    def to_dict(self) -> dict:
        return {"year": self.year, "holidays": sorted(d.isoformat() for d in self.holidays),
                "workdays": sorted(d.isoformat() for d in self.workdays)}

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


@dataclass
class WorkdayCalendar:
    """`builtin(day)` answers or raises NotImplementedError for a year it does not know;
    `loader(year)` returns an operator-loaded schedule for such a year, or None."""

    builtin: Callable[[date], bool] | None = None
    loader: Callable[[int], YearSchedule | None] | None = None
    schedules: dict[int, YearSchedule | None] = field(default_factory=dict)
    fallback_years: set[int] = field(default_factory=set)

    def is_workday(self, day: date) -> bool:
        schedule = self._schedule(day.year)
        if schedule is not None:
            return schedule.is_workday(day)
        if self.builtin is not None:
            try:
                return self.builtin(day)
            except NotImplementedError:
                pass
        self.fallback_years.add(day.year)
        return day.weekday() < 5

    def _schedule(self, year: int) -> YearSchedule | None:
        if year not in self.schedules:
            self.schedules[year] = self.loader(year) if self.loader else None
        return self.schedules[year]

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (start itself not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return day

    def working_day_before(self, day: date) -> date:
        """The last working day before `day` (a reminder "one working day ahead" goes out on it)."""
        day -= timedelta(days=1)
        while not self.is_workday(day):
            day -= timedelta(days=1)
        return day
