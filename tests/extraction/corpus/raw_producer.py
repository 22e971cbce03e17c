"""A PDF written operator by operator, the way word processors' own writers
emit it: a Type0 font over Adobe-GB1 with Identity-H glyph ids and a ToUnicode
map, each line cut into runs placed with their own text matrix and emitted
out of order, kerning adjustments inside `TJ` arrays, marks as bare paths.

No ReportLab or fpdf2 code is involved, so nothing here shares their habits.
"""

from __future__ import annotations

import random
import zlib

from .blocks import Block
from .hostile import pdf_from_objects, stream

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0
LEFT, RIGHT, TOP, BOTTOM = 70.0, 525.0, 70.0, 780.0
SIZE, LEADING = 11.5, 21.0


def _code_to_cid() -> dict:
    """Unicode (as UCS-2 bytes) to Adobe-GB1 glyph ids, from the CMap pdfminer ships."""
    from pdfminer.cmapdb import CMapDB

    return CMapDB.get_cmap("UniGB-UCS2-H").code2cid


def _cid(char: str, table) -> int:
    code = char.encode("utf-16-be")
    return table.get(code[0], {}).get(code[1], 0) if len(code) == 2 else 0


def _advance(cid: int) -> float:
    """Glyph width as the font dictionary below declares it (/W 1-95 half width, /DW full)."""
    return SIZE * (0.5 if 1 <= cid <= 95 else 1.0)


class RawWriter:
    def __init__(self, rng: random.Random):
        self.rng, self.table = rng, _code_to_cid()
        self.pages: list[list[bytes]] = [[]]
        self.y = TOP
        self.used: dict[int, str] = {}

    # text -----------------------------------------------------------------
    def _run(self, x: float, baseline: float, text: str) -> bytes:
        """One run: a TJ array with a small kerning nudge now and then (compensated)."""
        parts, pending = [], b""
        for char in text:
            cid = _cid(char, self.table)
            self.used[cid] = char
            pending += b"%04X" % cid
            if self.rng.random() < 0.15:
                nudge = self.rng.choice((-12, -6, 6, 12))
                parts.append(b"<%s> %d" % (pending, nudge))
                pending = b""
        if pending:
            parts.append(b"<%s>" % pending)
        return b"BT /F1 %.1f Tf 1 0 0 1 %.2f %.2f Tm [%s] TJ ET\n" % (SIZE, x, baseline, b" ".join(parts))

    def _room(self, needed: float) -> None:
        if self.y + needed > BOTTOM:
            self.pages.append([])
            self.y = TOP

    def _line(self, text: str, x: float) -> None:
        self._room(LEADING)
        baseline = PAGE_HEIGHT - self.y - SIZE
        cuts = sorted(self.rng.sample(range(1, len(text)), min(len(text) - 1, self.rng.randint(0, 3)))) \
            if len(text) > 4 else []
        runs, start, cursor = [], 0, x
        for end in cuts + [len(text)]:
            piece = text[start:end]
            runs.append(self._run(cursor, baseline, piece))
            cursor += self.width(piece)
            start = end
        self.rng.shuffle(runs)  # writers emit runs in their own order, not reading order
        self.pages[-1].extend(runs)
        self.y += LEADING

    def width(self, text: str) -> float:
        return sum(_advance(_cid(c, self.table)) for c in text)

    def text(self, text: str, align: str = "left") -> None:
        lines, line = [], ""
        for char in text:
            if self.width(line + char) > RIGHT - LEFT:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
        for line in lines:
            used = self.width(line)
            x = {"left": LEFT, "right": RIGHT - used, "center": (PAGE_WIDTH - used) / 2}[align]
            self._line(line, x)

    # marks ----------------------------------------------------------------
    def mark(self, kind: str, x: float, top: float) -> None:
        bottom = PAGE_HEIGHT - top
        rng = self.rng
        if kind in ("seal", "stamp"):  # a party's stamp stays clear of the next slot's label
            radius, cy = (36, bottom - 18) if kind == "seal" else (18, bottom - 4)
            cx = x + radius
            k = 0.5523 * radius
            circle = (b"%.1f %.1f m " % (cx + radius, cy) +
                      b"%.1f %.1f %.1f %.1f %.1f %.1f c " % (cx + radius, cy + k, cx + k, cy + radius, cx, cy + radius) +
                      b"%.1f %.1f %.1f %.1f %.1f %.1f c " % (cx - k, cy + radius, cx - radius, cy + k, cx - radius, cy) +
                      b"%.1f %.1f %.1f %.1f %.1f %.1f c " % (cx - radius, cy - k, cx - k, cy - radius, cx, cy - radius) +
                      b"%.1f %.1f %.1f %.1f %.1f %.1f c S" % (cx + k, cy - radius, cx + radius, cy - k, cx + radius, cy))
            self.pages[-1].append(b"q 0.85 0.1 0.1 RG 0.85 0.1 0.1 rg 2 w " + circle + b" Q\n")
            return
        points = [(x + i * rng.uniform(6, 11), bottom + rng.uniform(-6, 16)) for i in range(rng.randint(6, 12))]
        path = b" ".join(b"%.1f %.1f %s" % (px, py, b"m" if i == 0 else b"l") for i, (px, py) in enumerate(points))
        self.pages[-1].append(b"q 0.1 0.1 0.4 RG 1.2 w 1 J 1 j " + path + b" S Q\n")

    def slot(self, block: Block) -> None:
        label_end = LEFT + self.width(block.text)
        self._room(LEADING + 30)  # the label and its mark on the same page
        top = self.y
        self._line(block.text, LEFT)
        if block.mark:
            self.mark(block.mark, label_end + self.rng.uniform(10, 30), top + SIZE)
        self.y += 30 if block.mark == "seal" else 18

    # file -------------------------------------------------------------------
    def save(self, path: str) -> int:
        pages = len(self.pages)
        font_objects = 3 + 2 * pages  # after catalog, page tree, pages and contents
        kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
        objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
        for index, content in enumerate(self.pages):
            objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                           b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * index, font_objects))
            objects.append(stream(zlib.compress(b"".join(content)), compressed=True))
        objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
                       b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (font_objects + 1, font_objects + 2))
        objects.append(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                       b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 5 >> "
                       b"/FontDescriptor %d 0 R /DW 1000 /W [1 95 500] >>" % (font_objects + 3))
        objects.append(stream(self._to_unicode()))
        objects.append(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
                       b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
        with open(path, "wb") as out:
            out.write(pdf_from_objects(objects))
        return pages

    def _to_unicode(self) -> bytes:
        entries = sorted(self.used.items())
        body = b""
        for start in range(0, len(entries), 100):
            chunk = entries[start:start + 100]
            body += b"%d beginbfchar\n" % len(chunk)
            body += b"".join(b"<%04X> <%s>\n" % (cid, char.encode("utf-16-be").hex().upper().encode())
                             for cid, char in chunk)
            body += b"endbfchar\n"
        return (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + body +
                b"endcmap CMapName currentdict /CMap defineresource pop end end")


def produce(blocks: list[Block], path: str, rng: random.Random) -> int:
    writer = RawWriter(rng)
    for block in blocks:
        if block.kind == "slot":
            writer.slot(block)
        elif block.kind == "title":
            writer.text(block.text, "center")
            writer.y += 8
        else:
            writer.text(block.text, "right" if block.kind in ("right", "number") else "left")
    return writer.save(path)
