"""ReportLab canvas with the non-embedded CID font STSong-Light.

Lines are broken by width, character by character, the way typesetting
tools break Chinese: numbers and identifiers may split across lines.
Looks a case can turn on:
- fake bold: every character drawn twice, a fraction of a point apart;
- justified: wrapped lines stretched to the margin with character spacing;
- shuffled: each page's drawing emitted in random order (stream order is
  not reading order);
- watermark: a large light-grey diagonal text behind the page;
- rules: a printed line to sign on beside each signature slot (not a mark);
- condensed: horizontally scaled glyphs (Tz), as Word's character scaling writes them;
- backgrounds: each page an image with the text invisible on top (a scan with an OCR layer).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import Callable

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas as rl_canvas

from .blocks import Block, compat_text
from .marks import draw_on_canvas

FONT = "STSong-Light"
WATERMARK = "仅供诉调对接使用"


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass
class CanvasLook:
    fake_bold: str | None = None  # None | "labels" | "all"
    fullwidth_digits: bool = False
    owner_password: bool = False  # permissions-only encryption: opens without a password
    justified: bool = False
    shuffled: bool = False
    watermark: bool = False
    rules: bool = False  # a printed line to sign on beside every signature slot, signed or not
    condensed: bool = False  # horizontal scaling (Tz 85), as Word's character scaling writes it
    backgrounds: tuple[bytes, ...] = ()  # page images under invisible text: a scan with an OCR layer
    size: float = 12
    leading: float = 20


def wrap(text: str, width: float, size: float) -> list[str]:
    lines, current = [], ""
    for char in text:
        if current and pdfmetrics.stringWidth(current + char, FONT, size) > width:
            lines.append(current)
            current = ""
        current += char
    return lines + [current] if current else lines


def draw_watermark(canvas, width: float, height: float) -> None:
    canvas.saveState()
    canvas.setFillColorRGB(0.85, 0.85, 0.85)
    canvas.setFont(FONT, 40)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, WATERMARK)
    canvas.restoreState()


class CanvasWriter:
    """Lays blocks top to bottom on A4 pages."""

    def __init__(self, path: str, look: CanvasLook, rng: random.Random):
        register_font()
        encrypt = None
        if look.owner_password:
            from reportlab.lib.pdfencrypt import StandardEncryption
            encrypt = StandardEncryption("", "owner-secret", canModify=0, canCopy=0)
        self.canvas = rl_canvas.Canvas(path, pagesize=A4, invariant=1, encrypt=encrypt)
        self.look, self.rng = look, rng
        self.width, self.height = A4
        self.left, self.right = 72, self.width - 72
        self.top = 72.0  # distance of the next line box from the page top
        self.pages = 1
        self.pending: list[Callable[[], None]] = []  # this page's drawing, emitted at page end
        self.underlay: list[Callable[[], None]] = []  # drawn first on the page, never shuffled
        self._start_page()

    def _start_page(self) -> None:
        if self.look.backgrounds:
            from reportlab.lib.utils import ImageReader

            image = ImageReader(io.BytesIO(self.look.backgrounds[self.pages - 1]))
            self.underlay.append(lambda: self.canvas.drawImage(image, 0, 0, self.width, self.height))
        if self.look.watermark:
            self.underlay.append(lambda: draw_watermark(self.canvas, self.width, self.height))

    def _draw(self, operation: Callable[[], None]) -> None:
        self.pending.append(operation)

    def _flush(self) -> None:
        if self.look.shuffled:
            self.rng.shuffle(self.pending)
        for operation in self.underlay + self.pending:
            operation()
        self.pending, self.underlay = [], []

    def _text(self, x: float, top: float, text: str, size: float, bold: bool, spacing: float = 0) -> None:
        text = compat_text(text, self.look.fullwidth_digits, radicals=False)
        baseline = self.height - top - size
        canvas = self.canvas
        scale = 85 if self.look.condensed else 100

        def line(dx: float, dy: float) -> None:
            text_object = canvas.beginText(x + dx, baseline + dy)
            text_object.setFont(FONT, size)
            text_object.setHorizScale(scale)
            text_object.setCharSpace(spacing)
            if self.look.backgrounds:
                text_object.setTextRenderMode(3)  # invisible: the page image shows the text
            text_object.textOut(text)
            canvas.drawText(text_object)

        def draw():
            line(0, 0)
            if bold:  # fake bold: the same glyphs again, slightly offset
                line(0.35, 0.1)
        self._draw(draw)

    def _room(self, needed: float) -> None:
        if self.top + needed > self.height - 60:
            self._flush()
            self.canvas.showPage()
            self.pages += 1
            self.top = 72.0
            self._start_page()

    def write(self, block: Block) -> None:
        look, size = self.look, self.look.size
        bold_all = look.fake_bold == "all"
        bold_label = look.fake_bold is not None and block.kind in ("title", "line", "slot")
        if block.kind == "title":
            self._room(40)
            width = pdfmetrics.stringWidth(block.text, FONT, 18)
            self._text((self.width - width) / 2, self.top, block.text, 18, bold_label or bold_all)
            self.top += 36
        elif block.kind == "number":
            width = pdfmetrics.stringWidth(block.text, FONT, size)
            x = self.right - width if self.rng.random() < 0.5 else (self.width - width) / 2
            self._text(x, self.top, block.text, size, bold_all)
            self.top += look.leading * 1.5
        elif block.kind == "right":
            self._room(look.leading)
            width = pdfmetrics.stringWidth(block.text, FONT, size)
            self._text(self.right - width - 20, self.top, block.text, size, bold_all)
            self.top += look.leading
        elif block.kind == "slot":
            self._slot(block, bold_label or bold_all)
        elif block.kind == "table":
            self._table(block.rows, bold_all)
        else:
            self._lines(block.text, bold_label or bold_all)

    def _lines(self, text: str, bold: bool) -> None:
        size, width = self.look.size, self.right - self.left
        lines = wrap(text, width, size)
        for index, line in enumerate(lines):
            self._room(self.look.leading)
            spacing = 0.0
            if self.look.justified and index < len(lines) - 1 and len(line) > 1:
                spacing = (width - pdfmetrics.stringWidth(line, FONT, size)) / (len(line) - 1)
            self._text(self.left, self.top, line, size, bold, spacing)
            self.top += self.look.leading

    def _table(self, rows: list[list[str]], bold: bool) -> None:
        """A ruled table, its columns as wide as their longest cell."""
        size, row_height = self.look.size, self.look.leading + 4
        widths = [max(pdfmetrics.stringWidth(row[i], FONT, size) for row in rows) + 14 for i in range(len(rows[0]))]
        edges = [self.left + 24 + sum(widths[:i]) for i in range(len(widths) + 1)]
        self._room(row_height * len(rows))
        top = self.top
        for index, row in enumerate(rows):
            for x, cell in zip(edges, row):
                self._text(x + 7, top + index * row_height + 4, cell, size, bold)

        def rules():
            self.canvas.setLineWidth(0.6)
            for index in range(len(rows) + 1):
                y = self.height - top - index * row_height
                self.canvas.line(edges[0], y, edges[-1], y)
            for x in edges:
                self.canvas.line(x, self.height - top, x, self.height - top - len(rows) * row_height)
        self._draw(rules)
        self.top += row_height * len(rows) + 6

    def _slot(self, block: Block, bold: bool) -> None:
        row = {"seal": 60, "stamp": 64}.get(block.mark, 50)
        self._room(row + 30)
        self._text(self.left, self.top, block.text, self.look.size, bold)
        label_end = self.left + pdfmetrics.stringWidth(block.text, FONT, self.look.size)
        if self.look.rules:
            rule_y = self.height - self.top - self.look.size - 3

            def rule():
                self.canvas.setLineWidth(0.6)
                self.canvas.line(label_end + 4, rule_y, label_end + 160, rule_y)
            self._draw(rule)
        if block.mark:
            # a signature often starts over the printed label; stamps sit beside it
            overlap = block.mark in ("strokes", "image") and self.rng.random() < 0.2
            x = label_end - self.rng.uniform(20, 40) if overlap else label_end + self.rng.uniform(8, 40)
            if block.mark in ("seal", "stamp"):  # a party's own stamp stays inside its row
                side = self.rng.uniform(70, 95) if block.mark == "seal" else self.rng.uniform(44, 54)
                box = (x, self.top - side / 2 + 6, side, side)
            else:
                box = (x, self.top - self.rng.uniform(10, 16), self.rng.uniform(70, 110), self.rng.uniform(26, 34))
            mark_rng = random.Random(self.rng.random())  # drawing order must not change the mark
            if not self.look.backgrounds:  # on a scan the mark is in the page image
                self._draw(lambda: draw_on_canvas(self.canvas, block.mark, box, self.height, mark_rng))
        self.top += row

    def save(self) -> int:
        self._flush()
        self.canvas.save()
        return self.pages


def produce(blocks: list[Block], path: str, look: CanvasLook, rng: random.Random) -> int:
    """Write the blocks to `path`; returns the page count."""
    writer = CanvasWriter(path, look, rng)
    for block in blocks:
        writer.write(block)
    return writer.save()
