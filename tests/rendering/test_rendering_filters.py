from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.rendering.filters import as_list, category_label, cn_date, dash, mask_id, money, money_upper


@pytest.mark.parametrize("amount, upper", [
    ("123456.00", "壹拾贰万叁仟肆佰伍拾陆元整"),
    ("100000.50", "壹拾万元伍角"),
    ("100000.05", "壹拾万元零伍分"),
    ("0.05", "伍分"),
    ("0.50", "伍角"),
    ("10.00", "壹拾元整"),
    ("10", "壹拾元整"),
    ("1001.01", "壹仟零壹元零壹分"),
    ("1010.00", "壹仟零壹拾元整"),
    ("105000", "壹拾万伍仟元整"),
    ("1010101.10", "壹佰零壹万零壹佰零壹元壹角"),
    ("200000001.00", "贰亿零壹元整"),
    ("0", "零元整"),
    ("12.345", "壹拾贰元叁角伍分"),  # rounded half-up to the fen, not truncated
    (Decimal("80000"), "捌万元整"),
    ("123,456.00", "壹拾贰万叁仟肆佰伍拾陆元整"),
])
def test_money_upper_writes_financial_capitals(amount, upper):
    assert money_upper(amount) == upper


def test_money_upper_and_money_show_a_dash_for_no_amount():
    assert money_upper(None) == "—"
    assert money(None) == "—"
    assert money("") == "—"


def test_values_that_are_not_money_or_dates_are_shown_as_written():
    assert money_upper("八万元") == "八万元"
    assert money("八万元") == "八万元"
    assert money_upper("NaN") == "NaN"
    assert cn_date("2023年5月") == "2023年5月"
    assert cn_date("") == "—"


def test_money_groups_thousands_with_two_places():
    assert money("80000") == "80,000.00"
    assert money("0.5") == "0.50"


_DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_UNITS = {"拾": 10, "佰": 100, "仟": 1000}


def parse_upper(text: str) -> Decimal:
    """An independent reader of 大写金额, the oracle for the round trip (cn2an cannot read 伍分 back)."""
    integer_part, _, fraction = text.partition("元") if "元" in text else ("", "", text)
    total = section = digit = 0
    for ch in integer_part:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section, digit = section + digit * _UNITS[ch], 0
        elif ch == "万":
            section, digit = (section + digit) * 10_000, 0
        elif ch == "亿":
            total, section, digit = (total + section + digit) * 100_000_000, 0, 0
        else:
            raise AssertionError(f"unexpected {ch!r} in {text!r}")
    cents = digit_before = 0
    for ch in fraction:
        if ch in _DIGITS:
            digit_before = _DIGITS[ch]
        elif ch == "角":
            cents += 10 * digit_before
        elif ch == "分":
            cents += digit_before
        elif ch != "整":
            raise AssertionError(f"unexpected {ch!r} in {text!r}")
    return Decimal(total + section + digit) + Decimal(cents) / 100


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_money_upper_round_trips(amount):
    upper = money_upper(amount)
    assert parse_upper(upper) == amount
    assert "零零" not in upper
    assert upper.endswith("整") == (amount == amount.to_integral_value())
    assert not upper.startswith("零") or amount == 0


@pytest.mark.parametrize("value, expected", [
    ("2023-05-06", "2023年5月6日"),
    (date(2026, 12, 31), "2026年12月31日"),
    ("2023-05-06T10:00:00+08:00", "2023年5月6日"),
    (None, "—"),
])
def test_cn_date(value, expected):
    assert cn_date(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("2023-05-06", "二〇二三年五月六日"),
    ("2020-10-10", "二〇二〇年十月十日"),
    ("2026-11-27", "二〇二六年十一月二十七日"),
    ("2000-12-30", "二〇〇〇年十二月三十日"),
])
def test_cn_date_upper_style(value, expected):
    assert cn_date(value, "upper") == expected


@pytest.mark.parametrize("value, expected", [
    ("410711197612233848", "4107**********3848"),
    ("41070219800229561x", "4107**********561x"),
    ("410711761223384", "4107*******3384"),  # old 15-digit card
    ("914107046UARJR4A0U", "9141**********4A0U"),  # a credit code too (CONTRACT R2)
    ("4107", "**07"),  # malformed: only its end
    (None, "—"),
    ("  ", "—"),
])
def test_mask_id(value, expected):
    assert mask_id(value) == expected


def test_small_filters():
    assert dash(None) == "—" and dash(" ") == "—" and dash(0) == 0
    assert category_label("family") == "婚姻家庭继承纠纷"
    assert category_label(None) == "民事纠纷"
    assert category_label("unknown-key") == "unknown-key"
    assert as_list("一段") == ["一段"]
    assert as_list(["a", None, "", "b"]) == ["a", "b"]
    assert as_list(None) == []
