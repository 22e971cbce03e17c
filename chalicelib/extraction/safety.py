"""Pre-checks that refuse hostile or broken files cheaply (安全检查).

- `precheck(data, limits)` runs in the calling process on the bytes only:
  empty, too large, not a PDF.
- `check_document(data, limits)` runs inside the guarded child, before
  pdfplumber: pdfium (C, fast, tolerant) opens the file to tell encrypted and
  corrupt files apart and to count pages.
- `check_page(page, limits)` runs before a page's objects are built: content
  streams (and the form XObjects they draw) are inflated with a bounded
  decompressor, so a decompression bomb costs at most `max_stream_bytes` of
  work, and their operators are counted against `max_objects_per_page`;
  the graphics states they save (`q` … `Q`, 图形状态嵌套) may not nest deeper
  than `max_graphics_depth`, since pdfminer keeps a copy of the state per
  open `q` (3 million unbalanced `q` took 9 s and 550 MB before this check).
"""
from __future__ import annotations

import base64
import re
import zlib

from .errors import CORRUPT, EMPTY, ENCRYPTED, NOT_PDF, TOO_COMPLEX, TOO_LARGE, TOO_MANY_PAGES, ExtractionError

_CHUNK = 1 << 20
_MAX_INFLATION = 1100  # deflate expands at most ~1032 times
# Operators that become pdfplumber objects: path construction/painting, text showing, XObjects.
_OPERATOR = re.compile(rb"(?<![A-Za-z*'\"])(?:re|l|c|v|y|Tj|TJ|'|\"|Do)(?![A-Za-z*])")


def precheck(data: bytes, limits) -> None:
    if not data or not data.strip():
        raise ExtractionError(EMPTY)
    if len(data) > limits.max_bytes:
        raise ExtractionError(TOO_LARGE, f"{len(data)} bytes, limit {limits.max_bytes}")
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError(NOT_PDF)


def check_document(data: bytes, limits) -> int:
    """Page count, after pdfium has opened the file; raises ExtractionError."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise ExtractionError(ENCRYPTED) from exc
        raise ExtractionError(CORRUPT, str(exc)) from exc
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages == 0:
        raise ExtractionError(EMPTY, "no pages")
    if pages > limits.max_pages:
        raise ExtractionError(TOO_MANY_PAGES, f"{pages} pages, limit {limits.max_pages}")
    return pages


def bounded_decode(stream, limit: int) -> int:
    """Decoded size of a PDF stream, or `limit + 1` as soon as it would exceed `limit`.

    Handles the usual filter chain (ASCII85/ASCIIHex then Flate); other filters
    are measured by their raw size, which the time guard backs up.
    """
    filters = stream.get_filters()
    data = stream.rawdata if stream.rawdata is not None else stream.data or b""
    if len(data) * _MAX_INFLATION <= limit:
        # cannot exceed the limit: decode it for real, pdfminer keeps the result for the page
        return len(stream.get_data())
    if stream.rawdata is not None and stream.decipher:  # encrypted (even owner-password-only) files
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    try:
        return _decoded_size(data, filters, limit)
    except (ValueError, TypeError):
        return len(data)  # undecodable here: pdfminer will fail or stop the same way, under the time guard


def _decoded_size(data: bytes, filters, limit: int) -> int:
    from pdfminer.psparser import LIT

    for name, _params in filters:
        if name in (LIT("ASCII85Decode"), LIT("A85")):
            data = _ascii85(data)
        elif name in (LIT("ASCIIHexDecode"), LIT("AHx")):
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">")[0])
            data = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
        elif name in (LIT("FlateDecode"), LIT("Fl")):
            return _inflated_size(data, limit)
        else:
            break
    return len(data)


def _ascii85(data: bytes) -> bytes:
    data = data.strip()
    if data.startswith(b"<~"):
        data = data[2:]
    end = data.find(b"~>")
    return base64.a85decode(data[:end] if end >= 0 else data, ignorechars=b" \t\n\r\x0b\x0c")


def _inflated_size(data: bytes, limit: int) -> int:
    inflater = zlib.decompressobj()
    total = 0
    pending = data
    try:
        while pending:  # at most _CHUNK bytes of output per step: a bomb never inflates whole
            chunk = inflater.decompress(pending, _CHUNK)
            total += len(chunk)
            if total > limit:
                return limit + 1
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                break
    except zlib.error:
        return total  # a damaged stream: pdfminer will stop at the same place
    return total


def inflate_bounded(stream, limit: int) -> bytes | None:
    """Decoded data of a stream when its size stays within `limit`, else None."""
    if bounded_decode(stream, limit) > limit:
        return None
    return stream.get_data()


# Only a `q`/`Q` between whitespace counts: the letter inside a word, a name or an
# escape is not an operator. One in a string's text or inline image data still counts,
# which errs towards the limit, far above real nesting (Acrobat stops at 28).
_GRAPHICS_STATE = re.compile(rb"[qQ](?<![^\t\n\x0c\r ][qQ])(?![^\t\n\x0c\r ])")
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do(?![A-Za-z])")
_MAX_FORM_DEPTH = 12


class _Work:
    """What one page would cost pdfminer: decoded bytes and drawn objects,
    counting a form XObject once per time it is drawn (nested forms multiply)."""

    def __init__(self, limits, number: int):
        self.limits, self.number = limits, number
        self.bytes = 0
        self.saved_states = 0  # the page's content streams share one stack of saved graphics states
        self.expanded: dict[int, int] = {}  # form objid -> objects it draws

    def measure(self, stream, resources, depth: int = 0) -> int:
        """Objects drawn by `stream` (forms expanded); raises ExtractionError(TOO_COMPLEX)."""
        budget = self.limits.max_stream_bytes
        self.bytes += bounded_decode(stream, budget - self.bytes)
        if self.bytes > budget:
            raise ExtractionError(TOO_COMPLEX, f"page {self.number}: content over {budget} bytes")
        data = stream.get_data()
        if depth:  # a form is drawn by an interpreter of its own, starting with no saved state
            self.nest(data, 0)
        else:
            self.saved_states = self.nest(data, self.saved_states)
        drawn = len(_OPERATOR.findall(data))
        for form, calls in _form_calls(data, resources):
            drawn += calls * self._form(form, form.get("Resources") or resources, depth + 1)
            self.check(drawn)
        self.check(drawn)
        return drawn

    def _form(self, form, resources, depth: int) -> int:
        if depth > _MAX_FORM_DEPTH:
            raise ExtractionError(TOO_COMPLEX, f"page {self.number}: forms nested over {_MAX_FORM_DEPTH} deep")
        key = form.objid if form.objid is not None else id(form)
        if key not in self.expanded:
            self.expanded[key] = 0  # a form drawing itself counts nothing more than once
            self.expanded[key] = self.measure(form, resources, depth)
        return self.expanded[key]

    def nest(self, data: bytes, saved: int) -> int:
        """Graphics states still saved after `data`, entered with `saved` of them; raises ExtractionError(TOO_COMPLEX)."""
        limit = self.limits.max_graphics_depth
        for token in _GRAPHICS_STATE.finditer(data):  # lazily: a q-bomb stops after `limit` matches
            if token[0] == b"q":
                saved += 1
                if saved > limit:
                    raise ExtractionError(TOO_COMPLEX, f"page {self.number}: graphics states nested over {limit} deep")
            elif saved:  # interpreters ignore a `Q` with nothing saved
                saved -= 1
        return saved

    def check(self, drawn: int) -> None:
        if drawn > self.limits.max_objects_per_page:
            raise ExtractionError(TOO_COMPLEX, f"page {self.number}: over {self.limits.max_objects_per_page} objects")


def _form_calls(data: bytes, resources) -> list[tuple]:
    """[(form XObject, times drawn)] for the `/Name Do` operators in `data`."""
    from pdfminer.pdftypes import PDFStream, dict_value, resolve1
    from pdfminer.psparser import LIT

    names = _DO.findall(data)
    if not names or not resources:
        return []
    xobjects = dict_value(dict_value(resources).get("XObject"))
    forms: dict[int, list] = {}
    for raw in names:
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")
        form = resolve1(xobjects.get(name))
        if isinstance(form, PDFStream) and form.get("Subtype") is LIT("Form"):
            forms.setdefault(id(form), [form, 0])[1] += 1
    return [(form, calls) for form, calls in forms.values()]


def check_page(page, number: int, limits) -> None:
    """Refuse a pdfminer page whose content would take unbounded work; raises ExtractionError(TOO_COMPLEX)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    work = _Work(limits, number)
    drawn = 0
    for stream in (resolve1(c) for c in (page.contents or [])):
        if isinstance(stream, PDFStream):
            drawn += work.measure(stream, page.resources)
            work.check(drawn)
