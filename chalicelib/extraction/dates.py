"""Dates as written in Chinese documents → `datetime.date`.

`2023年5月6日`, `2023 年 05 月 06 日`, `二〇二三年五月六日` (also with ○/零/0 for
zero: `二0二四年`), `2023-05-06`, `2023/5/6`, `2023.5.6`; and the end of a period
(`十日`, `3个月`) counted from a known day.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")}
# the zero also typed as a letter O or as the digit 0 inside Chinese numerals (`二0二四年`)
_CN_DIGIT.update({"零": 0, "O": 0, "o": 0, "0": 0})
_CN_CHARS = "〇零Oo0一二三四五六七八九十"

_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)[0-9]{2})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*[日号]"
    rf"|(?P<cy>[{_CN_CHARS[:-1]}]{{4}})\s*年\s*(?P<cm>[{_CN_CHARS}]{{1,2}})\s*月\s*(?P<cd>[{_CN_CHARS}]{{1,3}})\s*[日号]"
    r"|(?<![0-9])(?P<iy>(?:19|20)[0-9]{2})(?P<sep>[-/.])(?P<im>[0-9]{1,2})(?P=sep)(?P<id>[0-9]{1,2})"
    r"(?:(?![0-9])|(?=[0-9]{2}:[0-9]{2}))"  # a time may follow with its space lost: `2024-02-2811:41`
)


def _cn_small(text: str) -> int | None:
    """一 … 三十一 (month and day numerals)."""
    if "十" not in text:
        return _CN_DIGIT.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    tens_value = _CN_DIGIT.get(tens, None) if tens else 1
    units_value = _CN_DIGIT.get(units, None) if units else 0
    if tens_value is None or units_value is None:
        return None
    return tens_value * 10 + units_value


def _build(year: int | None, month: int | None, day: int | None) -> date | None:
    if None in (year, month, day):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _from_match(m: re.Match) -> date | None:
    if m.group("y"):
        return _build(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if m.group("cy"):
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group("cy")))
        return _build(year, _cn_small(m.group("cm")), _cn_small(m.group("cd")))
    return _build(int(m.group("iy")), int(m.group("im")), int(m.group("id")))


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every valid date in `text` as (date, start, end), in order."""
    out = []
    for m in _DATE_RE.finditer(text):
        value = _from_match(m)
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


def parse_date(text: str) -> date | None:
    """The first date in `text`, or None."""
    found = find_dates(text)
    return found[0][0] if found else None


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def period_end(start: date, count: int, unit: str) -> date | None:
    """Last day of a period of `count` 日/天, 个月 or 年 counted from `start` (期间计算).

    As the Civil Code counts (民法典 第二百零一、二百零二条): the starting day is
    not counted, so 十日 from 6月1日 ends on 6月11日; a month or year ends on the
    same day of its last month, or on that month's last day when it has none
    (1月31日 + 1个月 → 2月28/29日). Calendar days: a last day falling on a
    public holiday is not moved (第二百零三条), which needs the State Council schedule.
    """
    try:
        if unit in ("日", "天"):
            return start + timedelta(days=count)
        months = start.month - 1 + count * (12 if unit == "年" else 1)
        year, month = start.year + months // 12, months % 12 + 1
        return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    except (OverflowError, ValueError):  # past the year 9999
        return None
