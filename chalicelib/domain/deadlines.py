"""Deadlines of a case: acceptance by the mediator and the mediation time limit.

- Acceptance: the assigned mediator answers within 3 working days.
- Mediation (调解期限), counted from acceptance: 30 days for pre-filing
  (委派) and direct applications, 15 days for entrusted (委托) cases under the
  ordinary procedure and 7 under the simple procedure. It may be extended only
  when every party agrees (chalicelib.domain.extensions). Its last day is
  counted as 民事诉讼法 Art.85 counts periods (chalicelib.domain.periods): a
  limit ending on a holiday runs to the next working day.

A deadline falls at the end of its day in China Standard Time and is stored
as an ISO-8601 UTC timestamp.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from chalicelib.domain.periods import last_day
from chalicelib.domain.workdays import WorkdayCalendar

CHINA = timezone(timedelta(hours=8), "CST")
ACCEPTANCE_WORKING_DAYS = 3
MEDIATION_DAYS = {"pre_filing": 30, "ordinary": 15, "simple": 7}
# No deadline falls sooner than this after the status change that starts it (n working days span at
# least n calendar days, and a deadline ends its day), so older cases are all the sweep needs to read.
SOONEST_ACCEPTANCE = timedelta(days=ACCEPTANCE_WORKING_DAYS)
SOONEST_MEDIATION_END = timedelta(days=min(MEDIATION_DAYS.values()))


def china_date(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), CHINA).astimezone(timezone.utc)


def acceptance_deadline(assigned_at: datetime, calendar: WorkdayCalendar) -> datetime:
    return end_of_day(calendar.add_working_days(china_date(assigned_at), ACCEPTANCE_WORKING_DAYS))


def mediation_deadline(accepted_at: datetime, procedure: str, calendar: WorkdayCalendar) -> datetime:
    return end_of_day(last_day(china_date(accepted_at), MEDIATION_DAYS[procedure], calendar.is_workday))


def extended_deadline(due: datetime, days: int, calendar: WorkdayCalendar) -> datetime:
    """The time limit `days` days past the current one, its last day counted as Art.85 counts it."""
    return end_of_day(last_day(china_date(due), days, calendar.is_workday))


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
