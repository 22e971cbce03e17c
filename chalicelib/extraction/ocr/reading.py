"""An image-only PDF read by OCR, page by page, into a CONTRACT section 2 result."""
from __future__ import annotations

from ..engine import interpret
from .lines import ocr_layout, page_lines, page_size
from .marking import mark
from .pages import page_count, page_images
from .recognition import recognise


def read_scanned(data: bytes, limits, threads: int = 0) -> dict:
    """Recognise every page, then run the text engine's field logic on the recognised lines."""
    pages, sizes = [], []
    for number, image in enumerate(page_images(data, limits), start=1):
        pages.append(page_lines(recognise(image, threads), number, image.shape[1]))
        sizes.append(page_size(image))
    layout, lines = ocr_layout(pages, sizes)
    result = mark(interpret(layout), lines)
    total = page_count(data)
    if total > len(pages):
        result["pages"] = total
        result["issues"].append({"field": None, "code": "ocr_pages_left", "message": (
            f"Only the first {len(pages)} of {total} pages were read by OCR. 仅识别了前{len(pages)}页。")})
    return result
