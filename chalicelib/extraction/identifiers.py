"""Check digits of Chinese identifiers and phone number normalisation.

- 居民身份证号码 (GB 11643): python-stdnum `cn.ric` computes the check digit and
  the birth date; its `validate` also insists on a birth place it knows (its
  table lacks real regions such as 410711 新乡市牧野区), which is not a
  check-digit failure, so it is not used as a whole.
- 统一社会信用代码 (GB 32100): python-stdnum `cn.uscc` requires the first eight
  characters to be digits, but GB 32100 allows a registration-authority letter
  first (`N…` rural collective economic organisations, `Y…` others) — see
  NOTES. Those fall back to the same weighted check (stdnum's
  `calc_check_digit`) after a format check of our own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# authority (1 char) + type (1 char) + 6-digit region + 9-char organisation code + check
_USCC_FORMAT = re.compile(rf"[{_USCC_ALPHABET}]{{2}}[0-9]{{6}}[{_USCC_ALPHABET}]{{10}}")
_RIC_FORMAT = re.compile(r"[0-9]{17}[0-9X]")


@dataclass(frozen=True)
class IdProblem:
    """Why an identifier is doubtful; `code` becomes the issue code."""

    code: str
    message: str


def ric_problems(number: str, birth_date: date | None = None, gender: str | None = None) -> list[IdProblem]:
    """Problems of a 居民身份证号码: format, check digit, birth date and sex digits."""
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError

    if not _RIC_FORMAT.fullmatch(number):
        return [IdProblem("format", f"ID number {number} is not 17 digits and a check character")]
    problems = []
    expected = ric.calc_check_digit(number)
    if number[-1] != expected:
        problems.append(IdProblem("checksum", f"ID number {number} fails the GB 11643 check digit (expected {expected})"))
    try:
        encoded_birth = ric.get_birth_date(number)
    except ValidationError:
        problems.append(IdProblem("invalid_date", f"ID number {number} encodes no valid birth date"))
        encoded_birth = None
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
    from stdnum.cn import uscc
    from stdnum.exceptions import InvalidChecksum, ValidationError

    try:
        uscc.validate(code)
        return []
    except InvalidChecksum:
        pass
    except ValidationError:
        if not _USCC_FORMAT.fullmatch(code):
            return [IdProblem("format", f"credit code {code} is not 18 GB 32100 characters")]
        if code[-1] == uscc.calc_check_digit(code):
            return []  # registration-authority letter first: valid, stdnum too strict
    return [IdProblem("checksum", f"credit code {code} fails the GB 32100 check character "
                                  f"(expected {uscc.calc_check_digit(code)})")]


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
