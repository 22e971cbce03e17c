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
}


# CJK Radicals Supplement (U+2E80–U+2EFF), which NFKC leaves alone (only ⺟ and ⻳ have
# decompositions), but fonts map ideographs to when the glyph is the same — Chromium's
# Type 3 fonts from Noto CJK print 民 as ⺠, 龙 as ⻰, 韦 as ⻙. Each radical → the
# ideograph of the same shape (Unicode's EquivalentUnifiedIdeograph.txt). Printing all
# 6763 GB 2312 characters through Chromium in Noto Sans/Serif CJK SC (regular and bold)
# and reading them back leaves, after this table, only the two ideographs in
# _FONT_LOOK_ALIKES: the fonts draw 户 and 胶 with the glyphs they also use for 戶 and 㬵.
_FONT_LOOK_ALIKES = {"戶": "户", "㬵": "胶"}
_RADICALS_SUPPLEMENT = dict(zip(
    "⺁⺃⺅⺆⺉⺊⺋⺌⺎⺐⺒⺓⺔⺕⺖⺘⺙⺛⺜⺝⺟⺠⺡⺢⺣⺤⺥⺦⺧⺨⺩⺪⺫⺬⺭⺯⺰⺱⺲⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃⻄⻅⻆⻈⻉⻋⻌⻍⻎⻏"
    "⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻟⻠⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳",
    "厂乚亻冂刂卜㔾小兀尢巳幺彑彐忄扌攵旡日月母民氵氺灬爫爫丬牜犭王疋罒示礻糹纟罓罒耂肀聿月臼艹艹艹虎衤覀西见角讠贝车辶辶辶阝"
    "钅長镸长门阝阝雨青韦页风飞食飠饣首马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟"))


def _char_table() -> dict[int, str]:
    table = {ord(k): v for k, v in {**_RADICALS_SUPPLEMENT, **_FONT_LOOK_ALIKES, **_SINGLE}.items()}
    for lo, hi in _NFKC_RANGES:
        for cp in range(lo, hi + 1):
            mapped = unicodedata.normalize("NFKC", chr(cp))
            if mapped != chr(cp):
                table[cp] = _FONT_LOOK_ALIKES.get(mapped, mapped)  # Kangxi ⼾ is NFKC 戶, printed for 户
    return table


_TABLE: dict[int, str] | None = None
_ASCII_PUNCT = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"}
# Parentheses always (`(2023)新中小调字…`); other ASCII punctuation unless inside a
# number (`123,456.00`, `10:30`).
_PUNCT_RE = re.compile(r"[()]|(?<![0-9])[,:;]|[,:;](?![0-9])")
_SPACES = re.compile(r"[ \t]+")


def normalize_text(text: str) -> str:
    """Canonical form of extracted text (see module docstring)."""
    global _TABLE
    if _TABLE is None:
        _TABLE = _char_table()
    text = text.translate(_TABLE)
    text = _PUNCT_RE.sub(lambda m: _ASCII_PUNCT[m.group(0)], text)
    return _SPACES.sub(" ", text)
