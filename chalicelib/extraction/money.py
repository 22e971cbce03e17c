"""Money amounts written in Chinese documents → `Decimal` yuan, two places.

Handles upper-case numerals (`人民币壹拾贰万叁仟肆佰伍拾陆元整`, with 角/分),
lower-case ones (`五万元`), Arabic figures with separators and currency marks
(`¥123,456.00`, `RMB 5000元`), 万/亿 multipliers (`12.3456万元`) and mixed forms
(`8万8千元`). `chinese_number` converts the Chinese numerals.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

_CN_DIGITS = "零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖两貳參陸"
_CN_UNITS = "十拾百佰千仟万萬亿億"
_CN_NUM = f"[{_CN_DIGITS}{_CN_UNITS}]"
# `壹元零壹分`: a 零 stands for the missing 角
_FRACTION = rf"(?:零?(?P<jiao>[{_CN_DIGITS}0-9])角)?(?:零?(?P<fen>[{_CN_DIGITS}0-9])分)?"

_CHINESE_RE = re.compile(
    rf"(?:人民币|RMB|¥)?\s*(?P<yuan>{_CN_NUM}+|[0-9]+(?:\.[0-9]+)?[万萬亿億](?:[0-9]+[千仟百佰]?)*)\s*[元圆]{_FRACTION}整?"
    rf"|(?:人民币)(?P<only_jiao>[{_CN_DIGITS}])角(?:(?P<only_fen>[{_CN_DIGITS}])分)?"
)
_ARABIC_RE = re.compile(
    r"(?P<prefix>人民币|RMB|CNY|¥|￥)?\s*"
    r"(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)\s*"
    r"(?P<unit>亿元|万元|元|圆|亿|万)?"
    rf"{_FRACTION.replace('jiao', 'ajiao').replace('fen', 'afen')}"
)
_CENT = Decimal("0.01")


_NUMERAL_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_NUMERAL_DIGITS.update({c: i for i, c in enumerate("〇壹贰叁肆伍陆柒捌玖")}, 两=2)
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE_UNITS = {"万": 10 ** 4, "亿": 10 ** 8}
_VARIANTS = str.maketrans("萬億貳參陸", "万亿贰叁陆")
_NUMERAL_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|.")


def chinese_number(text: str) -> Decimal | None:
    """`壹拾贰万叁仟肆佰伍拾陆`, `三十`, `两`, `8万8千`, `1.5万` → Decimal; None when it is no number.

    Written here rather than with cn2an: importing cn2an costs ~90-220 ms (its module
    body and its `proces` dependency), more than reading a one-page document, and a
    Lambda cold start would pay it on the first upload. Tested against cn2an.
    """
    total, section, number, last_unit = Decimal(0), Decimal(0), None, 10 ** 5
    for token in _NUMERAL_TOKEN.findall(text.translate(_VARIANTS)):
        if token[0].isdigit() or token in _NUMERAL_DIGITS:
            if number is not None:
                return None  # two digits in a row (`一二`) is no numeral of amounts
            number = Decimal(token) if token[0].isdigit() else Decimal(_NUMERAL_DIGITS[token])
            if token in "零〇":
                number = None  # a zero only marks a skipped place (`一万零五百`)
        elif token in _SMALL_UNITS:
            unit = _SMALL_UNITS[token]
            if unit >= last_unit:
                return None  # `千千`, `十百`
            section += (number if number is not None else 1) * unit
            number, last_unit = None, unit
        elif token in _LARGE_UNITS:
            section += number or 0
            if not section and not total:
                return None
            if token == "亿":
                total = (total + section) * _LARGE_UNITS[token]
            else:
                total += section * _LARGE_UNITS[token]
            section, number, last_unit = Decimal(0), None, 10 ** 5
        else:
            return None
    if number is None and not section and not total and not re.search(r"[零〇]", text):
        return None
    return total + section + (number or 0)


def _digit(text: str | None) -> Decimal:
    if not text:
        return Decimal(0)
    if text.isdigit():
        return Decimal(text)
    return chinese_number(text) or Decimal(0)


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _arabic(m: re.Match) -> Decimal | None:
    prefix, unit = m.group("prefix"), m.group("unit")
    if not prefix and not unit:
        return None  # a bare number is a quantity or a date, not money
    if unit in ("万", "亿") and not prefix:
        return None  # `3万平方米`; money says 万元 or carries a currency mark
    value = Decimal(m.group("number").replace(",", ""))
    if unit and unit.startswith("万"):
        value *= 10_000
    elif unit and unit.startswith("亿"):
        value *= 100_000_000
    value += _digit(m.group("ajiao")) / 10 + _digit(m.group("afen")) / 100
    return _quantize(value)


def _chinese(m: re.Match) -> Decimal | None:
    if m.group("only_jiao"):
        return _quantize(_digit(m.group("only_jiao")) / 10 + _digit(m.group("only_fen")) / 100)
    yuan = chinese_number(m.group("yuan"))
    if yuan is None:
        return None
    return _quantize(yuan + _digit(m.group("jiao")) / 10 + _digit(m.group("fen")) / 100)


def find_amounts(text: str) -> list[tuple[Decimal, int, int]]:
    """Every money amount in `text` as (value, start, end), in order, without overlaps."""
    found: list[tuple[Decimal, int, int]] = []
    for m in _CHINESE_RE.finditer(text):
        value = _chinese(m)
        if value is not None and m.group(0).strip("人民币RMB¥ 整"):
            found.append((value, m.start(), m.end()))
    taken = [(s, e) for _, s, e in found]
    for m in _ARABIC_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        value = _arabic(m)
        if value is not None:
            found.append((value, m.start(), m.end()))
    return _drop_restatements(text, sorted(found, key=lambda t: t[1]))


_RESTATEMENT_GAP = re.compile(r"[\s（）()【】\[\]大小写：:，,即计]*")


def _drop_restatements(text, amounts):
    """`人民币壹万元整（¥10,000.00）` states one amount twice; keep it once."""
    kept: list[tuple[Decimal, int, int]] = []
    for value, start, end in amounts:
        if kept and kept[-1][0] == value and _RESTATEMENT_GAP.fullmatch(text[kept[-1][2]:start]):
            continue
        kept.append((value, start, end))
    return kept


def parse_amount(text: str) -> Decimal | None:
    """The first money amount in `text`, or None."""
    amounts = find_amounts(text)
    return amounts[0][0] if amounts else None


def format_amount(value: Decimal | None) -> str | None:
    """CONTRACT form: decimal string in yuan with two places."""
    return None if value is None else str(_quantize(value))
