"""Reading a PDF's pages into lines, table rows and marks (版面读取).

One pass per page over its characters and graphics (see pdfobjects), keeping
nothing of a page but its lines and marks, so memory stays flat. By concern:

- `textlines`: characters, de-duplicated, watermarks dropped, grouped into
  lines and segments;
- `tables`: ruled tables (Word/WPS form exports) read cell by cell;
- `marks`: images and drawings that may be signatures, and whether they are red;
- here: a page put together from those, red characters (a vector seal's
  lettering) as marks rather than text, and running headers, footers and page
  numbers dropped across pages.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .errors import CORRUPT, ExtractionError
from .marks import Mark, drawing_marks, image_marks, is_red, is_scanned, merge_marks
from .pdfobjects import PageObjects, PageReader
from .safety import check_page
from .tables import has_ruling, in_boxes, into_rows, read_tables
from .textlines import BLACK, Line, Segment, dedupe_chars, group_lines, is_body_text, is_unmapped

__all__ = ["Layout", "Line", "Mark", "Segment", "drop_running_text", "read_layout", "read_page"]

_MARGIN_ZONE = 0.07  # top/bottom share of the page where headers and footers live
_RUNNING_MAX_CHARS = 40  # running headers and footers are short; body text near the edge is not one


@dataclass
class Layout:
    pages: int
    lines: list[Line]
    marks: list[Mark]
    page_sizes: list[tuple[float, float]]
    char_count: int
    unmapped_count: int = 0  # glyphs without a Unicode mapping (`(cid:123)`), left out of the text
    scanned_pages: int = 0  # pages covered by one big image (a scan, maybe with a scanner app's stamp text)
    broken_pages: list[int] = field(default_factory=list)  # numbers of pages whose content could not be read


def read_page(page: PageObjects) -> tuple[list[Line], list[Mark], int, int]:
    """Lines (text and table rows, top to bottom), marks, character and unmapped-glyph counts of one page."""
    body, unmapped = [], 0
    for char in page.chars:
        if is_unmapped(char["text"]):
            unmapped += 1
        elif char["text"].strip() and is_body_text(char):
            body.append(char)
    all_chars = dedupe_chars(body)
    red_chars = [c for c in all_chars if c["non_stroking_color"] not in BLACK and is_red(c["non_stroking_color"])]
    chars = [c for c in all_chars if not is_red(c["non_stroking_color"])] if red_chars else all_chars
    table_lines, boxes = read_tables(page, chars) if has_ruling(page) else ([], [])
    free = [c for c in chars if not in_boxes(c, boxes)] if boxes else chars
    lines = into_rows(group_lines(free, page.number), table_lines) + table_lines
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    marks = image_marks(page) + drawing_marks(page)
    if red_chars:
        marks += merge_marks([Mark(page.number, c["x0"], c["top"], c["x1"], c["bottom"], "text", True)
                              for c in red_chars], gap=12)
    return lines, marks, len(all_chars), unmapped


# A bare number is a page number only when short: a value wrapped to the top of a page
# (a web print's phone number, `18118515503`) is not one.
_PAGE_NUMBER = re.compile(
    r"^(?:第\s*[0-9一二三四五六七八九十]+\s*页(?:\s*[，,/]?\s*共\s*[0-9一二三四五六七八九十]+\s*页)?"
    r"|共\s*[0-9]+\s*页\s*第\s*[0-9]+\s*页|[-—–\s]*[0-9]{1,4}[-—–\s]*|[0-9]+\s*/\s*[0-9]+|page\s*[0-9]+(?:\s*of\s*[0-9]+)?)$",
    re.IGNORECASE,
)


def drop_running_text(pages: list[list[Line]], sizes: list[tuple[float, float]]) -> list[list[Line]]:
    """Remove page numbers and headers/footers repeated across pages."""
    def in_margin(line: Line) -> bool:
        height = sizes[line.page - 1][1]
        return line.top < height * _MARGIN_ZONE or line.bottom > height * (1 - _MARGIN_ZONE)

    def key(line: Line) -> str:
        return re.sub(r"[0-9一二三四五六七八九十]+", "#", line.text.replace(" ", ""))

    repeated = Counter(key(ln) for lines in pages for ln in {key(x): x for x in lines if in_margin(x)}.values())
    threshold = max(2, (len(pages) + 1) // 2)
    out = []
    for lines in pages:
        kept = []
        for ln in lines:
            if in_margin(ln) and not ln.from_table:
                if _PAGE_NUMBER.match(ln.text.strip()):
                    continue
                if len(pages) > 1 and len(ln.text) <= _RUNNING_MAX_CHARS and repeated[key(ln)] >= threshold:
                    continue
            kept.append(ln)
        out.append(kept)
    return out


def read_layout(document, limits, data: bytes | None = None) -> Layout:
    """Read every page of an open pdfminer document; nothing of a page is kept but its lines and marks.

    With the file's bytes, pdfium reads each page it reads as pdfminer would
    (`pdfium_page`: an order of magnitude faster); pdfminer's reader keeps the
    rest (`_needs_pdfminer`). A page whose content is damaged is left out (and
    listed in `broken_pages`) so one bad page does not lose the others; a file
    with no readable page is corrupt.
    """
    from . import pdfium_page

    reader = PageReader(document)
    fast = pdfium_page.open_document(data) if data is not None else None
    try:
        return _read_pages(reader, fast, limits)
    finally:
        if fast is not None:
            fast.close()


def _needs_pdfminer(pdf_page) -> bool:
    """Form fields (their values and appearances live in annotations) and a `/Rotate`
    are read by pdfminer's reader (pdfobjects), which knows them."""
    return bool(pdf_page.annots) or bool(pdf_page.rotate)


def _read_pages(reader: PageReader, fast, limits) -> Layout:
    from pdfminer.psparser import PSException

    from . import pdfium_page
    from .pdfobjects import sideways_turn

    pages: list[list[Line]] = []
    marks: list[Mark] = []
    sizes = []
    broken: list[int] = []
    chars = unmapped = scanned = 0
    for number, pdf_page in enumerate(reader.pages(), start=1):
        try:
            check_page(pdf_page, number, limits)  # ExtractionError (too complex) is not caught here
            page = None
            if fast is not None and not _needs_pdfminer(pdf_page) and number <= len(fast):
                page = pdfium_page.read_page(fast, number - 1, number)
                if sideways_turn(page.chars):
                    page = None  # text turned against the page: pdfminer's reader turns it back
            page = page or reader.read(pdf_page, number)
        except (PSException, ValueError, TypeError, KeyError, AttributeError, IndexError, AssertionError):
            broken.append(number)
            pages.append([])
            sizes.append((595.0, 842.0))
            continue
        sizes.append((page.width, page.height))
        lines, page_marks, count, page_unmapped = read_page(page)
        scanned += is_scanned(page)
        pages.append(lines)
        marks += page_marks
        chars += count
        unmapped += page_unmapped
    if len(broken) == len(pages):
        raise ExtractionError(CORRUPT, "no readable page")
    pages = drop_running_text(pages, sizes)
    return Layout(len(sizes), [ln for lines in pages for ln in lines], marks, sizes, chars, unmapped, scanned, broken)
