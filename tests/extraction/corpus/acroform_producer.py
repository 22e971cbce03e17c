"""Fillable forms (AcroForm): the page prints the labels, the values are filled in.

Two kinds, as real uploads come:
- filled: every value lives only in a text field's `/V` and its widget's
  appearance stream (some only in the appearance); the page content holds nothing of it; signatures, seals
  and thumbprints are the appearances of picture push-buttons;
- flattened: the same values drawn into Form XObjects, each placed with
  `q 1 0 0 1 x y cm /FormXob.N Do Q` and no field left.

ReportLab's acroform writes appearance streams in a standard 8-bit font, which
cannot show Chinese; the field is created with an empty value, then given its
`/V` and an appearance that draws the value in STSong-Light.
"""

from __future__ import annotations

import random

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString
from reportlab.pdfgen import canvas as rl_canvas

from .blocks import Block
from .canvas_producer import FONT, register_font, wrap
from .marks import draw_on_canvas

SIZE, LEADING = 11.0, 17.0
LEFT, RIGHT, TOP, BOTTOM = 60.0, A4[0] - 60.0, 60.0, A4[1] - 60.0


class FormWriter:
    def __init__(self, path: str, flattened: bool, rng: random.Random):
        register_font()
        self.canvas = rl_canvas.Canvas(path, pagesize=A4, invariant=1)
        self.flattened, self.rng = flattened, rng
        self.top, self.pages, self.fields = TOP, 1, 0
        self._annotations: list[PDFDictionary] = []
        add = self.canvas._addAnnotation

        def keep(annotation, *args, **kwargs):  # ReportLab hands out no handle on the widget it makes
            self._annotations.append(annotation)
            return add(annotation, *args, **kwargs)
        self.canvas._addAnnotation = keep

    def _room(self, height: float) -> None:
        if self.top + height > BOTTOM:
            self.canvas.showPage()
            self.pages += 1
            self.top = TOP

    def label(self, x: float, text: str, size: float = SIZE) -> float:
        """Print `text` at `x` on the current line; returns where it ends."""
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(x, A4[1] - self.top - size, text)
        return x + pdfmetrics.stringWidth(text, FONT, size)

    def field(self, x: float, value: str, width: float | None = None) -> None:
        """A filled field from `x` to the margin (or `width`), as tall as its wrapped value."""
        width = width or RIGHT - x
        lines = wrap(value, width - 6, SIZE)
        height = len(lines) * LEADING + 4
        bottom = A4[1] - self.top - height + 3
        self.fields += 1
        name = f"v{self.pages}_{self.fields}"
        if not self.canvas._code:  # else ReportLab files the page's widgets under the form
            self.canvas._code.append("")
        self.canvas.beginForm(name, lowerx=0, lowery=0, upperx=width, uppery=height)
        self.canvas.setFont(FONT, SIZE)
        for index, line in enumerate(lines):
            self.canvas.drawString(3, height - 3 - SIZE - index * LEADING, line)
        self.canvas.endForm()
        if self.flattened:
            self.canvas.saveState()
            self.canvas.translate(x, bottom)
            self.canvas.doForm(name)
            self.canvas.restoreState()
        else:
            self.canvas.acroForm.textfield(
                name=self.rng.choice(["field", "txt", "Text", "tb"]) + str(self.fields), value="", x=x, y=bottom,
                width=width, height=height, fontName="Helvetica", fontSize=SIZE, borderWidth=0.5,
                fieldFlags="multiline" if len(lines) > 1 else "", borderColor=None, fillColor=None)
            widget = self._annotations[-1]
            written = self.rng.random()
            if written < 0.85:  # else the value is in the appearance only, as some exporters leave it
                widget.dict["V"] = widget.dict["DV"] = PDFString("\n".join(lines) if written < 0.3 else value)
            widget.dict["AP"] = PDFDictionary({"N": PDFObjectReference(self.canvas._doc.getXObjectName(name))})
        self.top += height + 4

    def write(self, block: Block) -> None:
        if block.kind == "title":
            self._room(40)
            width = pdfmetrics.stringWidth(block.text, FONT, 18)
            self.label((A4[0] - width) / 2, block.text, 18)
            self.top += 36
        elif block.kind == "number":
            self._room(LEADING + 6)
            head, colon, value = block.text.rpartition("：")
            end = self.label(RIGHT - 240, (head or "编号") + "：")
            self.field(end + 4, value)
        elif block.kind == "slot":
            self._slot(block)
        elif block.kind == "table":
            self._table(block.rows)
        elif block.kind == "para":
            self._room(3 * LEADING)
            self.field(LEFT + 24, block.text.strip("　 "))
        else:
            head, colon, value = block.text.partition(rng_colon(block.text))
            if colon and value.strip():
                self._room(LEADING + 6)
                end = self.label(LEFT, head + colon)
                self.field(end + 6, value.strip())
            elif block.kind == "right" and not colon:  # the date under the signature: a field of its own
                self._room(LEADING + 6)
                self.field(RIGHT - 170, block.text, width=170)
            else:
                self._room(LEADING)
                self.label(LEFT, block.text)
                self.top += LEADING

    def _table(self, rows: list[list[str]]) -> None:
        """The instalment table: its header printed, every cell below it a field."""
        widths = [max(pdfmetrics.stringWidth(row[i], FONT, SIZE) for row in rows) + 16 for i in range(len(rows[0]))]
        edges = [LEFT + 24 + sum(widths[:i]) for i in range(len(widths))]
        self._room(len(rows) * (LEADING + 8))
        table_top = self.top - 3
        for x, cell in zip(edges, rows[0]):
            self.label(x + 3, cell)
        self.top += LEADING + 4
        for row in rows[1:]:
            top = self.top
            for x, width, cell in zip(edges, widths, row):
                self.top = top
                self.field(x, cell, width=width)
        self._grid(edges + [edges[-1] + widths[-1]], table_top, self.top - 4, len(rows))
        self.top += 2

    def _grid(self, edges: list[float], top: float, bottom: float, count: int) -> None:
        """The table's boxes, printed on the page as the form's ruling."""
        self.canvas.setLineWidth(0.6)
        step = (bottom - top) / count
        for index in range(count + 1):
            y = A4[1] - top - index * step
            self.canvas.line(edges[0], y, edges[-1], y)
        for x in edges:
            self.canvas.line(x, A4[1] - top, x, A4[1] - bottom)

    def _slot(self, block: Block) -> None:
        """A signature slot; in a filled form the mark is a picture push-button's appearance."""
        self._room(70)
        end = self.label(LEFT, block.text)
        if block.mark:
            side = 70 if block.mark == "seal" else 48
            box = (end + 12, self.top - 14, side if block.mark in ("seal", "stamp") else 90,
                   side if block.mark in ("seal", "stamp") else 30)
            mark_rng = random.Random(self.rng.random())
            if self.flattened:
                draw_on_canvas(self.canvas, block.mark, box, A4[1], mark_rng)
            else:
                self._button(box, block.mark, mark_rng)
        self.top += 62

    def _button(self, box: tuple[float, float, float, float], mark: str, rng: random.Random) -> None:
        """A push-button widget (`/FT /Btn`, `/Ff` pushbutton) showing the mark, nothing on the page."""
        x, top, width, height = box
        self.fields += 1
        name = f"b{self.pages}_{self.fields}"
        if not self.canvas._code:
            self.canvas._code.append("")
        self.canvas.beginForm(name, lowerx=0, lowery=0, upperx=width, uppery=height)
        draw_on_canvas(self.canvas, mark, (0, 0, width, height), height, rng)
        self.canvas.endForm()
        bottom = A4[1] - top - height
        widget = PDFDictionary({
            "Type": PDFName("Annot"), "Subtype": PDFName("Widget"), "FT": PDFName("Btn"), "Ff": 65536, "F": 4,
            "T": PDFString(f"signature{self.fields}"), "Rect": PDFArray([x, bottom, x + width, bottom + height]),
            "P": self.canvas._doc.thisPageRef(),
            "AP": PDFDictionary({"N": PDFObjectReference(self.canvas._doc.getXObjectName(name))})})
        self.canvas._addAnnotation(widget)
        self.canvas.acroForm.fields.append(self.canvas.acroForm.getRef(widget))

    def save(self) -> int:
        self.canvas.save()
        return self.pages


def rng_colon(text: str) -> str:
    """The colon a `label：value` line uses (full or half width)."""
    full, half = text.find("："), text.find(":")
    if full < 0 and half < 0:
        return "："
    if full < 0 or 0 <= half < full:
        return ":"
    return "："


def produce(doc, blocks: list[Block], path: str, look: dict, rng: random.Random) -> int:
    writer = FormWriter(path, look.get("flattened", False), rng)
    for block in blocks:
        writer.write(block)
    return writer.save()
