"""Recognised boxes → the `Layout` the text engine reads (`layout.Line`, `layout.Segment`).

Coordinates become PDF points of an A4-wide page, so the engine's gaps and
margins (measured in font sizes and page shares) mean what they mean on a
text layer. A box's height is the type's height plus the detector's padding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..layout import Layout, Line, Segment, drop_running_text
from ..normalize import normalize_text
from .recognition import Box

_PAGE_WIDTH = 595.0  # A4 in points
_TYPE_SHARE = 0.75  # of a detected box's height that is the type itself
_GAP_SEGMENT = 2.5  # in type sizes: as in layout, a gap this wide separates two segments
# The recogniser reads a thousands comma as a full stop (¥77,057.00 → ¥77.057.00) or as the full-width
# comma (¥29，100.00). No amount has two decimal points, so every point before the last in groups of
# three is a comma; a full-width comma between digits, before three of them, is one too.
_THOUSANDS_READ_AS_POINTS = re.compile(r"\d{1,3}(?:\.\d{3})+\.\d{1,2}(?!\d)")
_THOUSANDS_READ_WIDE = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


@dataclass(frozen=True)
class ReadLine:
    """A recognised line with the confidence of its least sure box."""

    page: int
    text: str
    confidence: float


def page_lines(boxes: list[Box], page_no: int, image_width: int) -> list[tuple[Line, float]]:
    """The page's lines, each with the confidence of its least sure box."""
    scale = _PAGE_WIDTH / image_width
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        middle = (box.top + box.bottom) / 2
        row = rows[-1] if rows else None
        if row and min(b.top for b in row) <= middle <= max(b.bottom for b in row):
            row.append(box)
        else:
            rows.append([box])
    return [_line(sorted(row, key=lambda b: b.x0), page_no, scale) for row in rows]


def _line(row: list[Box], page_no: int, scale: float) -> tuple[Line, float]:
    size = sorted((b.bottom - b.top) for b in row)[len(row) // 2] * _TYPE_SHARE * scale
    segments: list[Segment] = []
    for box in row:
        text = _repair(normalize_text(box.text).strip())
        if segments and (box.x0 * scale - segments[-1].x1) <= _GAP_SEGMENT * size:
            segments[-1].text += text
            segments[-1].x1 = box.x1 * scale
        else:
            segments.append(Segment(text, box.x0 * scale, box.x1 * scale))
    line = Line(text="  ".join(s.text for s in segments), page=page_no, x0=segments[0].x0,
                top=min(b.top for b in row) * scale, x1=segments[-1].x1,
                bottom=max(b.bottom for b in row) * scale, size=size, segments=segments)
    return line, min(b.confidence for b in row)


def _repair(text: str) -> str:
    text = _THOUSANDS_READ_WIDE.sub(",", text)
    return _THOUSANDS_READ_AS_POINTS.sub(lambda m: m.group().replace(".", ",", m.group().count(".") - 1), text)


def ocr_layout(pages: list[list[tuple[Line, float]]],
               sizes: list[tuple[float, float]]) -> tuple[Layout, list[ReadLine]]:
    """The layout of the recognised pages, and its lines with their confidences."""
    confidence = {id(line): score for page in pages for line, score in page}
    kept = drop_running_text([[line for line, _ in page] for page in pages], sizes)
    lines = [line for page in kept for line in page]
    read = [ReadLine(line.page, line.text, confidence[id(line)]) for line in lines]
    chars = sum(len(line.text) for line in lines)
    return Layout(len(pages), lines, [], sizes, chars), read


def page_size(image) -> tuple[float, float]:
    return _PAGE_WIDTH, image.shape[0] * _PAGE_WIDTH / image.shape[1]
