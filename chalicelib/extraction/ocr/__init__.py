"""OCR of image-only pages (光学字符识别): photos and scans → the same field logic.

    from chalicelib.extraction.ocr import read_scanned
    result = read_scanned(pdf_bytes, limits)   # a CONTRACT section 2 result, text_layer false

Heavy (onnxruntime, OpenCV, the PP-OCRv4 models bundled in the
`rapidocr-onnxruntime` wheel: nothing is downloaded at run time), so nothing
on the API's import chain imports this package; only the upload worker does
(`chalicelib.services.reading`). Steps, one module each: `pages` (render, find
the sheet, correct perspective and skew, flatten the light), `recognition`
(RapidOCR), `lines` (recognised boxes → the layout the text engine reads),
`marking` (every value read this way flagged `ocr` with its confidence; a
failed check digit becomes an OCR doubt, not the party's error).

It runs in the caller's process, not in the guard's forked worker: onnxruntime's
thread pools do not survive a fork, and the file has already passed the text
pass's pre-checks and guarded parse (`api.extract_with_ocr`); `OCR_MAX_PAGES`
bounds the work, pages are rendered and recognised one at a time.

Chosen over Debian's tesseract `chi_sim` on the corpus's photo and scan
generators (`bench/ocr.py`): tesseract misread names and the court on the
first page tried (熊琪文 → 能琪文, 新乡县 → 新乡有共) where RapidOCR read them right.
"""
from __future__ import annotations

from .reading import read_scanned

__all__ = ["read_scanned"]
