"""民事诉讼法 Art.85 at the edges: day 29, 30 and 31 of a 30-day period whose last day is a holiday,
and a loaded calendar that corrects a year chinesecalendar ships with."""
from datetime import date, datetime, timezone

import pytest

from chalicelib.adapters.calendar_source import builtin_is_workday
from chalicelib.domain.confirmation import check_window, confirmation_window_closes
from chalicelib.domain.deadlines import CHINA, end_of_day, extended_deadline, mediation_deadline
from chalicelib.domain.exceptions import RuleViolation
from chalicelib.domain.periods import last_day
from chalicelib.domain.workdays import WorkdayCalendar, YearSchedule

# Accepted Monday 2025-09-01 (CST): day 30 is 2025-10-01, National Day; the holiday runs to Oct 8.
ACCEPTED = datetime(2025, 9, 1, 2, 0, tzinfo=timezone.utc)


def official() -> WorkdayCalendar:
    return WorkdayCalendar(builtin=builtin_is_workday)


def cst(year, month, day, hour=12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=CHINA)


def test_a_mediation_limit_ending_on_national_day_runs_to_the_first_working_day_after():
    due = mediation_deadline(ACCEPTED, "pre_filing", official())
    assert due == end_of_day(date(2025, 10, 9))
    for day in (cst(2025, 9, 30), cst(2025, 10, 1), cst(2025, 10, 2), cst(2025, 10, 9, 23)):  # day 29, 30, 31, last
        assert day < due
    assert cst(2025, 10, 10, 0) > due


def test_without_a_holiday_at_the_end_day_31_is_late():
    due = mediation_deadline(datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc), "pre_filing", official())
    assert due == end_of_day(date(2026, 4, 1))  # day 30, a Wednesday
    assert cst(2026, 3, 31) < due and cst(2026, 4, 1, 23) < due  # day 29, day 30
    assert cst(2026, 4, 2, 0) > due  # day 31


def test_a_limit_ending_on_a_make_up_working_saturday_ends_that_day():
    # 2025-10-11 is a Saturday worked for the holiday: 2025-09-26 + 15 days.
    due = mediation_deadline(datetime(2025, 9, 26, 2, tzinfo=timezone.utc), "ordinary", official())
    assert due == end_of_day(date(2025, 10, 11))


def test_an_extension_counts_from_the_current_limit_and_rolls_past_a_holiday():
    # limit 2026-09-21 + 10 days = 2026-10-01 (National Day 2026: Oct 1-7) → Oct 8
    assert extended_deadline(end_of_day(date(2026, 9, 21)), 10, official()) == end_of_day(date(2026, 10, 8))


@pytest.mark.parametrize("today, in_time", [(date(2025, 9, 30), True), (date(2025, 10, 1), True),
                                            (date(2025, 10, 2), True), (date(2025, 10, 9), True),
                                            (date(2025, 10, 10), False)])
def test_the_confirmation_window_day_29_30_31_with_a_holiday_at_the_end(today, in_time):
    effective = date(2025, 9, 1)
    assert confirmation_window_closes(effective, official().is_workday) == date(2025, 10, 9)
    if in_time:
        check_window(effective, today, official().is_workday)
    else:
        with pytest.raises(RuleViolation, match="2025年10月9日"):
            check_window(effective, today, official().is_workday)


def test_a_loaded_schedule_overrides_a_year_the_library_ships_with():
    # Say the State Council moved a 2026 holiday after the library shipped: 2026-03-02 (Mon) is now off,
    # and Sunday 2026-03-08 is worked instead.
    corrected = YearSchedule.from_dict({"year": 2026, "holidays": ["2026-03-02"], "workdays": ["2026-03-08"]})
    cal = WorkdayCalendar(builtin=builtin_is_workday, loader=lambda year: corrected if year == 2026 else None)
    assert builtin_is_workday(date(2026, 3, 2)) and not cal.is_workday(date(2026, 3, 2))
    assert not builtin_is_workday(date(2026, 3, 8)) and cal.is_workday(date(2026, 3, 8))
    assert cal.is_workday(date(2025, 10, 11))  # another year still reads the library
    assert cal.fallback_years == set()


def test_last_day_is_the_next_working_day_only_when_it_must_be():
    weekdays = lambda d: d.weekday() < 5  # noqa: E731 - a calendar of weekends only
    assert last_day(date(2026, 6, 1), 30, weekdays) == date(2026, 7, 1)  # Wednesday
    assert last_day(date(2026, 5, 15), 30, weekdays) == date(2026, 6, 15)  # Sunday 14 → Monday 15
