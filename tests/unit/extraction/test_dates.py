from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.extraction.dates import find_dates, parse_date, period_end

LOWER = "〇一二三四五六七八九"


def lower(n: int) -> str:
    tens, units = divmod(n, 10)
    return ("" if not tens else ("" if tens == 1 else LOWER[tens]) + "十") + (LOWER[units] if units else "")


days = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))


@given(days)
def test_every_written_form_round_trips(day):
    forms = [
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y}年{day:%m}月{day:%d}日",
        f"{day.year} 年 {day.month} 月 {day.day} 日",
        "".join(LOWER[int(c)] for c in str(day.year)) + f"年{lower(day.month)}月{lower(day.day)}日",
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
    ]
    for text in forms:
        assert parse_date(f"于{text}前") == day, text


@pytest.mark.parametrize("text", ["二〇二三年二月三十日", "2023年13月1日", "20230506", "1.5.2023"])
def test_impossible_or_ambiguous_dates_are_not_read(text):
    assert find_dates(text) == []


def test_zero_written_as_circle_or_ling():
    assert parse_date("二零二三年十月三十一日") == date(2023, 10, 31)


@pytest.mark.parametrize("start, count, unit, end", [
    (date(2023, 6, 1), 10, "日", date(2023, 6, 11)),  # the starting day is not counted
    (date(2023, 6, 20), 15, "天", date(2023, 7, 5)),
    (date(2024, 2, 20), 10, "日", date(2024, 3, 1)),  # leap year
    (date(2023, 6, 1), 3, "个月", date(2023, 9, 1)),
    (date(2024, 1, 31), 1, "个月", date(2024, 2, 29)),  # no 31st in February: its last day
    (date(2023, 1, 31), 1, "个月", date(2023, 2, 28)),
    (date(2023, 11, 30), 3, "个月", date(2024, 2, 29)),
    (date(2023, 12, 15), 12, "个月", date(2024, 12, 15)),
    (date(2024, 2, 29), 1, "年", date(2025, 2, 28)),
])
def test_period_end(start, count, unit, end):
    assert period_end(start, count, unit) == end


def test_a_period_past_the_calendar_has_no_end():
    assert period_end(date(9999, 12, 1), 1, "个月") is None
    assert period_end(date(9999, 12, 30), 5, "日") is None


def test_the_digit_zero_inside_chinese_numerals_and_dotted_dates():
    assert parse_date("二0二四年三月五日") == date(2024, 3, 5)
    assert parse_date("一九九0年十月十日出生") == date(1990, 10, 10)
    assert parse_date("于2024.3.5前支付") == date(2024, 3, 5)


def test_a_time_glued_to_a_date():
    assert parse_date("电子签名时间：2024-02-2811:41") == date(2024, 2, 28)
    assert find_dates("编号20240228113") == []
