"""Text clean-up before parsing.

PDF producers emit compatibility code points: full-width digits and letters
(`１２３`), Kangxi radicals instead of ideographs (`⽅` U+2F45 for `方`, common in
Word exports), CJK compatibility ideographs. NFKC fixes those, but applied to
everything it would also turn `（` `：` `，` into ASCII and `①` into `1`. So NFKC
is applied only to the ranges that need it, and ASCII punctuation between
Chinese text is turned into its full-width form, which the parsers expect.
"""
from __future__ import annotations

import re
import unicodedata

_NFKC_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals supplement, Kangxi radicals
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF10, 0xFF19),  # full-width digits
    (0xFF21, 0xFF3A),  # full-width Latin capitals
    (0xFF41, 0xFF5A),  # full-width Latin small letters
)
_SINGLE = {
    "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
    "\uff0e": ".", "\uff0d": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "\u2212": "-", "\uffe5": "¥", "\uff04": "$", "\uff05": "%", "\uff0f": "/",
    "\u25cb": "〇", "\u039f": "〇", "\u2205": "〇",  # ○, Greek Ο, ∅ written for 〇 in dates
    "\ufe30": "：", "\ufe55": "：", "\u2236": "：",  # presentation-form / ratio colons
    "\ufeff": "", "\u200b": "", "\u00ad": "",
    # CJK radicals supplement look-alikes that NFKC leaves alone (fonts map simplified forms here)
    "\u2ea0": "民", "\u2ec4": "西", "\u2ec9": "贝", "\u2ecb": "车", "\u2ed3": "长", "\u2ed4": "门",
    "\u2ee2": "马", "\u2edd": "食", "\u2eda": "页", "\u2edb": "风", "\u2edc": "飞", "\u2ec5": "见",
    "\u2ec6": "角", "\u2ed8": "青", "\u2ee3": "骨", "\u2ee9": "黄", "\u2eec": "齐", "\u2eee": "齿",
    "\u2ef3": "龟",
}


def _char_table() -> dict[int, str]:
    table = {ord(k): v for k, v in _SINGLE.items()}
    for lo, hi in _NFKC_RANGES:
        for cp in range(lo, hi + 1):
            mapped = unicodedata.normalize("NFKC", chr(cp))
            if mapped != chr(cp):
                table[cp] = mapped
    return table


_TABLE: dict[int, str] | None = None
_ASCII_PUNCT = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"}
# Parentheses always (`(2023)新中小调字…`); other ASCII punctuation unless inside a
# number (`123,456.00`, `10:30`).
_PUNCT_RE = re.compile(rf"[()]|(?<![0-9])[,:;]|[,:;](?![0-9])")
_SPACES = re.compile(r"[ \t]+")


def normalize_text(text: str) -> str:
    """Canonical form of extracted text (see module docstring)."""
    global _TABLE
    if _TABLE is None:
        _TABLE = _char_table()
    text = text.translate(_TABLE)
    text = _PUNCT_RE.sub(lambda m: _ASCII_PUNCT[m.group(0)], text)
    return _SPACES.sub(" ", text)
