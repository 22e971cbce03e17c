from datetime import date, datetime, timezone

import pytest

from chalicelib.adapters.calendar_source import builtin_is_workday
from chalicelib.domain.deadlines import acceptance_deadline, mediation_deadline
from chalicelib.domain.workdays import WorkdayCalendar, YearSchedule


def official() -> WorkdayCalendar:
    return WorkdayCalendar(builtin=builtin_is_workday)


def test_three_working_days_skip_the_national_day_holiday():
    # Assigned Tuesday 2025-09-30 (CST): Oct 1-8 are holidays, Sat Oct 11 is a make-up working day.
    assigned = datetime(2025, 9, 30, 1, 0, tzinfo=timezone.utc)
    due = acceptance_deadline(assigned, official())
    # Thu 9, Fri 10, Sat 11 (make-up): the end of Saturday Oct 11 in China.
    assert due == datetime(2025, 10, 11, 15, 59, 59, tzinfo=timezone.utc)


def test_a_make_up_working_day_counts():
    # Thu 2025-10-09 + 3 working days: Fri 10, Sat 11 (调休上班), Mon 13.
    cal = official()
    assert cal.add_working_days(date(2025, 10, 9), 3) == date(2025, 10, 13)
    assert cal.fallback_years == set()


def test_the_day_is_the_china_date_not_the_utc_date():
    # 2026-03-02 17:00 UTC is already Tuesday in China.
    due = acceptance_deadline(datetime(2026, 3, 2, 17, 0, tzinfo=timezone.utc), official())
    assert due.astimezone(timezone.utc).date() == date(2026, 3, 6)


def test_a_loaded_schedule_covers_a_year_the_library_does_not_know():
    schedule = YearSchedule.from_dict({"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-01-09"]})
    cal = WorkdayCalendar(builtin=builtin_is_workday, loader=lambda year: schedule if year == 2027 else None)
    # Thu 2026-12-31 + 3: Fri Jan 1 holiday, Mon 4, Tue 5, Wed 6.
    assert cal.add_working_days(date(2026, 12, 31), 3) == date(2027, 1, 6)
    assert cal.is_workday(date(2027, 1, 9))  # Saturday, make-up day
    assert cal.fallback_years == set()


def test_without_a_schedule_the_fallback_is_monday_to_friday_and_is_reported():
    cal = WorkdayCalendar(builtin=builtin_is_workday, loader=lambda year: None)
    assert cal.add_working_days(date(2027, 1, 1), 3) == date(2027, 1, 6)
    assert cal.fallback_years == {2027}


def test_a_schedule_with_a_day_of_another_year_is_refused():
    with pytest.raises(ValueError):
        YearSchedule.from_dict({"year": 2027, "holidays": ["2026-12-31"]})


@pytest.mark.parametrize("procedure, days", [("pre_filing", 30), ("ordinary", 15), ("simple", 7)])
def test_the_mediation_limit_runs_from_acceptance(procedure, days):
    accepted = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
    due = mediation_deadline(accepted, procedure, official())  # every last day here is a working day
    assert (due.date() - date(2026, 3, 2)).days == days
