"""ReportLab platypus: flowing paragraphs over several pages, with a running
header, a rule and a page-number footer between them."""

from __future__ import annotations

import random

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .blocks import Block
from .canvas_producer import FONT, draw_watermark, register_font
from .marks import draw_on_canvas


class SignatureSlot(Flowable):
    """A slot label with room beside it, and the mark if there is one."""

    def __init__(self, block: Block, size: float, rng: random.Random):
        super().__init__()
        self.block, self.size, self.rng = block, size, rng
        self.height = {"seal": 70, "stamp": 58}.get(block.mark, 48)

    def wrap(self, available_width, available_height):
        return available_width, self.height

    def draw(self):
        canvas = self.canv
        baseline = self.height - self.size - 6
        canvas.setFont(FONT, self.size)
        canvas.drawString(0, baseline, self.block.text)
        if not self.block.mark:
            return
        label_end = pdfmetrics.stringWidth(self.block.text, FONT, self.size)
        x = label_end + self.rng.uniform(10, 40)
        if self.block.mark == "seal":
            side = self.rng.uniform(64, 80)
            box = (x, self.height - baseline - side / 2 - self.size / 2, side, side)
        elif self.block.mark == "stamp":
            box = (x, self.height - baseline - 30, 40, 40)
        else:
            box = (x, self.height - baseline - 24, self.rng.uniform(70, 110), self.rng.uniform(24, 30))
        draw_on_canvas(canvas, self.block.mark, box, self.height, self.rng)


def produce(blocks: list[Block], path: str, rng: random.Random, *, running_title: str,
            watermark: bool = False, size: float = 13, leading: float = 26) -> int:
    """Flow the blocks over as many pages as they need; returns the page count."""
    register_font()
    body = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=leading, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("title", parent=body, fontSize=20, leading=36, alignment=TA_CENTER),
        "number": ParagraphStyle("number", parent=body, alignment=TA_RIGHT),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, rightIndent=20),
        "para": body,
        "line": body,
    }
    footer = rng.choice(["第 {} 页", "- {} -", "第{}页"])

    def decorate(canvas, doc):
        if watermark:
            draw_watermark(canvas, *A4)
        canvas.saveState()
        canvas.setFont(FONT, 9)
        width, height = A4
        canvas.drawString(72, height - 48, running_title)
        canvas.drawRightString(width - 72, height - 48, "新乡市诉调对接材料")
        canvas.setLineWidth(0.5)
        canvas.line(72, height - 54, width - 72, height - 54)
        canvas.drawCentredString(width / 2, 36, footer.format(doc.page))
        canvas.restoreState()

    story = []
    for block in blocks:
        if block.kind == "slot":
            story.append(SignatureSlot(block, size, rng))
        elif block.kind == "table":
            story.append(_table(block.rows, size))
        else:
            story.append(Paragraph(_escape(block.text), styles[block.kind]))
            if block.kind == "title":
                story.append(Spacer(1, 6))
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=72, rightMargin=72, topMargin=80,
                            bottomMargin=70, invariant=1, title=running_title)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return doc.page


def _table(rows: list[list[str]], size: float) -> Table:
    """A ruled table, its columns as wide as their longest cell."""
    widths = [max(pdfmetrics.stringWidth(row[i], FONT, size) for row in rows) + 16 for i in range(len(rows[0]))]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, size), ("GRID", (0, 0), (-1, -1), 0.6, (0, 0, 0)),
                               ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return table


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
