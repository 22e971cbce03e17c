"""Jinja2 filters for court paperwork: money in financial capitals, Chinese dates, masked IDs.

Each filter takes what a case view holds (decimal strings, ISO date strings,
`None`) and returns plain text; autoescaping happens afterwards in Jinja.
"""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from chalicelib.domain.privacy import mask_identifier

DASH = "—"

DISPUTE_CATEGORIES = {
    "labor": "劳动、人事争议",
    "financial": "金融类纠纷",
    "contract": "合同纠纷",
    "community": "社区治理、相邻关系、农村土地、拆迁安置纠纷",
    "family": "婚姻家庭继承纠纷",
    "tort": "侵权纠纷",
    "other": "其他民事纠纷",
}

_UPPER_DIGITS = "〇一二三四五六七八九"
_CENT = Decimal("0.01")


def dash(value) -> object:
    """`None` or blank → "—", so a missing optional value prints as a visible gap."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DASH
    return value


def money_upper(value) -> str:
    """123456.00 → 壹拾贰万叁仟肆佰伍拾陆元整 (大写金额), rounded half-up to the fen.

    cn2an's "rmb" mode follows the 支付结算 writing rules this needs: 整 after
    元 when no jiao/fen, one 零 for a run of zeros, 元零伍分 when jiao is zero.
    """
    import cn2an  # ~90 ms to import: paid on the first amount, not by every cold start

    amount = _decimal(value)
    if amount is None:
        return _as_written(value)
    return cn2an.an2cn(str(amount), "rmb")


def money(value) -> str:
    """123456 → 123,456.00 (小写金额, as written beside the capitals)."""
    amount = _decimal(value)
    return _as_written(value) if amount is None else f"{amount:,.2f}"


def cn_date(value, style: str = "arabic") -> str:
    """2023-05-06 → 2023年5月6日; with style="upper" → 二〇二三年五月六日."""
    day = _date(value)
    if day is None:
        return _as_written(value)
    if style == "upper":
        year = "".join(_UPPER_DIGITS[int(d)] for d in str(day.year))
        return f"{year}年{_upper_number(day.month)}月{_upper_number(day.day)}日"
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(value) -> str:
    """2026-03-02T05:07:00Z → 2026年3月2日 13时07分, in China Standard Time as a record of when someone acted.

    The space lets a narrow table cell break between the day and the time."""
    from chalicelib.domain.deadlines import CHINA, parse_iso

    try:
        moment = parse_iso(value).astimezone(CHINA)
    except (AttributeError, TypeError, ValueError):
        return _as_written(value)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment.hour}时{moment.minute:02d}分"


def mask_id(value) -> str:
    """410711197612233848 → 4107**********3848: enough to tell parties apart, not to copy.

    The one masking rule of chalicelib.domain.privacy (个人信息保护法 Art.51), for a
    document that shows even its own reader a number only masked.
    """
    if value is None or not str(value).strip():
        return DASH
    return mask_identifier(value)


def category_label(value) -> str:
    """contract → 合同纠纷; not yet classified → 民事纠纷; an unknown key is shown as given."""
    if not value:
        return "民事纠纷"
    return DISPUTE_CATEGORIES.get(value, value)


def as_list(value) -> list:
    """A failure-record field may be one paragraph or a list of points: always a list."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [item for item in value if item not in (None, "")]
    return [value]


FILTERS = {
    "dash": dash,
    "money_upper": money_upper,
    "money": money,
    "cn_date": cn_date,
    "cn_datetime": cn_datetime,
    "mask_id": mask_id,
    "category_label": category_label,
    "as_list": as_list,
}


# A value the lifecycle could not normalise (a hand-typed "八万元", "2023年5月") is
# printed as written: one odd field must not keep a party from their document.
def _as_written(value) -> str:
    return dash(value if value is None else str(value))


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _upper_number(n: int) -> str:
    """1..31 the way a date is written in characters: 十, 十二, 二十, 二十一, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _UPPER_DIGITS[ones]
    head = "" if tens == 1 else _UPPER_DIGITS[tens]
    return head + "十" + (_UPPER_DIGITS[ones] if ones else "")
