from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.extraction.dates import find_dates, parse_date

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
