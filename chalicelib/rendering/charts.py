"""Chart geometry for printed reports: the numbers an inline SVG needs, no library and no CDN.

A chart library (matplotlib, plotly) would be tens of MB in the Lambda package and a browser one
would need a script or a CDN the report's CSP forbids; two plain bar charts are a few rectangles.
The template (templates/reports/monthly.html) draws what these functions measure.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: int  # which series (0, 1, …): the template colours by it


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str  # SVG text-anchor: start, middle, end


@dataclass(frozen=True)
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: Text  # the value it marks


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    labels: tuple[Text, ...]  # under each group of columns, beside each row
    grid: tuple[GridLine, ...]  # one line per tick of the value axis
    values_on_bars: bool  # columns carry their value above them; rows are read against the grid


def _ticks(top: int) -> tuple[int, int]:
    """A round maximum and step for an axis reaching `top` (at least 1)."""
    step = 1
    while top / step > 5:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return max(step, ((top + step - 1) // step) * step), step


def columns(groups: list[tuple[str, list[int]]], width: int = 640, height: int = 220) -> Chart:
    """Grouped columns: one group per label (a month), one column per series."""
    left, bottom, top_pad = 34, 24, 10
    top, step = _ticks(max([v for _, values in groups for v in values] + [1]))
    plot_h, slot = height - bottom - top_pad, (width - left) / max(len(groups), 1)
    series = max((len(v) for _, v in groups), default=1)
    bar_w = slot * 0.7 / series
    bars, labels = [], []
    for i, (label, values) in enumerate(groups):
        x0 = left + i * slot + slot * 0.15
        for j, value in enumerate(values):
            h = plot_h * value / top
            bars.append(Bar(round(x0 + j * bar_w, 1), round(top_pad + plot_h - h, 1), round(bar_w - 1, 1),
                            round(h, 1), value, j))
        labels.append(Text(round(left + i * slot + slot / 2, 1), height - 8, label, "middle"))
    grid = []
    for v in range(0, top + 1, step):
        y = round(top_pad + plot_h - plot_h * v / top, 1)
        grid.append(GridLine(left, y, width, y, Text(left - 4, y + 3, str(v), "end")))
    return Chart(width, height, tuple(bars), tuple(labels), tuple(grid), True)


def rows(items: list[tuple[str, list[int]]], width: int = 640, row_height: int = 22) -> Chart:
    """Horizontal bars: one row per label (a dispute category), series overlaid (total, then part of it)."""
    # room for the longest label (about 10 units a CJK character at font-size 10), at most 40% of the width
    left = min(int(width * 0.4), 12 + 10 * max((len(label) for label, _ in items), default=4))
    right_pad, top_pad = 20, 4
    top, step = _ticks(max([v for _, values in items for v in values] + [1]))
    plot_w = width - left - right_pad
    height = top_pad + row_height * len(items) + 18
    bars, labels = [], []
    for i, (label, values) in enumerate(items):
        y = top_pad + i * row_height
        for j, value in enumerate(values):
            inset = 4 + 3 * j
            bars.append(Bar(left, y + inset, round(plot_w * value / top, 1), row_height - 2 * inset, value, j))
        labels.append(Text(left - 6, y + row_height / 2 + 4, label, "end"))
    grid = []
    for v in range(0, top + 1, step):
        x = round(left + plot_w * v / top, 1)
        grid.append(GridLine(x, 0, x, height - 16, Text(x, height - 4, str(v), "middle")))
    return Chart(width, height, tuple(bars), tuple(labels), tuple(grid), False)
