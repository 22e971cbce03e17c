"""Public entry points: `extract(data)` and `extract_file(path)`; they never raise."""
from __future__ import annotations

import logging

from .errors import CORRUPT, TOO_LARGE, UNREADABLE, ExtractionError
from .result import error_result

logger = logging.getLogger(__name__)


def _limits():
    from chalicelib.settings import get_settings

    return get_settings().extraction


def _warm_up() -> None:
    """Load parsers and CJK character maps in this process, so a worker forked from it starts warm.

    pdfminer reads a CMap from disk the first time a font needs it and caches it
    per process; a worker that loaded it loses it when it exits, and its
    successor would pay the load again (~20 ms for the GB1 maps). The first
    worker is forked cold: it loads only what its documents need and keeps it
    for the ones after (guard keeps it), so a cold start (one upload in a fresh
    Lambda) pays for no map and no table finder its document does not use.
    """
    global _warm
    if _warm:
        return
    import pypdfium2  # noqa: F401
    from pdfminer.cmapdb import CMapDB
    from pdfplumber import table  # noqa: F401

    from .normalize import normalize_text

    for name in ("UniGB-UCS2-H", "UniGB-UTF16-H"):
        CMapDB.get_cmap(name)
    CMapDB.get_unicode_map("Adobe-GB1", False)
    normalize_text("")
    _warm = True


_warm = False
_served = 0  # documents this process has extracted


def extract(data: bytes) -> dict:
    """CONTRACT section 2 result (without "file") for PDF bytes."""
    global _served
    from .engine import read_pdf
    from .guard import run_guarded
    from .safety import precheck

    try:
        limits = _limits()
        precheck(data, limits)
        if _served:
            _warm_up()
        _served += 1
        return run_guarded(read_pdf, (data, limits), limits)
    except ExtractionError as exc:
        return error_result(exc.as_dict())
    except Exception as exc:  # a defect must not take the caller down; say so in the log
        logger.exception("extraction failed")
        return error_result(ExtractionError(CORRUPT, type(exc).__name__).as_dict())


def extract_with_ocr(data: bytes) -> dict:
    """`extract`, then OCR when the file's pages are only images (a photo, a scan, fonts without a map).

    For the upload worker only: the OCR stack (onnxruntime, OpenCV, the models)
    costs about a second to load and ~3 s a page, so the API never imports it.
    """
    result = extract(data)
    if result.get("error") is not None or result.get("text_layer") is not False:
        return result
    from .ocr import read_scanned

    try:
        limits = _limits()
        return read_scanned(data, limits, limits.ocr_threads)
    except Exception:  # the text pass's answer stands: a person reads the file
        logger.exception("OCR failed")
        result["issues"].append({"field": None, "code": "ocr_failed", "message": (
            "The pages could not be read by OCR; a person reads the file. 图像识别失败，请人工阅读。")})
        return result


def extract_file(path: str) -> dict:
    """`extract` on a file, with `"file": path` first."""
    try:
        limits = _limits()
        with open(path, "rb") as f:
            data = f.read(limits.max_bytes + 1)
        result = extract(data) if len(data) <= limits.max_bytes else error_result(
            ExtractionError(TOO_LARGE, f"over {limits.max_bytes} bytes").as_dict())
    except OSError as exc:
        result = error_result(ExtractionError(UNREADABLE, exc.strerror).as_dict())
    return {"file": path, **result}
