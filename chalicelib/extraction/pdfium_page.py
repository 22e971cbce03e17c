"""A page's characters, graphics and images read by pdfium (页面对象, 快速路径).

pdfminer interprets content streams in Python: about nine tenths of the
engine's time on a plain page, as much as a naive pdfplumber pass pays. pdfium
(C, already shipped with pdfplumber) reads the same page an order of magnitude
faster, so pages it reads as pdfminer would go through here into the same
`PageObjects` dicts (see pdfobjects). Pages pdfminer's reader handles in ways
this one does not — form fields and their appearances, a `/Rotate`, text
drawn sideways — stay with it (`layout.read_layout` decides).

pdfium looks for a system font to stand in for each font a file names without
embedding (ReportLab's `STSong-Light`): with Noto CJK installed that is a 20 MB
face read per document, and on Lambda there is none — and with no face at all
pdfium drops text (see `_box_for_every_font`). So every such font is given one
628-byte face, process-wide: the engine runs in the guard's worker, which
renders nothing (the OCR path renders image-only pages, which need no font).
Text comes from the file's own character maps (ToUnicode, the Adobe-GB1
CMaps); Kangxi radicals from Chromium's Type 3 fonts come through as such and
are folded by `normalize` as before.
"""
from __future__ import annotations

import ctypes
import math
from pathlib import Path

from .pdfobjects import PageObjects

_SAMPLE = 48  # pixels a side: what `marks.image_is_red` needs to tell a red seal


def open_document(data: bytes):
    import pypdfium2 as pdfium

    _box_for_every_font()
    return pdfium.PdfDocument(data)


_fonts_set = False
_font_info = None  # kept alive: pdfium holds the pointer and calls back into it
_BOX_FONT = Path(__file__).with_name("box.ttf")  # one glyph, a 1000×1000 em box (tests/extraction/box_font.py writes it)
_GB2312_CHARSET = 134


def _box_for_every_font() -> None:
    """Every font a file does not embed stands in as one box glyph.

    pdfium measures a text object by its glyphs' outlines and leaves out of the
    text one that measures nothing (a one-character run with no glyph: `人` of
    `人民调解` written as its own run), so a missing font would lose text.
    Advances and the character boxes come from the file's own widths either way.
    """
    global _fonts_set, _font_info
    if _fonts_set:
        return
    import pypdfium2.raw as raw

    font = _BOX_FONT.read_bytes()
    handle = 1  # the one font there is

    def font_data(_info, _font, table, buffer, size):
        if table:
            return 0  # no table by itself: pdfium then asks for the whole file
        if buffer and size >= len(font):
            ctypes.memmove(buffer, font, len(font))
        return len(font)

    fields = dict(raw.FPDF_SYSFONTINFO._fields_)
    info = raw.FPDF_SYSFONTINFO()
    info.version = 1
    for name, answer in (("Release", None), ("EnumFonts", None), ("MapFont", handle), ("GetFont", handle),
                         ("GetFaceName", 0), ("GetFontCharset", _GB2312_CHARSET), ("DeleteFont", None)):
        setattr(info, name, fields[name](lambda *args, _answer=answer: _answer))
    info.GetFontData = fields["GetFontData"](font_data)
    raw.FPDF_SetSystemFontInfo(info)
    _font_info, _fonts_set = (info, font_data), True


def read_page(document, index: int, number: int) -> PageObjects:
    """The page's objects, coordinates from its media box's top-left corner, as pdfminer's reader gives them."""
    import pypdfium2.raw as raw

    page = document[index]
    try:
        box = page.get_mediabox()
        left, bottom, right, top = box
        objects = PageObjects(number, right - left, top - bottom)
        text_page = page.get_textpage()
        try:
            objects.chars = _chars(raw, text_page.raw, left, top)
        finally:
            text_page.close()
        identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        for index_ in range(raw.FPDFPage_CountObjects(page.raw)):
            _collect(raw, raw.FPDFPage_GetObject(page.raw, index_), identity, objects, left, top, 0)
        return objects
    finally:
        page.close()


def _by_address(function, takes_handle: bool = False, gives_handle: bool = True):
    """`function` again, its handles plain ints (hashable, and no ctypes object made per call)."""
    copy = type(function).from_address(ctypes.addressof(function))
    copy.argtypes = ((ctypes.c_void_p,) + tuple(function.argtypes[1:])) if takes_handle else function.argtypes
    copy.restype = ctypes.c_void_p if gives_handle else function.restype
    return copy


def _chars(raw, text_page, left: float, page_top: float) -> list[dict]:
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    width = ctypes.c_float()
    text_object = _by_address(raw.FPDFText_GetTextObject)
    font_of = _by_address(raw.FPDFTextObj_GetFont, takes_handle=True)
    embedded_font = _by_address(raw.FPDFFont_GetIsEmbedded, takes_handle=True, gives_handle=False)
    glyph_width = _by_address(raw.FPDFFont_GetGlyphWidth, takes_handle=True, gives_handle=False)
    # What pdfium keeps per text object (font, size, matrix, colour), asked once per object
    objects: dict[int, tuple] = {}
    widths: dict[tuple[str, int], float] = {}
    chars = []
    for i in range(raw.FPDFText_CountChars(text_page)):
        if raw.FPDFText_IsGenerated(text_page, i) == 1:
            continue  # a space or line break pdfium inferred, not in the file
        code = raw.FPDFText_GetUnicode(text_page, i)
        if code in (0xFFFE, 0xFFFF) or not raw.FPDFText_GetLooseCharBox(text_page, i, rect):
            continue
        text = "(cid:0)" if raw.FPDFText_HasUnicodeMapError(text_page, i) == 1 else chr(code)
        owner = text_object(text_page, i) or 0
        if owner not in objects:
            raw.FPDFText_GetMatrix(text_page, i, matrix)
            raw.FPDFText_GetFillColor(text_page, i, r, g, b, a)
            font = font_of(owner)
            em = raw.FPDFText_GetFontSize(text_page, i)
            objects[owner] = (font, f"f{font}", bool(embedded_font(font)), em, em * math.hypot(matrix.c, matrix.d),
                              (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f),
                              (r.value / 255, g.value / 255, b.value / 255))
        font, name, embedded, em, size, char_matrix, colour = objects[owner]
        x0, x1 = rect.left - left, rect.right - left
        if not embedded:  # the box stands in for the glyph: the advance is the file's own width (/W)
            if (name, code) not in widths:
                glyph_width(font, code, 1.0, width)  # takes a Unicode value, despite its name
                widths[name, code] = width.value
            x1 = x0 + widths[name, code] * em * char_matrix[0]
        chars.append({"x0": x0, "x1": x1, "top": page_top - rect.top, "bottom": page_top - rect.bottom,
                      "text": text, "size": size, "fontname": name,
                      "upright": char_matrix[1] == 0 and char_matrix[2] == 0, "matrix": char_matrix,
                      "non_stroking_color": colour, "object_type": "char"})
    return chars


def _times(m, n) -> tuple:
    """The PDF matrix product m × n (m applied first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _matrix(raw, obj) -> tuple:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _colour(raw, getter, obj):
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


_MAX_FORM_DEPTH = 12  # as deep as safety lets a page nest its forms


def _collect(raw, obj, outer: tuple, out: PageObjects, left: float, page_top: float, depth: int) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == raw.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
        inner = _times(_matrix(raw, obj), outer)
        for k in range(raw.FPDFFormObj_CountObjects(obj)):
            _collect(raw, raw.FPDFFormObj_GetObject(obj, k), inner, out, left, page_top, depth + 1)
    elif kind == raw.FPDF_PAGEOBJ_PATH:
        _paths(raw, obj, _times(_matrix(raw, obj), outer), out, left, page_top)
    elif kind == raw.FPDF_PAGEOBJ_IMAGE:
        _image(raw, obj, _times(_matrix(raw, obj), outer), out, left, page_top)


def _box(xs, ys, left: float, page_top: float) -> dict:
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {"x0": x0 - left, "x1": x1 - left, "top": page_top - y1, "bottom": page_top - y0, "doctop": page_top - y1,
            "y0": y0, "y1": y1, "width": x1 - x0, "height": y1 - y0}


def _paths(raw, obj, to_page: tuple, out: PageObjects, left: float, page_top: float) -> None:
    """Each subpath as pdfminer's painter makes it: a line (two points), a rect (an axis-aligned
    four-cornered closed path) or a curve, with its points from the top-left corner."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
    fill, stroke = bool(fill_mode.value), bool(stroke.value)
    if not (fill or stroke):
        return
    common = {"stroking_color": _colour(raw, raw.FPDFPageObj_GetStrokeColor, obj),
              "non_stroking_color": _colour(raw, raw.FPDFPageObj_GetFillColor, obj), "fill": fill, "stroke": stroke}
    a, b, c, d, e, f = to_page
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple]] = []
    curved: list[bool] = []
    segment_of, point_of, kind_of = raw.FPDFPath_GetPathSegment, raw.FPDFPathSegment_GetPoint, raw.FPDFPathSegment_GetType
    move, bezier = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_BEZIERTO
    for j in range(raw.FPDFPath_CountSegments(obj)):
        segment = segment_of(obj, j)
        point_of(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = kind_of(segment)
        if kind == move or not subpaths:
            subpaths.append([point])
            curved.append(False)
        else:
            subpaths[-1].append(point)
            curved[-1] |= kind == bezier
    for points, is_curve in zip(subpaths, curved):
        if len(points) < 2:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        item = _box(xs, ys, left, page_top)
        item.update(common, pts=[(px - left, page_top - py) for px, py in points])
        if len(points) == 2 and not is_curve:
            item["object_type"] = "line"
            out.lines.append(item)
        elif not is_curve and _is_rectangle(points):
            item["object_type"] = "rect"
            out.rects.append(item)
        else:
            item["object_type"] = "curve"
            out.curves.append(item)


def _is_rectangle(points: list[tuple]) -> bool:
    corners = points[:-1] if len(points) == 5 and points[0] == points[-1] else points
    if len(corners) != 4:
        return False
    edges = zip(corners, corners[1:] + corners[:1])
    return all(p[0] == q[0] or p[1] == q[1] for p, q in edges)


def _image(raw, obj, to_page: tuple, out: PageObjects, left: float, page_top: float) -> None:
    a, b, c, d, e, f = to_page
    corners = [(e, f), (a + e, b + f), (c + e, d + f), (a + c + e, b + d + f)]
    item = _box([p[0] for p in corners], [p[1] for p in corners], left, page_top)
    item["object_type"] = "image"
    area = out.width * out.height
    w, h = item["x1"] - item["x0"], item["bottom"] - item["top"]
    if 4 <= w and 4 <= h and w * h <= 0.5 * area:  # a signature or seal, not a scan: `marks` may ask its colour
        item["pixels"] = _pixels(raw, obj)
    out.images.append(item)


def _pixels(raw, obj) -> list[tuple[int, int, int]]:
    """A small RGB sample of the image's own pixels (not rendered), [] when pdfium cannot decode it."""
    bitmap = raw.FPDFImageObj_GetBitmap(obj)
    if not bitmap:
        return []
    import pypdfium2 as pdfium

    try:  # the wrapper frees the bitmap when it goes
        # nearest pixels, not averaged: a seal's red stays red, as `marks` samples other images
        small = pdfium.PdfBitmap.from_raw(bitmap).to_pil().resize((_SAMPLE, _SAMPLE), resample=0)
        return list(small.convert("RGB").getdata())
    except Exception:  # an unusual pixel format: no colour rather than no document
        return []
