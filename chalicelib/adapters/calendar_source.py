"""The official calendar: chinesecalendar for the years it knows, loaded schedules for the rest."""
from __future__ import annotations

import time
from datetime import date

from chalicelib.adapters.roster_repository import RosterRepository
from chalicelib.domain.workdays import WorkdayCalendar, YearSchedule

SCHEDULE_CACHE_SECONDS = 300


def builtin_is_workday(day: date) -> bool:
    import chinese_calendar

    return chinese_calendar.is_workday(day)


class CalendarSource:
    """Builds calendars; loaded schedules are read from the roster table and cached briefly."""

    def __init__(self, roster: RosterRepository, clock=time.monotonic):
        self._roster = roster
        self._clock = clock
        self._cache: dict[int, tuple[float, YearSchedule | None]] = {}

    def calendar(self) -> WorkdayCalendar:
        return WorkdayCalendar(builtin=builtin_is_workday, loader=self._load)

    def forget(self, year: int) -> None:
        """A schedule was just loaded: this process uses it at once (others within SCHEDULE_CACHE_SECONDS)."""
        self._cache.pop(year, None)

    def _load(self, year: int) -> YearSchedule | None:
        cached = self._cache.get(year)
        if cached is None or self._clock() - cached[0] > SCHEDULE_CACHE_SECONDS:
            cached = (self._clock(), self._roster.calendar(year))
            self._cache[year] = cached
        return cached[1]
