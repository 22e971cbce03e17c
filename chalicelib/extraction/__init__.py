"""Extraction engine: PDF applications and agreements → CONTRACT section 2 fields.

    from chalicelib.extraction import extract, extract_file
    result = extract(pdf_bytes)          # never raises
    result = extract_file("a.pdf")       # same, with "file" first
    result = extract_with_ocr(pdf_bytes) # extract, then OCR for image-only files (upload worker only)

Importing this package is cheap: pdfminer/pdfplumber and pypdfium2 are
loaded on the first extraction; cn2an and python-stdnum never (their imports
cost more than a document: money.chinese_number, identifiers).

Limits (`chalicelib.settings.ExtractionLimits`, environment variables):

- `EXTRACT_MAX_BYTES` (20 MB): larger files are `too_large`, unread;
- `EXTRACT_MAX_PAGES` (200): more pages is `too_many_pages` (pdfium counts them);
- `EXTRACT_MAX_STREAM_BYTES` (20 MB per page) and `EXTRACT_MAX_OBJECTS_PER_PAGE`
  (200 000): content beyond either is `too_complex`, measured with a bounded
  inflater before anything is parsed (decompression bombs cost milliseconds);
- `EXTRACT_MAX_GRAPHICS_DEPTH` (10 000): graphics states saved (`q`) and not
  yet restored (`Q`) at once in a page or form; deeper is `too_complex`,
  found by a scan of the same inflated content;
- `EXTRACT_MAX_SECONDS` (30): wall clock per file, then the worker is killed
  (`timeout`);
- `EXTRACT_MAX_MEMORY_MB` (512): address space the worker may add (`out_of_memory`).

- `OCR_MAX_PAGES` (30): image-only pages recognised per file; `OCR_THREADS`
  (0: one per core) for onnxruntime.

Modules: api (entry points), guard (forked worker), safety (pre-checks),
pdfobjects + layout (reading pages), paragraphs, document (sections and
fields), parties, money, dates, identifiers, validation, classify,
signatures, normalize, vocabulary, result, errors; the `ocr` package
(image-only pages; heavy, imported by the upload worker alone).
"""
from __future__ import annotations

from .api import extract, extract_file, extract_with_ocr
from .errors import (
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    ERROR_CODES,
    NOT_PDF,
    OUT_OF_MEMORY,
    TIMEOUT,
    TOO_COMPLEX,
    TOO_LARGE,
    TOO_MANY_PAGES,
    UNREADABLE,
    ExtractionError,
)

__all__ = [
    "extract", "extract_file", "extract_with_ocr", "ExtractionError", "ERROR_CODES",
    "NOT_PDF", "EMPTY", "ENCRYPTED", "CORRUPT", "TOO_LARGE", "TOO_MANY_PAGES", "TOO_COMPLEX", "TIMEOUT", "OUT_OF_MEMORY",
    "UNREADABLE",
]
