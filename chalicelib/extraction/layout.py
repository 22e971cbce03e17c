"""Reading a PDF's pages into lines, table rows and marks (版面读取).

One pass per page over its characters and graphics (see pdfobjects), keeping
nothing of a page but its lines and marks, so memory stays flat:

- characters, de-duplicated (fake bold draws each glyph twice), grouped into
  lines and segments (runs separated by a wide gap, e.g. two side-by-side
  signature labels);
- ruled tables (Word/WPS form exports) found by pdfplumber's table finder
  and read cell by cell, because reading by lines interleaves neighbouring
  cells; only pages with enough ruling lines pay for table detection;
- marks: images and freehand drawings (curves, slanted strokes) that may be
  signatures, and whether they are red (seals, an image's pixels sampled only
  when asked); red characters (a vector seal's lettering) become marks, not
  text; rotated or light-grey glyphs (watermarks) are dropped;
- running headers, footers and page numbers dropped.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from .errors import CORRUPT, ExtractionError
from .normalize import normalize_text
from .pdfobjects import PageObjects, PageReader
from .safety import check_page, inflate_bounded

_GAP_SPACE = 0.25  # gap (in font sizes) that becomes a space
_GAP_SEGMENT = 2.5  # gap that separates two segments of one line
_MARGIN_ZONE = 0.07  # top/bottom share of the page where headers and footers live
_RUNNING_MAX_CHARS = 40  # running headers and footers are short; body text near the edge is not one


@dataclass
class Segment:
    text: str
    x0: float
    x1: float


@dataclass
class Line:
    """A visual line of text (or one serialised table cell pair) on a page."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    segments: list[Segment] = field(default_factory=list)
    from_table: bool = False
    cell: tuple[float, float, float, float] | None = None  # bbox of the table row holding it


@dataclass
class Mark:
    """An image or a drawing that could be a signature or a seal."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    kind: str  # "image" | "drawing" | "text"
    colour: bool | None  # red? None for an image not looked at yet
    image: dict | None = None

    @property
    def red(self) -> bool:
        """Red ink (a seal). An image's pixels are only sampled when someone asks:
        most marks sit in a party's or the mediator's slot, where colour does not matter."""
        if self.colour is None:
            self.colour = _image_is_red(self.image) if self.image else False
            self.image = None
        return self.colour

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


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


# ---------------------------------------------------------------- colours

def is_red(color) -> bool:
    """RGB (r high, g/b low) or CMYK (magenta + yellow, little cyan/black)."""
    if not isinstance(color, (tuple, list)) or not all(isinstance(c, (int, float)) for c in color):
        return False
    if len(color) == 3:
        r, g, b = color
        return r > 0.55 and g < 0.45 and b < 0.45 and r - max(g, b) > 0.3
    if len(color) == 4:
        c, m, y, k = color
        return m > 0.5 and y > 0.3 and c < 0.35 and k < 0.35
    return False


def _image_is_red(image: dict) -> bool:
    """Sample an image's pixels; red when a noticeable share is clearly red."""
    try:
        pixels = _image_pixels(image)
    except Exception:  # undecodable image data: treat as not red, never fail
        return False
    if not pixels:
        return False
    red = sum(1 for r, g, b in pixels if r > 140 and g < 110 and b < 110 and r - max(g, b) > 60)
    return red >= 5 and red / len(pixels) >= 0.01


def _image_pixels(image: dict, limit: int = 4000) -> list[tuple[int, int, int]]:
    stream = image["stream"]
    filters = stream.get_filters()
    names = [getattr(f, "name", str(f)) for f, _ in filters]
    if "DCTDecode" in names or "JPXDecode" in names:
        import io

        from PIL import Image

        raw = stream.get_rawdata() if hasattr(stream, "get_rawdata") else stream.rawdata
        with Image.open(io.BytesIO(raw)) as img:
            img.draft("RGB", (64, 64))
            small = img.convert("RGB").resize((48, 48))
            return list(small.getdata())
    width, height = image["srcsize"]
    if not width or not height or image.get("bits") != 8:
        return []
    channels, palette = _colour_model(image.get("colorspace") or [])
    if channels not in (1, 3, 4) or width * height > 4_000_000:  # a photo, not a seal: not worth inflating
        return []
    # PNG predictors add one byte per row; anything beyond that is a lie or a bomb
    data = inflate_bounded(stream, width * height * channels + height + 1024)
    if data is None or len(data) < width * height * channels:
        return []
    step = max(1, (width * height) // limit)
    out = []
    for i in range(0, width * height, step):
        px = data[i * channels:(i + 1) * channels]
        if palette is not None:
            out.append(palette[px[0]] if px[0] < len(palette) else (255, 255, 255))
        elif channels == 3:
            out.append((px[0], px[1], px[2]))
        elif channels == 4:
            c, m, y, k = px
            out.append((255 - min(255, c + k), 255 - min(255, m + k), 255 - min(255, y + k)))
        else:
            out.append((px[0], px[0], px[0]))
    return out


def _colour_model(space: list) -> tuple[int, list | None]:
    """(components per pixel, RGB palette of an Indexed image) for an image colour space."""
    from pdfminer.pdftypes import PDFStream, resolve1

    name = str(resolve1(space[0])) if space else ""
    if "Indexed" in name and len(space) >= 4:
        base_channels, _ = _colour_model([resolve1(space[1])])
        lookup = resolve1(space[3])
        table = lookup.get_data() if isinstance(lookup, PDFStream) else lookup
        if base_channels != 3 or not isinstance(table, bytes):
            return 0, None
        return 1, [tuple(table[i:i + 3]) for i in range(0, len(table) - 2, 3)]
    if "ICCBased" in name and len(space) >= 2:
        profile = resolve1(space[1])
        components = resolve1(profile.get("N")) if isinstance(profile, PDFStream) else None
        return (components if components in (1, 3, 4) else 0), None
    if "RGB" in name:
        return 3, None
    if "CMYK" in name:
        return 4, None
    if "Gray" in name:
        return 1, None
    return 0, None


# ---------------------------------------------------------------- text lines

def _unmapped(text: str) -> bool:
    """A glyph without a Unicode mapping: pdfminer's `(cid:12)`, or a font's raw code
    (control characters, private use) when the file carries no ToUnicode map."""
    if len(text) == 1:
        code = ord(text)
        return code < 0x20 or 0xE000 <= code <= 0xF8FF
    return text.startswith("(cid:") or any(ord(ch) < 0x20 or 0xE000 <= ord(ch) <= 0xF8FF for ch in text)


_BLACK = ((0,), (0, 0, 0), (0, 0, 0, 1), [0], [0, 0, 0], (0.0,), (0.0, 0.0, 0.0), None)


def _is_body_text(char: dict) -> bool:
    """Horizontal and dark enough to read: a rotated or light-grey glyph is a watermark."""
    a, b, c, d = char["matrix"][:4]
    if abs(b) > 0.05 * abs(a) or abs(c) > 0.05 * abs(d) or a <= 0 or d <= 0:
        return False
    color = char["non_stroking_color"]
    return color in _BLACK or not _is_light(color)


def _is_light(color) -> bool:
    if not isinstance(color, (tuple, list)) or not color or not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) == 1:
        return color[0] >= 0.7
    if len(color) == 3:
        return min(color) >= 0.7
    if len(color) == 4:
        return max(color) <= 0.3
    return False


def dedupe_chars(chars: list[dict], tolerance: float = 1.0) -> list[dict]:
    """Drop fake-bold copies: the same glyph again within `tolerance` points.

    pdfplumber's `dedupe_chars` sorts and clusters (slow on long documents)
    and compares sizes exactly (12.0 vs 12.000000000000028 are then two
    glyphs); a grid of rounded positions does it in one pass.
    """
    seen: dict[tuple, list[dict]] = {}
    out = []
    for ch in chars:
        text, x0, top = ch["text"], ch["x0"], ch["top"]
        cx, cy = round(x0 / tolerance), round(top / tolerance)
        if not any(abs(o["x0"] - x0) <= tolerance and abs(o["top"] - top) <= tolerance
                   and o["fontname"] == ch["fontname"]
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1) for o in seen.get((text, cx + dx, cy + dy), ())):
            seen.setdefault((text, cx, cy), []).append(ch)
            out.append(ch)
    return out


def _group_lines(chars: list[dict], page_no: int) -> list[Line]:
    """Cluster characters into lines by vertical overlap, then order them left to right."""
    chars = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))
    rows: list[list[dict]] = []
    for ch in chars:
        mid = (ch["top"] + ch["bottom"]) / 2
        for row in reversed(rows[-3:]):
            top, bottom = row[0]["_top"], row[0]["_bottom"]
            if top <= mid <= bottom:
                row.append(ch)
                break
        else:
            ch["_top"], ch["_bottom"] = ch["top"], ch["bottom"]
            rows.append([ch])
    return [line for row in rows if (line := _make_line(row, page_no))]


def _make_line(row: list[dict], page_no: int) -> Line | None:
    row.sort(key=lambda c: c["x0"])
    size = statistics.median(c["size"] for c in row) or 10
    segments: list[Segment] = []
    parts: list[str] = []
    seg_x0 = row[0]["x0"]
    prev = None
    for ch in row:
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            if gap > _GAP_SEGMENT * size:
                segments.append(Segment(normalize_text("".join(parts)).strip(), seg_x0, prev["x1"]))
                parts, seg_x0 = [], ch["x0"]
            elif gap > _GAP_SPACE * size:
                parts.append(" ")
        parts.append(ch["text"])
        prev = ch
    segments.append(Segment(normalize_text("".join(parts)).strip(), seg_x0, prev["x1"]))
    segments = [s for s in segments if s.text]
    if not segments:
        return None
    return Line(
        text="  ".join(s.text for s in segments), page=page_no,
        x0=segments[0].x0, top=min(c["top"] for c in row), x1=segments[-1].x1,
        bottom=max(c["bottom"] for c in row), size=size, segments=segments,
    )


# ---------------------------------------------------------------- tables

def _has_ruling(page: PageObjects) -> bool:
    horizontal = vertical = 0
    for obj in page.lines + page.rects:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if w > 20 and h < 3:
            horizontal += 1
        elif h > 10 and w < 3:
            vertical += 1
        elif w > 20 and h > 10 and obj["object_type"] == "rect":
            horizontal += 2
            vertical += 2
    return horizontal >= 3 and vertical >= 2


def _find_tables(page: PageObjects) -> list[list[tuple]]:
    """pdfplumber's ruled-table finder (its default "lines" strategy) on our dicts:
    each table as a list of cell bboxes."""
    from pdfplumber import table, utils

    edges = [e for obj in page.lines + page.rects + page.curves for e in utils.obj_to_edges(obj)]
    edges = utils.filter_edges(edges, "v", min_length=1) + utils.filter_edges(edges, "h", min_length=1)
    edges = table.merge_edges(edges, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3)
    edges = utils.filter_edges(edges, min_length=3)
    cells = table.intersections_to_cells(table.edges_to_intersections(edges, x_tolerance=3, y_tolerance=3))
    return table.cells_to_tables(cells)


def _rows(cells: list[tuple]) -> list[list[tuple]]:
    """Cells grouped by their top edge, left to right."""
    rows: dict[float, list[tuple]] = {}
    for cell in cells:
        rows.setdefault(round(cell[1], 1), []).append(cell)
    return [sorted(row) for _, row in sorted(rows.items())]


def _cell_text(chars: list[dict], bbox) -> str:
    x0, top, x1, bottom = bbox
    inside = [c for c in chars if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1 and top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1]
    if not inside:
        return ""
    lines = _group_lines(inside, 0)
    # A value wrapped inside a cell (an address, an 18-character ID) continues
    # on the next line: join without a separator, as Chinese text has none.
    return "".join(line.text for line in lines)


def _read_tables(page: PageObjects, chars: list[dict]) -> tuple[list[Line], list[tuple]]:
    """Ruled tables as one Line per row; returns (lines, cell bboxes).

    Only characters inside a cell are the table's: a grid ruled by horizontal
    lines alone (a web page's `border-bottom`) leaves its text outside any cell."""
    lines: list[Line] = []
    boxes = []
    for cells_of_table in _find_tables(page):
        boxes += cells_of_table
        for cells in _rows(cells_of_table):
            texts = [_cell_text(chars, c) for c in cells]
            segments = [Segment(t, c[0], c[2]) for t, c in zip(texts, cells)]
            if not any(texts):
                continue
            top = min(c[1] for c in cells)
            bottom = max(c[3] for c in cells)
            size = statistics.median([c["size"] for c in chars if top <= c["top"] <= bottom] or [10])
            lines.append(Line(
                text="  ".join(t for t in texts if t), page=page.number, x0=cells[0][0], top=top,
                x1=cells[-1][2], bottom=bottom, size=size, segments=segments, from_table=True,
                cell=(cells[0][0], top, cells[-1][2], bottom),
            ))
    return lines, boxes


def _into_rows(free: list[Line], rows: list[Line]) -> list[Line]:
    """Free lines inside a table row's band join that row; the rest are returned.

    A web page shades its label cells (`label | value`): the shaded boxes are
    the cells found, the value beside each is free text on the same row, and a
    value wrapped under a cell's text (`…二十一` | `日`) continues that cell."""
    if not rows:
        return free
    rest = []
    for line in free:
        row = next((r for r in rows if r.page == line.page and r.top - 2 <= line.top and line.bottom <= r.bottom + 2), None)
        if row is None:
            rest.append(line)
            continue
        for segment in line.segments:
            above = next((s for s in row.segments if s.x0 - 2 <= segment.x0 and segment.x0 < s.x1), None)
            if above is not None:
                above.text += segment.text
            else:
                row.segments = sorted(row.segments + [segment], key=lambda s: s.x0)
        row.text = "  ".join(s.text for s in row.segments if s.text)
        row.x0, row.x1 = min(row.x0, line.x0), max(row.x1, line.x1)
    return rest


def _in_boxes(obj: dict, boxes) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


# ---------------------------------------------------------------- marks

def _drawing_marks(page: PageObjects) -> list[Mark]:
    """Freehand strokes: curves, slanted or short lines; ruling lines and underlines are not marks."""
    marks = []
    for obj in page.curves + page.lines + page.rects:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        red = is_red(obj.get("stroking_color")) or (obj.get("fill") and is_red(obj.get("non_stroking_color")))
        kind = obj["object_type"]
        axis_aligned = w < 2 or h < 2
        if kind == "rect" and not red:
            continue  # cell shading, boxes
        if kind == "line" and axis_aligned and not red:
            continue  # table rulings, underlines for a signature
        if max(w, h) < 1:
            continue
        marks.append(Mark(page.number, obj["x0"], obj["top"], obj["x1"], obj["bottom"], "drawing", bool(red)))
    # A seal or stamp is drawn whole (ring, star): two parties' stamps that touch stay two marks
    red = [m for m in marks if m.colour and max(m.x1 - m.x0, m.bottom - m.top) >= 8]
    return _merge_marks([m for m in marks if not m.colour]) + red


def _merge_marks(marks: list[Mark], gap: float = 6.0) -> list[Mark]:
    """Strokes of one signature, close to each other, become one mark; red
    (a seal) and other ink stay apart, as a seal often overlaps a signature."""
    merged: list[Mark] = []
    for m in sorted(marks, key=lambda m: (m.top, m.x0)):
        for other in merged:
            if (m.red == other.red and m.x0 <= other.x1 + gap and other.x0 <= m.x1 + gap
                    and m.top <= other.bottom + gap and other.top <= m.bottom + gap):
                other.x0, other.top = min(other.x0, m.x0), min(other.top, m.top)
                other.x1, other.bottom = max(other.x1, m.x1), max(other.bottom, m.bottom)
                break
        else:
            merged.append(m)
    return [m for m in merged if max(m.x1 - m.x0, m.bottom - m.top) >= 8]


def _is_scanned(page: PageObjects) -> bool:
    area = page.width * page.height
    return any((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) > 0.5 * area for i in page.images)


def _image_marks(page: PageObjects) -> list[Mark]:
    area = page.width * page.height
    marks = []
    for image in page.images:
        w, h = image["x1"] - image["x0"], image["bottom"] - image["top"]
        if w * h > 0.5 * area or w < 4 or h < 4:
            continue  # a scanned page background or a speck, not a signature
        marks.append(Mark(page.number, image["x0"], image["top"], image["x1"], image["bottom"], "image", None, image))
    return marks


# ---------------------------------------------------------------- page reading

def read_page(page: PageObjects) -> tuple[list[Line], list[Mark], int, int]:
    """Lines (text and table rows, top to bottom), marks, character and unmapped-glyph counts of one page."""
    body, unmapped = [], 0
    for char in page.chars:
        if _unmapped(char["text"]):
            unmapped += 1
        elif char["text"].strip() and _is_body_text(char):
            body.append(char)
    all_chars = dedupe_chars(body)
    red_chars = [c for c in all_chars if c["non_stroking_color"] not in _BLACK and is_red(c["non_stroking_color"])]
    chars = [c for c in all_chars if not is_red(c["non_stroking_color"])] if red_chars else all_chars
    table_lines, boxes = _read_tables(page, chars) if _has_ruling(page) else ([], [])
    free = [c for c in chars if not _in_boxes(c, boxes)] if boxes else chars
    lines = _into_rows(_group_lines(free, page.number), table_lines) + table_lines
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    marks = _image_marks(page) + _drawing_marks(page)
    if red_chars:
        marks += _merge_marks([Mark(page.number, c["x0"], c["top"], c["x1"], c["bottom"], "text", True)
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


def read_layout(document, limits) -> Layout:
    """Read every page of an open pdfminer document; nothing of a page is kept but its lines and marks.

    A page whose content is damaged is left out (and listed in `broken_pages`)
    so one bad page does not lose the others; a file with no readable page is corrupt.
    """
    from pdfminer.psparser import PSException

    reader = PageReader(document)
    pages: list[list[Line]] = []
    marks: list[Mark] = []
    sizes = []
    broken: list[int] = []
    chars = unmapped = scanned = 0
    for number, pdf_page in enumerate(reader.pages(), start=1):
        try:
            check_page(pdf_page, number, limits)  # ExtractionError (too complex) is not caught here
            page = reader.read(pdf_page, number)
        except (PSException, ValueError, TypeError, KeyError, AttributeError, IndexError, AssertionError):
            broken.append(number)
            pages.append([])
            sizes.append((595.0, 842.0))
            continue
        sizes.append((page.width, page.height))
        lines, page_marks, count, page_unmapped = read_page(page)
        scanned += _is_scanned(page)
        pages.append(lines)
        marks += page_marks
        chars += count
        unmapped += page_unmapped
    if len(broken) == len(pages):
        raise ExtractionError(CORRUPT, "no readable page")
    pages = drop_running_text(pages, sizes)
    return Layout(len(sizes), [ln for lines in pages for ln in lines], marks, sizes, chars, unmapped, scanned, broken)
