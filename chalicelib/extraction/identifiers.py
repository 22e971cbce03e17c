"""Check digits of Chinese identifiers and phone number normalisation.

- 居民身份证号码 (GB 11643-1999): 17 digits, the check character from weights
  2^(17-i) mod 11 (`10X98765432`); digits 7-14 are the birth date, digit 17 odd for men.
- 统一社会信用代码 (GB 32100-2015): 18 characters over `0-9A-HJ-NPQRTUWXY`, the
  check character from weights 3^i mod 31. A registration-authority letter may
  stand first (`N…` rural collective economic organisations, `Y…` others).

The arithmetic is written here, not taken from python-stdnum: importing
`stdnum.cn` costs ~50 ms (`stdnum.util` pulls in ssl, pydoc and sysconfig for
its online lookups; `cn.ric` loads its region table), a quarter of what a
naive pdfplumber reader spends on a whole one-page document, paid by every cold
start. Its `cn.ric.validate` also refuses real regions missing from its table
(410711 新乡市牧野区) and `cn.uscc.validate` the authority letters above, so only
its check-digit functions were of use. tests/unit/extraction/test_identifiers
checks these against python-stdnum's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# authority (1 char) + type (1 char) + 6-digit region + 9-char organisation code + check
_USCC_FORMAT = re.compile(rf"[{_USCC_ALPHABET}]{{2}}[0-9]{{6}}[{_USCC_ALPHABET}]{{10}}")
_RIC_FORMAT = re.compile(r"[0-9]{17}[0-9X]")
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def ric_check_digit(number: str) -> str:
    """GB 11643 check character of the first 17 digits of `number`."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(number[:17], _RIC_WEIGHTS)) % 11]


def uscc_check_char(code: str) -> str:
    """GB 32100 check character of the first 17 characters of `code`."""
    total = sum(_USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(code[:17]))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def _encoded_birth(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


@dataclass(frozen=True)
class IdProblem:
    """Why an identifier is doubtful; `code` becomes the issue code."""

    code: str
    message: str


def ric_problems(number: str, birth_date: date | None = None, gender: str | None = None) -> list[IdProblem]:
    """Problems of a 居民身份证号码: format, check digit, birth date and sex digits."""
    if not _RIC_FORMAT.fullmatch(number):
        return [IdProblem("format", f"ID number {number} is not 17 digits and a check character")]
    problems = []
    expected = ric_check_digit(number)
    if number[-1] != expected:
        problems.append(IdProblem("checksum", f"ID number {number} fails the GB 11643 check digit (expected {expected})"))
    encoded_birth = _encoded_birth(number)
    if encoded_birth is None:
        problems.append(IdProblem("invalid_date", f"ID number {number} encodes no valid birth date"))
    if birth_date and encoded_birth and encoded_birth != birth_date:
        problems.append(IdProblem(
            "mismatch", f"ID number {number} encodes birth date {encoded_birth}, the document states {birth_date}"))
    if gender in ("男", "女"):
        encoded = "男" if int(number[16]) % 2 else "女"
        if encoded != gender:
            problems.append(IdProblem("mismatch", f"ID number {number} encodes sex {encoded}, the document states {gender}"))
    return problems


def uscc_problems(code: str) -> list[IdProblem]:
    """Problems of a 统一社会信用代码 (GB 32100)."""
    if not _USCC_FORMAT.fullmatch(code):
        return [IdProblem("format", f"credit code {code} is not 18 GB 32100 characters")]
    expected = uscc_check_char(code)
    if code[-1] != expected:
        return [IdProblem("checksum", f"credit code {code} fails the GB 32100 check character (expected {expected})")]
    return []


# Mobile: 11 digits from 1[3-9]; landline: 0 + 2–3 digit area code + 7–8 digits,
# optional +86 and separators. Area codes 010 and 02x are three digits.
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9])")
_LANDLINE = re.compile(
    r"(?<![0-9])[（(]?(0(?:10|2[0-9]|[3-9][0-9]{2}))[）)]?[- ]?([1-9][0-9]{6,7})(?:[-转]([0-9]{1,5}))?(?![0-9])")


def find_phone(text: str) -> str | None:
    """The first phone number in `text`, normalised (`13800138000`, `0373-3779489`)."""
    mobile, landline = _MOBILE.search(text), _LANDLINE.search(text)
    if mobile and (not landline or mobile.start() <= landline.start()):
        return "".join(mobile.groups())
    if landline:
        area, number, extension = landline.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    return None
