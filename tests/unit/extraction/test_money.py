from __future__ import annotations

from decimal import Decimal

import cn2an  # the reference the engine's own converter is checked against
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.extraction.money import chinese_number, find_amounts, format_amount, parse_amount

UPPER = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")


def upper_yuan(amount: Decimal) -> str:
    """Reference writer of financial capitals, independent of cn2an."""
    yuan, fen = int(amount), int(amount * 100) % 100

    def group(n: int) -> str:
        out, zero = "", False
        for i, d in enumerate(f"{n:04d}"):
            if d == "0":
                zero = bool(out)
                continue
            out += ("零" if zero else "") + UPPER[int(d)] + UNITS[3 - i]
            zero = False
        return out

    parts, rest, index = [], yuan, 0
    while rest:
        parts.append((rest % 10000, index))
        rest //= 10000
        index += 1
    text = ""
    for n, i in reversed(parts):
        if n:
            text += ("零" if text and n < 1000 else "") + group(n) + ("", "万", "亿")[i]
    text = (text or "零") + "元"
    jiao, fen_digit = divmod(fen, 10)
    if not fen:
        return text + "整"
    text += (UPPER[jiao] + "角") if jiao else "零"
    return text + (UPPER[fen_digit] + "分" if fen_digit else "")


amounts = st.builds(lambda y, f: Decimal(y) + Decimal(f) / 100,
                    st.integers(min_value=1, max_value=999_999_999), st.integers(min_value=0, max_value=99))


@given(amounts)
def test_upper_case_amounts_round_trip(amount):
    assert parse_amount("人民币" + upper_yuan(amount)) == amount


@given(amounts)
def test_arabic_forms_round_trip(amount):
    for written in (f"¥{amount:,.2f}", f"{amount:,.2f}元", f"{amount}元", f"人民币{amount}元", f"RMB {amount}元"):
        assert parse_amount(written) == amount, written


@given(st.integers(min_value=1, max_value=99_999_999))
def test_wan_yuan(yuan):
    wan = (Decimal(yuan) / 10000).normalize()
    assert parse_amount(f"{wan:f}万元") == Decimal(yuan)


@given(amounts)
def test_formatting_has_two_places(amount):
    text = format_amount(amount)
    assert text == f"{amount:.2f}"


@pytest.mark.parametrize(("text", "value"), [
    ("人民币壹拾贰万叁仟肆佰伍拾陆元整", "123456.00"),
    ("¥123,456.00", "123456.00"),
    ("12.3456万元", "123456.00"),
    ("123456元", "123456.00"),
    ("叁佰元伍角陆分", "300.56"),
    ("5元3角", "5.30"),
    ("五万元", "50000.00"),
    ("共计8万8千元", "88000.00"),
    ("￥1,234.50元", "1234.50"),
])
def test_written_forms(text, value):
    assert format_amount(parse_amount(text)) == value


@pytest.mark.parametrize("text", ["2023年5月6日", "3万平方米", "第12号", "13800138000", "2万"])
def test_non_money_is_ignored(text):
    assert find_amounts(text) == []


def test_a_restated_amount_counts_once():
    assert [str(v) for v, _, _ in find_amounts("人民币壹万元整（¥10,000.00）")] == ["10000.00"]


@settings(deadline=None)  # cn2an is slow on a loaded machine; the result is what is tested
@given(st.integers(min_value=0, max_value=10 ** 11))
def test_chinese_numerals_read_as_cn2an_reads_them(n):
    """The converter agrees with cn2an (kept for rendering) on capitals and on lower-case numerals."""
    capitals = upper_yuan(Decimal(n)).removesuffix("元整").removesuffix("元")
    lower = cn2an.an2cn(str(n))
    assert chinese_number(capitals) == n == cn2an.cn2an(capitals, "smart")
    assert chinese_number(lower) == n


@pytest.mark.parametrize(("text", "value"), [("两", 2), ("十二", 12), ("8万8千", 88000), ("1.5万", 15000),
                                             ("一万零五百", 10500), ("萬", None), ("千千", None), ("一二", None)])
def test_chinese_numerals_in_the_forms_amounts_take(text, value):
    assert chinese_number(text) == value
