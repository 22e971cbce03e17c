"""Characters into text lines and segments (文字行): de-duplicated, watermarks dropped.

Characters are de-duplicated (fake bold draws each glyph twice), rotated or
light-grey glyphs (watermarks) dropped, then grouped into lines and segments
(runs separated by a wide gap, e.g. two side-by-side signature labels).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from .normalize import normalize_text

_GAP_SPACE = 0.25  # gap (in font sizes) that becomes a space
_GAP_SEGMENT = 2.5  # gap that separates two segments of one line


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


def is_unmapped(text: str) -> bool:
    """A glyph without a Unicode mapping: pdfminer's `(cid:12)`, or a font's raw code
    (control characters, private use) when the file carries no ToUnicode map."""
    if len(text) == 1:
        code = ord(text)
        return code < 0x20 or 0xE000 <= code <= 0xF8FF
    return text.startswith("(cid:") or any(ord(ch) < 0x20 or 0xE000 <= ord(ch) <= 0xF8FF for ch in text)


BLACK = ((0,), (0, 0, 0), (0, 0, 0, 1), [0], [0, 0, 0], (0.0,), (0.0, 0.0, 0.0), None)


def is_body_text(char: dict) -> bool:
    """Horizontal and dark enough to read: a rotated or light-grey glyph is a watermark."""
    a, b, c, d = char["matrix"][:4]
    if abs(b) > 0.05 * abs(a) or abs(c) > 0.05 * abs(d) or a <= 0 or d <= 0:
        return False
    color = char["non_stroking_color"]
    return color in BLACK or not _is_light(color)


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
        if not _seen_near(seen, ch, text, cx, cy, tolerance):
            seen.setdefault((text, cx, cy), []).append(ch)
            out.append(ch)
    return out


def _seen_near(seen: dict, ch: dict, text: str, cx: int, cy: int, tolerance: float) -> bool:
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for other in seen.get((text, cx + dx, cy + dy), ()):
                if (abs(other["x0"] - ch["x0"]) <= tolerance and abs(other["top"] - ch["top"]) <= tolerance
                        and other["fontname"] == ch["fontname"]):
                    return True
    return False


def group_lines(chars: list[dict], page_no: int) -> list[Line]:
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
