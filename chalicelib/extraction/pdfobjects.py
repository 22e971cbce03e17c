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
        turn = sideways_turn(objects.chars)
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
            self._draw_appearances(page, objects, x0, y1)
        return objects

    def _draw_appearances(self, page, objects: PageObjects, left: float, page_top: float) -> None:
        """Picture push-buttons, signature fields and text fields without a `/V`: their
        appearance streams, drawn where a viewer shows them (a signature or seal in a
        filled form is often only that)."""
        from pdfminer.utils import mult_matrix

        appearances = _button_appearances(page)
        if not appearances:
            return
        x0, y0 = page.mediabox[:2]
        self._device.begin_page(page, (1, 0, 0, 1, -x0, -y0))
        for stream, to_rect in appearances:
            self._interpreter.render_contents(stream.get("Resources") or {}, [stream],
                                              ctm=mult_matrix(to_rect, (1, 0, 0, 1, -x0, -y0)))
        self._device.end_page(page)
        _collect(self._device.get_result(), objects, left, page_top)


_MAX_APPEARANCES = 50  # per page: more buttons than a form has signatures is not worth drawing
_MAX_APPEARANCE_BYTES = 1 << 20  # decoded: a signature's strokes or a seal take a few kB


def _button_appearances(page) -> list[tuple]:
    """(normal appearance stream, matrix from its BBox onto the widget's Rect) of each
    push-button (`/FT /Btn`, pushbutton flag) or signature (`/FT /Sig`) widget on `page`,
    and of each text field whose value is only in its appearance (no `/V`)."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    from .safety import inflate_bounded

    out = []
    for ref in (resolve1(page.annots) or [])[:500]:
        annot = resolve1(ref)
        if not isinstance(annot, dict) or annot.get("Subtype") is not LIT("Widget"):
            continue
        kind, flags, value = _inherited(annot, "FT"), _inherited(annot, "Ff") or 0, _inherited(annot, "V")
        pushbutton = kind is LIT("Btn") and isinstance(flags, int) and flags & 65536
        unvalued_text = kind is LIT("Tx") and not (isinstance(value, bytes) and value.strip())
        if not (kind is LIT("Sig") or pushbutton or unvalued_text):
            continue  # a text field with a value is read from it (_form_field_chars), not drawn twice
        appearance = resolve1((resolve1(annot.get("AP")) or {}).get("N"))
        rect, bbox = resolve1(annot.get("Rect")), resolve1(getattr(appearance, "attrs", {}).get("BBox"))
        if not (isinstance(appearance, PDFStream) and _rectangle(rect) and _rectangle(bbox)
                and inflate_bounded(appearance, _MAX_APPEARANCE_BYTES) is not None):
            continue  # a bomb in an appearance is not drawn (the page's own content was measured)
        (rx0, ry0, rx1, ry1), (bx0, by0, bx1, by1) = _rectangle(rect), _rectangle(bbox)
        sx, sy = (rx1 - rx0) / (bx1 - bx0), (ry1 - ry0) / (by1 - by0)
        out.append((appearance, (sx, 0, 0, sy, rx0 - bx0 * sx, ry0 - by0 * sy)))
        if len(out) == _MAX_APPEARANCES:
            break
    return out


def _inherited(field: dict, key: str):
    """A field attribute, looked up the field's /Parent chain (PDF 32000 12.7.3.1)."""
    from pdfminer.pdftypes import resolve1

    for _ in range(20):
        if key in field:
            return resolve1(field[key])
        field = resolve1(field.get("Parent"))
        if not isinstance(field, dict):
            return None
    return None


def _rectangle(value) -> tuple[float, float, float, float] | None:
    """A PDF rectangle as (x0, y0, x1, y1) with positive size, or None."""
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    if not isinstance(value, list) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(resolve1(v)) for v in value)
    except (TypeError, ValueError):
        return None
    x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


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


def sideways_turn(chars: list[dict]) -> int:
    """Degrees (90/180/270) by which most of the page's glyphs are turned, 0 when most are upright."""
    import math

    turns: dict[int, int] = {}
    for char in chars:
        a, b = char["matrix"][:2]
        turn = 0 if b == 0 and a > 0 else round(math.degrees(math.atan2(b, a)) / 90) * 90 % 360
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
