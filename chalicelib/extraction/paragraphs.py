"""From visual lines to logical lines (段落重建).

A line that runs to the right edge of the text block continues on the next
line (Chinese wraps anywhere, even inside a number), so the two are joined
without a separator; a short line ends its paragraph. A table row becomes
`label：value，label：value` so that table forms, label-per-line forms and
run-in paragraphs all reach the parsers in the same shape.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import Line, Segment
from .vocabulary import LABEL_RE, NUMBERING, is_label, is_party_field, is_role

_NEW_ITEM = re.compile(rf"^\s*{NUMBERING}")
# A long line ending in `：` is a sentence wrapped after its label (`住所：` | `河南省…`);
# a heading ending in `：` is short, and short lines end their paragraph anyway.
_HEADING_CELL = re.compile(r"[\u4e00-\u9fff、，,（）()]{2,16}")
_SENTENCE_END = ("。", "！", "？")
_UNFINISHED = re.compile(r"[（(《“‘【\[]$")  # a line ending in an opening bracket goes on
_MID_NUMBER = re.compile(r"[0-9][.,]?$")
_CONTINUATION = re.compile(r"^[，。；、）：,.;:)\]》”’]")


@dataclass
class Paragraph:
    text: str
    page: int
    top: float
    from_table: bool = False


def _segments_text(segments: list[Segment]) -> str:
    """Segments of one row: label cells get a colon, pairs are separated by a comma."""
    merged: list[str] = []
    for seg in segments:
        text = seg.text.strip()
        if not text:
            continue
        # `住    址：` rendered with a wide gap splits into `住` + `址：…`
        if merged and len(merged[-1]) <= 3 and not merged[-1].endswith(("：", ":")) and is_label(
                merged[-1] + text.split("：")[0].split(" ")[0]):
            merged[-1] += text
            continue
        merged.append(text)
    if len(merged) == 2 and _HEADING_CELL.fullmatch(merged[0].rstrip("：: ")) and len(merged[1]) > 2 * len(merged[0]):
        return merged[0].rstrip("：: ") + "：" + merged[1]  # `纠纷主要事实、争议事项 | 2021年…`: heading and content
    out = []
    for i, text in enumerate(merged):
        bare = text.rstrip("：: ")
        if is_label(bare) and i + 2 < len(merged) and is_label(merged[i + 1].rstrip("：: ")):
            out.append(bare + "：，")  # a label over a group of rows (`申请人` | `姓名` | 胡超): empty value
            # (a label in the last cell is a value: `职务` | `负责人`)
        elif is_label(bare) and i + 1 < len(merged):
            out.append(bare + "：")
        else:
            out.append(text + ("，" if i + 1 < len(merged) and not text.endswith(("，", "。", "；", "：")) else ""))
    return "".join(out)


def _line_text(line: Line) -> str:
    if len(line.segments) > 1:
        return _segments_text(line.segments)
    return line.text


def _edges(lines: list[Line]) -> dict[int, tuple[float, float]]:
    """(left, right) edge of the free text on each page."""
    edges: dict[int, tuple[float, float]] = {}
    for ln in lines:
        if not ln.from_table and len(ln.text) >= 8:
            left, right = edges.get(ln.page, (ln.x0, ln.x1))
            edges[ln.page] = (min(left, ln.x0), max(right, ln.x1))
    return edges


# `调解组织：`, `住所地（住址）：` — not `（大写：…）` nor `元（大写：…` (an amount's unit and its restatement)
_ANY_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,10}(?:（[\u4e00-\u9fff]{1,6}）)?\s*[：:]")


def _only_a_field_label(text: str) -> bool:
    text = text.strip()
    return text.endswith(("：", ":")) and is_party_field(text)


def _starts_new(text: str) -> bool:
    """A numbered item, a `label：` or a role heading alone (`乙方（被申请人）`) opens a
    paragraph (breaking one too many is harmless: sections and items are re-joined later)."""
    return bool(_NEW_ITEM.match(text) or LABEL_RE.match(text) or _ANY_LABEL.match(text) or is_role(text))


def _header(line: Line) -> list[Segment] | None:
    """A table row of column labels only (`身份 | 姓名 | 性别 | 身份证号码 | 住址`)."""
    cells = [seg for seg in line.segments if seg.text.strip()]
    if line.from_table and len(cells) >= 3 and all(is_label(seg.text) for seg in cells):
        return cells
    return None


def _under_header(line: Line, header: list[Segment]) -> str | None:
    """A data row under a header row, as `label：value，…` by column position."""
    cells = [seg for seg in line.segments if seg.text.strip()]
    if not cells or any(is_label(seg.text) for seg in cells[1:]):
        return None
    pairs = []
    for seg in cells:
        middle = (seg.x0 + seg.x1) / 2
        column = next((h for h in header if h.x0 - 2 <= middle <= h.x1 + 2), None)
        if column is None:
            return None
        pairs.append(seg.text if is_label(seg.text) and seg is cells[0] else f"{column.text.rstrip('：:')}：{seg.text}")
    first = pairs[0]
    return (first + "：" if is_label(first) else first) + "，".join(pairs[1:])


def _role_columns(line: Line) -> list[Segment] | None:
    """A table row naming one party per column (`| 申请人 | 被申请人 |`): the parties' columns."""
    cells = [seg for seg in line.segments if seg.text.strip()]
    roles = [seg for seg in cells if is_role(seg.text)]
    if line.from_table and len(roles) >= 2 and all(is_label(seg.text) for seg in cells):
        return roles
    return None


class _PartyColumns:
    """Rows `label | value for party 1 | value for party 2` under a `_role_columns` row,
    gathered into one `role：，label：value，…` paragraph per party."""

    def __init__(self, roles: list[Segment], line: Line):
        self.roles, self.line = roles, line
        self.pairs: list[list[str]] = [[] for _ in roles]

    def add(self, line: Line) -> bool:
        cells = [seg for seg in line.segments if seg.text.strip()]
        if (not line.from_table or not cells or not is_party_field(cells[0].text)
                or cells[0].x1 > self.roles[0].x0 + 2):
            return False
        label = cells[0].text.rstrip("：: ")
        for seg in cells[1:]:
            inside = [i for i, r in enumerate(self.roles) if seg.x0 < r.x1 - 2 and seg.x1 > r.x0 + 2]
            if len(inside) != 1:
                return False  # outside the parties' columns, or a cell across them (请求事项)
            column = inside[0]
            self.pairs[column].append(f"{label}：{seg.text}")
        return True

    def paragraphs(self) -> list[Paragraph]:
        return [Paragraph(f"{role.text.rstrip('：: ')}：，" + "，".join(pairs), self.line.page, self.line.top, True)
                for role, pairs in zip(self.roles, self.pairs)]


def build_paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Join wrapped lines; each table row and each short line ends a paragraph."""
    edges = _edges(lines)
    out: list[Paragraph] = []
    prev: Line | None = None
    header: list[Segment] | None = None
    columns: _PartyColumns | None = None
    for ln in lines:
        if columns is not None:
            if columns.add(ln):
                continue
            out += columns.paragraphs()
            columns = None
        if not ln.from_table:
            header = None
        elif _role_columns(ln):
            columns, prev = _PartyColumns(_role_columns(ln), ln), None
            continue
        elif _header(ln):
            header = _header(ln)
            prev = ln
            continue
        text = ((_under_header(ln, header) if header else None) or _line_text(ln)).strip()
        if not text:
            continue
        if prev is not None and out and _value_under_bare_label(prev, ln, text):
            out[-1].text = out[-1].text.strip() + "：" + text.lstrip()
        elif prev is not None and out and _continues(prev, ln, text, edges):
            out[-1].text += text.lstrip()
        else:
            out.append(Paragraph(text, ln.page, ln.top, ln.from_table))
        prev = ln
    if columns is not None:
        out += columns.paragraphs()
    return out


def _value_under_bare_label(prev: Line, line: Line, text: str) -> bool:
    """`名称` | `新乡市…有限公司`: a party field's label alone, without a colon, and its value
    on the next line (a web page's `<dt>` above its `<dd>`)."""
    return (not prev.from_table and not line.from_table and len(prev.segments) <= 1
            and is_party_field(prev.text) and not prev.text.rstrip().endswith(("：", ":"))
            and (line.page == prev.page + 1 or line.page == prev.page and line.top - prev.bottom < 2 * prev.size)
            and not is_label(text) and not _starts_new(text))


def _continues(prev: Line, line: Line, text: str, edges: dict[int, tuple[float, float]]) -> bool:
    """Does `line` carry on the paragraph of `prev`?

    Glyph widths in a PDF need not match the ones the producer wrapped with
    (half-width digits, substituted fonts), so "reaches the right edge" is
    only a loose test: a wrapped line is at least 60% of the text width, does
    not end a sentence, and both lines start at the left edge.
    """
    if prev.from_table or line.from_table or len(prev.segments) > 1:
        return False
    near = line.page != prev.page or line.top - prev.bottom < 2.5 * prev.size
    left, right = edges.get(prev.page, (prev.x0, prev.x1))
    long_line = prev.x1 >= left + 0.6 * (right - left)
    if _CONTINUATION.match(text) or _UNFINISHED.search(prev.text):
        return near
    if long_line and _MID_NUMBER.search(prev.text) and (text[:1].isdigit() or text[:1] in "元万亿角分%") \
            and line.x0 <= left + 3 * prev.size:  # a wrapped number goes on at the margin, not right-aligned
        return near  # `¥317,266.` | `96）` is one number, not an item `96）`; `26600` | `元` one amount
    if _only_a_field_label(prev.text) and not _starts_new(text):
        return near  # `住 址：` | `河南省…`
    indent = 3 * prev.size
    if prev.x0 > left + indent or line.x0 > left + indent:
        return False  # centred titles, right-aligned dates and signatures
    if not long_line or prev.text.endswith(_SENTENCE_END) or _starts_new(text):
        return False
    if line.page == prev.page:
        return near
    return line.page == prev.page + 1
