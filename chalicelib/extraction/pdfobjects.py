"""A page's characters, graphics and images, in pdfplumber's dict shape (页面对象).

pdfplumber spends most of its time turning each pdfminer object into a dict
of every attribute (resolving and decoding each); the engine needs a handful.
So pages are interpreted by pdfminer directly (no layout analysis) and only
those keys are kept: `x0 x1 top bottom` (top-left origin, like pdfplumber),
`text size fontname upright matrix non_stroking_color` for characters,
`object_type pts stroking_color non_stroking_color fill` for graphics and
`stream srcsize bits colorspace` for images. pdfplumber's table finder then
works on these dicts unchanged (see layout).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageObjects:
    number: int
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)


class PageReader:
    """Interprets the pages of one pdfminer document, one at a time."""

    def __init__(self, document):
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

        resources = PDFResourceManager(caching=True)
        self._device = PDFPageAggregator(resources, laparams=None)
        self._interpreter = PDFPageInterpreter(resources, self._device)
        self.document = document

    def pages(self):
        from pdfminer.pdfpage import PDFPage

        return PDFPage.create_pages(self.document)

    def read(self, page, number: int) -> PageObjects:
        objects = self._read(page, number)
        turn = _sideways_turn(objects.chars)
        if turn:  # text drawn sideways to the page's /Rotate: read it in its own orientation
            page.rotate = (page.rotate + turn) % 360
            objects = self._read(page, number)
        return objects

    def _read(self, page, number: int) -> PageObjects:
        self._interpreter.process_page(page)
        layout = self._device.get_result()
        x0, y0, x1, y1 = layout.bbox
        objects = PageObjects(number, x1 - x0, y1 - y0)
        _collect(layout, objects, x0, y1)
        if page.annots and not page.rotate:
            objects.chars += _form_field_chars(page, x0, y1)
        return objects


def _form_field_chars(page, left: float, page_top: float) -> list[dict]:
    """Values typed into a fillable form (AcroForm text fields) as characters in their boxes.

    They live in widget annotations, not in the page content that pdfminer
    interprets, so without this a filled-in form reads as blank.
    """
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import LIT
    from pdfminer.utils import decode_text

    chars = []
    for ref in (resolve1(page.annots) or [])[:500]:
        annot = resolve1(ref)
        if not isinstance(annot, dict) or annot.get("Subtype") is not LIT("Widget"):
            continue
        field, value = annot, annot.get("V")
        while value is None and isinstance(resolve1(field.get("Parent")), dict):
            field = resolve1(field.get("Parent"))
            value = field.get("V")
        value = resolve1(value)
        rect = resolve1(annot.get("Rect"))
        if not isinstance(value, bytes) or not isinstance(rect, list) or len(rect) != 4:
            continue
        text = decode_text(value).strip()
        x0, y0, x1, y1 = (float(resolve1(v)) for v in rect)
        if not text or x1 <= x0 or y1 <= y0:
            continue
        size = min(y1 - y0, 14.0) * 0.8
        width = min(size, (x1 - x0) / len(text))
        top = page_top - y1 + ((y1 - y0) - size) / 2
        for i, ch in enumerate(text):
            cx = x0 - left + 2 + i * width
            chars.append({"x0": cx, "x1": cx + width, "top": top, "bottom": top + size, "doctop": top,
                          "y0": page_top - top - size, "y1": page_top - top, "width": width, "height": size,
                          "text": ch, "size": size, "fontname": "form-field", "upright": True,
                          "matrix": (1, 0, 0, 1, cx, page_top - top - size), "non_stroking_color": (0,),
                          "object_type": "char"})
    return chars


def _sideways_turn(chars: list[dict]) -> int:
    """Degrees (90/180/270) by which most of the page's glyphs are turned, 0 when most are upright."""
    import math

    turns: dict[int, int] = {}
    for char in chars:
        a, b = char["matrix"][:2]
        turn = round(math.degrees(math.atan2(b, a)) / 90) * 90 % 360
        turns[turn] = turns.get(turn, 0) + 1
    if not turns:
        return 0
    turn = max(turns, key=turns.get)
    return turn if turns[turn] > 0.6 * len(chars) and turns[turn] >= 20 else 0


def _box(obj, left: float, page_top: float) -> dict:
    top = page_top - obj.y1
    return {"x0": obj.x0 - left, "x1": obj.x1 - left, "top": top, "bottom": page_top - obj.y0, "doctop": top,
            "y0": obj.y0, "y1": obj.y1, "width": obj.width, "height": obj.height}


def _collect(container, out: PageObjects, left: float, page_top: float) -> None:
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTLine, LTRect

    for obj in container:
        if isinstance(obj, LTChar):
            item = _box(obj, left, page_top)
            item.update(text=obj.get_text(), size=obj.size, fontname=obj.fontname, upright=obj.upright,
                        matrix=obj.matrix, non_stroking_color=obj.graphicstate.ncolor, object_type="char")
            out.chars.append(item)
        elif isinstance(obj, LTCurve):
            item = _box(obj, left, page_top)
            item.update(stroking_color=obj.stroking_color, non_stroking_color=obj.non_stroking_color,
                        fill=obj.fill, stroke=obj.stroke,
                        pts=[(x - left, page_top - y) for x, y in obj.pts])
            if isinstance(obj, LTLine):
                item["object_type"] = "line"
                out.lines.append(item)
            elif isinstance(obj, LTRect):
                item["object_type"] = "rect"
                out.rects.append(item)
            else:
                item["object_type"] = "curve"
                out.curves.append(item)
        elif isinstance(obj, LTImage):
            item = _box(obj, left, page_top)
            item.update(stream=obj.stream, srcsize=obj.srcsize, bits=obj.bits, colorspace=obj.colorspace,
                        object_type="image")
            out.images.append(item)
        elif isinstance(obj, LTFigure):
            _collect(obj, out, left, page_top)
