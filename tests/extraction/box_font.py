"""Writes chalicelib/extraction/box.ttf: the font pdfium is given for every font a PDF names but does not embed.

    .venv/bin/python tests/extraction/box_font.py

One glyph, a box the size of the em (1000 units, ascent 880, descent −120),
mapped from every code point by a many-to-one cmap (format 13), so each
character has an outline for pdfium to measure (see
chalicelib/extraction/pdfium_page.py). 628 bytes; fontTools is a test
dependency (through fpdf2), so the file is committed rather than made at run time.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[2] / "chalicelib" / "extraction" / "box.ttf"
_EPOCH = 0  # fixed head timestamps: the same bytes every time


def box_font() -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    def box():
        pen = TTGlyphPen(None)
        for point in ((0, -120), (0, 880), (1000, 880)):
            (pen.lineTo if point != (0, -120) else pen.moveTo)(point)
        pen.lineTo((1000, -120))
        pen.closePath()
        return pen.glyph()

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "box"])
    builder.setupCharacterMap({})
    builder.setupGlyf({".notdef": box(), "box": box()})
    builder.setupHorizontalMetrics({".notdef": (1000, 0), "box": (1000, 0)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "Box", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.setupHead(created=_EPOCH, modified=_EPOCH)
    many_to_one = CmapSubtable.newSubtable(13)
    many_to_one.platformID, many_to_one.platEncID, many_to_one.language = 3, 10, 0
    many_to_one.cmap = dict.fromkeys(range(0x20, 0x30000), "box")
    builder.font["cmap"].tables = [many_to_one]
    builder.font.recalcTimestamp = False
    out = io.BytesIO()
    builder.font.save(out)
    return out.getvalue()


if __name__ == "__main__":
    TARGET.write_bytes(box_font())
    print(f"{TARGET}: {TARGET.stat().st_size} bytes")
    sys.exit(0)
