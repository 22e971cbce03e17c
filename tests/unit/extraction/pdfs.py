"""Small PDFs drawn with ReportLab for the extraction tests (no font file needed)."""
from __future__ import annotations

import io
import zlib

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
WIDTH, HEIGHT = A4


def _font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def text_pdf(pages: list[list[str]], *, size: float = 12, leading: float = 20, draw=None, encrypt=None) -> bytes:
    """One line of text per entry, top to bottom, from x=72; `draw(canvas, page_index)` adds graphics."""
    _font()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=1)
    for index, lines in enumerate(pages):
        c.setFont(FONT, size)
        for row, line in enumerate(lines):
            c.drawString(72, HEIGHT - 72 - row * leading, line)
        if draw:
            draw(c, index)
        c.showPage()
    c.save()
    return buffer.getvalue()


def top_to_y(top: float) -> float:
    """ReportLab's bottom-left y for a distance from the page top."""
    return HEIGHT - top


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF file of numbered objects (1 is the catalog) with a correct xref table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def raw_pdf(content: bytes, *, compress: bool = True, fields: list[tuple[str, tuple]] = ()) -> bytes:
    """A one-page PDF whose page content is `content` (for hostile streams), with
    optional filled-in form text fields (value, (x0, y0, x1, y1))."""
    data = zlib.compress(content, 9) if compress else content
    flate = b" /Filter /FlateDecode" if compress else b""
    annots = b" ".join(b"%d 0 R" % (5 + i) for i in range(len(fields)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [%s] >>" % annots,
        b"<< /Length %d%s >>\nstream\n" % (len(data), flate) + data + b"\nendstream",
    ]
    for index, (value, rect) in enumerate(fields):
        objects.append(b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (f%d) /Rect [%s] /V <FEFF%s> >>" % (
            index, " ".join(str(v) for v in rect).encode(), value.encode("utf-16-be").hex().upper().encode()))
    return pdf_from_objects(objects)


def nested_forms_pdf(levels: int = 9, fan_out: int = 10) -> bytes:
    """A page drawing form 1 `fan_out` times, which draws form 2 `fan_out` times, …:
    a few hundred bytes that expand to fan_out ** levels drawing operations."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /F 5 0 R >> >> >>"
    objects.append(page)
    calls = b"/F Do " * fan_out
    objects.append(b"<< /Length %d >>\nstream\n" % len(calls) + calls + b"\nendstream")
    for level in range(levels):
        number = 5 + level
        if level + 1 < levels:
            body = calls
            resources = b"/Resources << /XObject << /F %d 0 R >> >>" % (number + 1)
        else:
            body, resources = b"0 0 m 10 10 l S", b""
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] %s /Length %d >>\nstream\n" % (
            resources, len(body)) + body + b"\nendstream")
    return pdf_from_objects(objects)
