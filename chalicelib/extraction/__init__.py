"""Extraction engine: PDF applications and agreements → CONTRACT section 2 fields.

    from chalicelib.extraction import extract, extract_file
    result = extract(pdf_bytes)          # never raises
    result = extract_file("a.pdf")       # same, with "file" first

Importing this package is cheap: pdfplumber, pypdfium2 and cn2an are loaded
on the first extraction.
"""
from __future__ import annotations

from .api import extract, extract_file
from .errors import (
    CORRUPT, EMPTY, ENCRYPTED, ERROR_CODES, NOT_PDF, OUT_OF_MEMORY, TIMEOUT, TOO_COMPLEX, TOO_LARGE, TOO_MANY_PAGES,
    ExtractionError,
)

__all__ = [
    "extract", "extract_file", "ExtractionError", "ERROR_CODES",
    "NOT_PDF", "EMPTY", "ENCRYPTED", "CORRUPT", "TOO_LARGE", "TOO_MANY_PAGES", "TOO_COMPLEX", "TIMEOUT", "OUT_OF_MEMORY",
]
