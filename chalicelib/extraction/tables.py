"""Ruled tables (表格), read cell by cell.

Word/WPS form exports put a party's fields in a bordered table; reading it by
lines interleaves neighbouring cells, so pdfplumber's ruled-table finder finds
the cells and each row becomes one Line. Only pages with enough ruling lines
pay for table detection.
"""
from __future__ import annotations

import statistics

from .pdfobjects import PageObjects
from .textlines import Line, Segment, group_lines


def has_ruling(page: PageObjects) -> bool:
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
    lines = group_lines(inside, 0)
    # A value wrapped inside a cell (an address, an 18-character ID) continues
    # on the next line: join without a separator, as Chinese text has none.
    return "".join(line.text for line in lines)


def read_tables(page: PageObjects, chars: list[dict]) -> tuple[list[Line], list[tuple]]:
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


def into_rows(free: list[Line], rows: list[Line]) -> list[Line]:
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


def in_boxes(obj: dict, boxes) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)
