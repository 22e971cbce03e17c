"""ReportLab canvas with the non-embedded CID font STSong-Light.

Lines are broken by width, character by character, the way typesetting
tools break Chinese: numbers and identifiers may split across lines.
Optional fake bold draws every character twice, a fraction of a point apart.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas as rl_canvas

from .blocks import Block, compat_text
from .marks import draw_on_canvas

FONT = "STSong-Light"


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass
class CanvasLook:
    fake_bold: str | None = None  # None | "labels" | "all"
    fullwidth_digits: bool = False
    owner_password: bool = False  # permissions-only encryption: opens without a password
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
        self.top = 72.0  # distance of the next baseline's line box from the page top
        self.pages = 1

    def _text(self, x: float, top: float, text: str, size: float, bold: bool) -> None:
        text = compat_text(text, self.look.fullwidth_digits, radicals=False)
        baseline = self.height - top - size
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(x, baseline, text)
        if bold:  # fake bold: the same glyphs again, slightly offset
            self.canvas.drawString(x + 0.35, baseline + 0.1, text)

    def _room(self, needed: float) -> None:
        if self.top + needed > self.height - 60:
            self.canvas.showPage()
            self.pages += 1
            self.top = 72.0

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
        else:
            for line in wrap(block.text, self.right - self.left, size):
                self._room(look.leading)
                self._text(self.left, self.top, line, size, bold_label or bold_all)
                self.top += look.leading

    def _slot(self, block: Block, bold: bool) -> None:
        row = {"seal": 60, "stamp": 64}.get(block.mark, 50)
        self._room(row + 30)
        self._text(self.left, self.top, block.text, self.look.size, bold)
        label_end = self.left + pdfmetrics.stringWidth(block.text, FONT, self.look.size)
        if block.mark:
            x = label_end + self.rng.uniform(8, 40)
            if block.mark in ("seal", "stamp"):  # a party's own stamp stays inside its row
                side = self.rng.uniform(70, 95) if block.mark == "seal" else self.rng.uniform(44, 54)
                box = (x, self.top - side / 2 + 6, side, side)
            else:
                box = (x, self.top - self.rng.uniform(10, 16), self.rng.uniform(70, 110), self.rng.uniform(26, 34))
            draw_on_canvas(self.canvas, block.mark, box, self.height, self.rng)
        self.top += row

    def save(self) -> int:
        self.canvas.save()
        return self.pages


def produce(blocks: list[Block], path: str, look: CanvasLook, rng: random.Random) -> int:
    """Write the blocks to `path`; returns the page count."""
    writer = CanvasWriter(path, look, rng)
    for block in blocks:
        writer.write(block)
    return writer.save()
