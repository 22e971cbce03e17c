"""CSV downloads that spreadsheets open correctly and safely.

- UTF-8 with a byte-order mark: Excel reads a CSV without one in the system's ANSI code page
  (GBK on a Chinese Windows), which garbles every Chinese character.
- Formula injection (OWASP "CSV Injection"): a cell starting with `=`, `+`, `-`, `@`, a tab or a
  carriage return is run as a formula by Excel, LibreOffice and Sheets. Such a text cell is
  prefixed with `'`, which makes it text. A number (`-200.00`, a reversal) is left as it is: it is
  no formula, and a spreadsheet should add it up.
"""
from __future__ import annotations

import csv
import io
import re

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def to_csv(rows: list[list]) -> str:
    """The rows as CSV text (BOM first, CRLF line ends as RFC 4180 has them), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return BOM + out.getvalue()


class CsvDownload:
    """A CSV answer: the route sends it as `text/csv; charset=utf-8` with this file name."""

    content_type = "text/csv; charset=utf-8"

    def __init__(self, filename: str, rows: list[list]):
        self.filename = filename
        self.body = to_csv(rows)
