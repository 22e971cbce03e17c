"""Broken and hostile files, built cheaply by hand.

Each builder writes one file and returns its path.  `HOSTILE` lists them with
the error codes an engine may answer: where two readings are defensible
(a header-only file is "empty" or "corrupt") both are accepted.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PIL import Image

MB = 1024 * 1024
BOUNDED = {"too_large", "too_complex", "timeout", "out_of_memory"}  # refusing work that has no end


def pdf_from_objects(objects: list[bytes], root: int = 1) -> bytes:
    """A well-formed PDF around `objects` (numbered from 1), with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", compressed: bool = False) -> bytes:
    head = b"<< /Length %d%s%s >>" % (len(data), b" /Filter /FlateDecode" if compressed else b"", extra)
    return head + b"\nstream\n" + data + b"\nendstream"


def one_page(content: bytes, resources: bytes = b"<< >>", extra_objects: list[bytes] = ()) -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources %s >>" % resources,
               content, *extra_objects]
    return pdf_from_objects(objects)


def simple_pdf() -> bytes:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    text = b"BT /F1 12 Tf 72 760 Td (A small valid page used to make broken copies of) Tj ET\n" * 40
    return one_page(stream(zlib.compress(text), compressed=True), b"<< /Font << /F1 5 0 R >> >>", [font])


def _deflate_repeated(unit: bytes, total: int) -> bytes:
    """zlib of `unit` repeated up to `total` bytes, without holding the inflated data."""
    compressor = zlib.compressobj(9)
    block = unit * (MB // len(unit))
    parts, written = [], 0
    while written < total:
        parts.append(compressor.compress(block))
        written += len(block)
    parts.append(compressor.flush())
    return b"".join(parts)


# ---------------------------------------------------------------------------
# builders: (directory) -> bytes


def not_pdf_text(_: Path) -> bytes:
    return "调解申请书\n申请人：张三\n这是一个文本文件，不是PDF。\n".encode() * 20


def not_pdf_png(_: Path) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(buffer, "PNG")
    return buffer.getvalue()


def not_pdf_docx(_: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>调解协议书</w:document>")
    return buffer.getvalue()


def empty(_: Path) -> bytes:
    return b""


def blank_bytes(_: Path) -> bytes:
    return b" \r\n\t\n" * 8


def header_only(_: Path) -> bytes:
    return b"%PDF-1.7\n%%EOF\n"


def truncated_half(_: Path) -> bytes:
    data = simple_pdf()
    return data[: len(data) // 2]


def truncated_tail(_: Path) -> bytes:
    data = simple_pdf()
    return data[: data.rindex(b"xref")]


def garbage_body(_: Path) -> bytes:
    return b"%PDF-1.4\n" + bytes((i * 7919 + 13) % 251 for i in range(200_000))


def encrypted(directory: Path) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    from .canvas_producer import FONT, register_font

    register_font()
    buffer = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption("user-secret", "owner-secret", canPrint=0)
    page = canvas.Canvas(buffer, encrypt=encryption, invariant=1)
    page.setFont(FONT, 12)
    page.drawString(72, 760, "调解申请书 申请人：张三 被申请人：新乡市某某有限公司")
    page.save()
    return buffer.getvalue()


def thousands_of_pages(_: Path, pages: int = 10_000) -> bytes:
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               stream(b"0 0 m 100 100 l S")]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    return pdf_from_objects(objects)


def oversized(_: Path) -> bytes:
    """A valid one-page PDF padded past the configured size limit with an unused stream."""
    padding = b"0" * (_size_limit() + MB)
    return one_page(stream(b"0 0 m 10 10 l S"), extra_objects=[stream(padding)])


def _size_limit() -> int:
    try:
        from chalicelib.settings import get_settings
        return int(get_settings().extraction.max_bytes)
    except (ImportError, AttributeError):
        return 64 * MB


def decompression_bomb(_: Path, inflated: int = 160 * MB) -> bytes:
    """One page whose 150-odd KB content stream inflates to `inflated` bytes of drawing."""
    return one_page(stream(_deflate_repeated(b"0 0 m 100 100 l S\n", inflated), compressed=True))


def many_tiny_operators(_: Path, inflated: int = 16 * MB) -> bytes:
    """1.3 million tiny filled rectangles: under a 20 MB stream limit, too many objects."""
    return one_page(stream(_deflate_repeated(b"0 0 1 1 re f\n", inflated), compressed=True))


def deep_nesting(_: Path, depth: int = 3_000_000) -> bytes:
    """Millions of unbalanced `q`: a graphics-state stack that only grows."""
    return one_page(stream(zlib.compress(b"q\n" * depth + b"0 0 m 1 1 l S\n"), compressed=True))


def deep_nesting_after_restores(_: Path, depth: int = 3_000_000) -> bytes:
    """The same stack, after as many `Q` with nothing to restore: a plain q-minus-Q count sees zero."""
    return one_page(stream(zlib.compress(b"Q\n" * depth + b"q\n" * depth + b"0 0 m 1 1 l S\n"), compressed=True))


def self_drawing_form(_: Path) -> bytes:
    """A form XObject that draws itself: endless recursion for a naive interpreter."""
    form = stream(b"q 0.9 0 0 0.9 1 1 cm /Fx Do Q 0 0 m 10 10 l S",
                  b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fx 5 0 R >> >>")
    return one_page(stream(b"/Fx Do"), b"<< /XObject << /Fx 5 0 R >> >>", [form])


def image_bomb(_: Path) -> bytes:
    """A 60000 x 60000 greyscale image (3.6 GB decoded) from a few KB of Flate, drawn as a signature."""
    side = 60_000
    pixels = _deflate_repeated(b"\xff" * 4096, 64 * MB)  # only the start: decoders stop on short data
    image = stream(pixels, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
                           b" /BitsPerComponent 8" % (side, side), compressed=True)
    return one_page(stream(b"q 100 0 0 40 300 200 cm /Im1 Do Q"), b"<< /XObject << /Im1 5 0 R >> >>", [image])


def nested_arrays(_: Path, depth: int = 200_000) -> bytes:
    """An object nested 200 000 arrays deep: recursive parsers overflow their stack."""
    return one_page(stream(b"0 0 m 1 1 l S"), extra_objects=[b"[" * depth + b"]" * depth])


def page_tree_cycle(_: Path) -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
               b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"]
    return pdf_from_objects(objects)


@dataclass(frozen=True)
class Hostile:
    name: str
    build: Callable[[Path], bytes]
    codes: frozenset[str]
    may_read_blank: bool = False  # a careful reader may instead read it as a page without text
    heavy: bool = False  # could cost unbounded time or memory: run it in a child process


HOSTILE = [
    Hostile("not-pdf-text", not_pdf_text, frozenset({"not_pdf"})),
    Hostile("not-pdf-png", not_pdf_png, frozenset({"not_pdf"})),
    Hostile("not-pdf-docx", not_pdf_docx, frozenset({"not_pdf"})),
    Hostile("empty", empty, frozenset({"empty"})),
    Hostile("blank-bytes", blank_bytes, frozenset({"empty", "not_pdf"})),
    Hostile("header-only", header_only, frozenset({"corrupt", "empty"})),
    Hostile("truncated-half", truncated_half, frozenset({"corrupt"})),
    Hostile("truncated-before-xref", truncated_tail, frozenset({"corrupt"})),
    Hostile("garbage-after-header", garbage_body, frozenset({"corrupt"})),
    Hostile("encrypted", encrypted, frozenset({"encrypted"})),
    Hostile("ten-thousand-pages", thousands_of_pages, frozenset({"too_many_pages", "too_large"}), heavy=True),
    Hostile("oversized", oversized, frozenset({"too_large"}), heavy=True),
    Hostile("decompression-bomb", decompression_bomb, frozenset(BOUNDED), heavy=True),
    Hostile("many-tiny-operators", many_tiny_operators, frozenset(BOUNDED), heavy=True),
    Hostile("deep-q-nesting", deep_nesting, frozenset({"too_complex"}), heavy=True),
    Hostile("deep-q-nesting-after-restores", deep_nesting_after_restores, frozenset({"too_complex"}), heavy=True),
    Hostile("self-drawing-form", self_drawing_form, frozenset(BOUNDED | {"corrupt"}), may_read_blank=True,
            heavy=True),
    Hostile("image-bomb", image_bomb, frozenset(BOUNDED | {"corrupt"}), may_read_blank=True, heavy=True),
    Hostile("nested-arrays", nested_arrays, frozenset(BOUNDED | {"corrupt"}), may_read_blank=True, heavy=True),
    Hostile("page-tree-cycle", page_tree_cycle, frozenset({"corrupt", "empty", "too_complex"}), heavy=True),
]


def materialise_hostile(hostile: Hostile, directory: str | os.PathLike) -> Path:
    directory = Path(directory)
    path = directory / f"{hostile.name}.bin"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        scratch = directory / f".{hostile.name}.{os.getpid()}"
        scratch.write_bytes(hostile.build(directory))
        os.replace(scratch, path)
    return path
