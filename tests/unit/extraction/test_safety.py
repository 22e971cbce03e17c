"""Hostile and broken files: each gets a stable error code, quickly, and the process lives on."""
from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest

from chalicelib.extraction import ERROR_CODES, extract, extract_file, guard
from chalicelib.extraction.errors import ExtractionError
from chalicelib.settings import ExtractionLimits

from .pdfs import raw_pdf, text_pdf

LIMITS = ExtractionLimits()


def _code(data: bytes) -> str | None:
    result = extract(data)
    assert result["document_type"] == "unknown"
    assert set(result["fields"]) and all(v is None for v in result["fields"].values())
    return result["error"]["code"] if result["error"] else None


def test_not_a_pdf_and_empty():
    assert _code(b"PK\x03\x04 a zip file") == "not_pdf"
    assert _code(b"") == "empty"
    assert _code(b"   \n") == "empty"


def test_truncated():
    data = text_pdf([["调解申请书"]] * 3)
    assert _code(data[: len(data) // 2]) == "corrupt"


def test_password_protected():
    assert _code(text_pdf([["调解申请书"]], encrypt="secret")) == "encrypted"


def test_too_large(monkeypatch):
    monkeypatch.setenv("EXTRACT_MAX_BYTES", "1000")
    from chalicelib.settings import reset_settings

    reset_settings()
    try:
        assert _code(text_pdf([["调解申请书"]]) + b" " * 1000) == "too_large"
    finally:
        monkeypatch.delenv("EXTRACT_MAX_BYTES")
        reset_settings()


def test_too_many_pages(monkeypatch):
    monkeypatch.setenv("EXTRACT_MAX_PAGES", "5")
    from chalicelib.settings import reset_settings

    reset_settings()
    try:
        assert _code(text_pdf([["第一页"]] * 6)) == "too_many_pages"
    finally:
        monkeypatch.delenv("EXTRACT_MAX_PAGES")
        reset_settings()


def test_decompression_bomb_is_refused_without_inflating_it():
    bomb = raw_pdf(b"0 0 m 100 100 l S\n" * (60 * 1024 * 1024 // 18))  # 60 MB of operators, 0.15 MB on disk
    started = time.monotonic()
    assert _code(bomb) == "too_complex"
    assert time.monotonic() - started < 10  # naive pdfplumber takes minutes on this


def test_too_many_objects_in_a_small_stream():
    assert _code(raw_pdf(b"0 0 m 1 1 l S\n" * 300_000)) == "too_complex"


def test_extract_file_names_the_file_and_survives_a_missing_one(tmp_path):
    missing = extract_file(str(tmp_path / "nope.pdf"))
    assert list(missing)[0] == "file" and missing["error"]["code"] == "unreadable"


def test_error_codes_are_the_stable_set():
    assert set(ERROR_CODES) == {"not_pdf", "empty", "encrypted", "corrupt", "too_large", "too_many_pages",
                                "too_complex", "timeout", "out_of_memory"}


# --- the worker guard, with stand-in work ------------------------------------

def sleepy(seconds):
    time.sleep(seconds)
    return "slept"


def greedy(megabytes):
    return len(bytearray(megabytes * 1024 * 1024))


def refuse(code):
    raise ExtractionError(code)


def crash():
    os._exit(3)


def whoami():
    return os.getpid()


def test_timeout_kills_the_worker_and_the_next_call_gets_a_fresh_one():
    limits = replace(LIMITS, max_seconds=1)
    with pytest.raises(ExtractionError) as caught:
        guard.run_guarded(sleepy, (30,), limits)
    assert caught.value.code == "timeout"
    assert guard.run_guarded(sleepy, (0,), limits) == "slept"


def test_memory_cap():
    limits = replace(LIMITS, max_memory_mb=64)
    with pytest.raises(ExtractionError) as caught:
        guard.run_guarded(greedy, (512,), limits)
    assert caught.value.code == "out_of_memory"
    assert guard.run_guarded(greedy, (8,), limits) == 8 * 1024 * 1024


def test_worker_errors_and_crashes_come_back_as_codes():
    with pytest.raises(ExtractionError) as caught:
        guard.run_guarded(refuse, ("encrypted",), LIMITS)
    assert caught.value.code == "encrypted"
    with pytest.raises(ExtractionError) as caught:
        guard.run_guarded(crash, (), LIMITS)
    assert caught.value.code == "corrupt"


def test_the_worker_is_reused_and_is_not_this_process():
    first = guard.run_guarded(whoami, (), LIMITS)
    assert first != os.getpid()
    assert guard.run_guarded(whoami, (), LIMITS) == first


def test_many_small_content_streams_are_not_a_bomb():
    from chalicelib.extraction.safety import check_page

    class Page:  # a pdfminer page with 40 small content streams
        def __init__(self, streams):
            self.contents, self.resources = streams, {}

    from pdfminer.pdftypes import PDFStream

    streams = [PDFStream({"Length": 20}, b"BT /F1 12 Tf (x) Tj ET") for _ in range(40)]
    check_page(Page(streams), 1, replace(LIMITS, max_stream_bytes=100_000))  # 40 x 22 bytes: fine


def listening_sockets():
    import stat

    return sum(1 for name in os.listdir("/proc/self/fd")
               if os.path.exists(f"/proc/self/fd/{name}") and stat.S_ISSOCK(os.stat(f"/proc/self/fd/{name}").st_mode))


def test_the_worker_does_not_keep_the_parents_sockets():
    import socket

    guard.shutdown()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        assert guard.run_guarded(listening_sockets, (), LIMITS) == 0
    finally:
        server.close()
        guard.shutdown()


def test_a_forked_copy_of_this_process_gets_its_own_worker():
    parent_worker = guard.run_guarded(whoami, (), LIMITS)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(write_fd, str(guard.run_guarded(whoami, (), LIMITS)).encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    os.waitpid(pid, 0)
    child_worker = int(os.read(read_fd, 64))
    os.close(read_fd)
    assert child_worker not in (parent_worker, pid)
    assert guard.run_guarded(whoami, (), LIMITS) == parent_worker


def test_nested_forms_that_multiply_are_refused_before_drawing():
    from .pdfs import nested_forms_pdf

    started = time.monotonic()
    assert _code(nested_forms_pdf()) == "too_complex"  # 10**9 drawing operations from a 2 KB file
    assert time.monotonic() - started < 10
    assert extract(nested_forms_pdf(levels=2))["error"] is None  # 100 lines: an ordinary page


def test_one_damaged_page_does_not_lose_the_others():
    from .pdfs import pdf_from_objects

    lines = ["调解申请书", "申请人：张三，男。", "被申请人：李四，女。", "请求事项：", "1. 请求被申请人支付货款3000元。"]
    good = b"BT /F1 12 Tf 72 700 Td " + b" 0 -20 Td ".join(
        b"<%s> Tj" % line.encode("utf-16-be").hex().encode() for line in lines) + b" ET"
    broken = b"not ascii85 at all \x7f\x7f~>"  # the second page's stream cannot be decoded
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(good) + good + b"\nendstream",
        b"<< /Length %d /Filter /ASCII85Decode >>\nstream\n" % len(broken) + broken + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [8 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 9 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    result = extract(pdf_from_objects(objects))
    assert result["error"] is None and result["document_type"] == "application"
    assert result["fields"]["claim_amount"] == "3000.00"
    assert [(i["code"], "2" in i["message"]) for i in result["issues"]] == [("unreadable_page", True)]


# --- graphics-state nesting (q … Q) ---------------------------------------------

class _Page:  # what check_page reads of a pdfminer page
    def __init__(self, *contents: bytes, forms: dict[str, bytes] | None = None):
        from pdfminer.pdftypes import PDFStream
        from pdfminer.psparser import LIT

        self.contents = [PDFStream({"Length": len(data)}, data) for data in contents]
        xobjects = {name: PDFStream({"Subtype": LIT("Form"), "Length": len(data)}, data)
                    for name, data in (forms or {}).items()}
        self.resources = {"XObject": xobjects}


def _nesting_refused(page: _Page, limit: int = 10) -> bool:
    from chalicelib.extraction.safety import check_page

    try:
        check_page(page, 1, replace(LIMITS, max_graphics_depth=limit))
    except ExtractionError as error:
        assert error.code == "too_complex" and "nested" in str(error)
        return True
    return False


def test_graphics_states_nested_past_the_limit_are_refused():
    assert not _nesting_refused(_Page(b"q " * 10 + b"0 0 m 1 1 l S " + b"Q " * 10))
    assert _nesting_refused(_Page(b"q\n" * 11 + b"0 0 m 1 1 l S"))
    assert not _nesting_refused(_Page(b"q 0 0 m 1 1 l S Q\n" * 1000))  # deep only in total, never at once


def test_a_restore_with_nothing_saved_does_not_hide_later_saves():
    assert _nesting_refused(_Page(b"Q " * 50 + b"q " * 11))


def test_only_whitespace_delimited_q_counts():
    page = _Page(b"/q gs /Fq 12 Tf (a\\q) Tj (Q) Tj q0 Q1 qq BT ET\n" * 100)
    assert not _nesting_refused(page, limit=0)


def test_a_pages_content_streams_share_one_stack_and_forms_have_their_own():
    assert _nesting_refused(_Page(b"q " * 6, b"q " * 6))
    assert not _nesting_refused(_Page(b"q " * 8 + b"/Fx Do", forms={"Fx": b"q " * 8}))
    assert _nesting_refused(_Page(b"/Fx Do", forms={"Fx": b"q " * 11}))


def test_a_q_bomb_is_refused_without_interpreting_it():
    result = extract(raw_pdf(b"q\n" * 500_000 + b"0 0 m 1 1 l S\n"))
    assert result["error"]["code"] == "too_complex" and "nested over 10000" in result["error"]["message"]


def test_graphics_depth_limit_from_the_environment(monkeypatch):
    from chalicelib.settings import get_settings, reset_settings

    monkeypatch.setenv("EXTRACT_MAX_GRAPHICS_DEPTH", "5")
    reset_settings()
    try:
        assert get_settings().extraction.max_graphics_depth == 5
        assert _code(raw_pdf(b"q " * 6 + b"0 0 m 1 1 l S")) == "too_complex"
    finally:
        monkeypatch.delenv("EXTRACT_MAX_GRAPHICS_DEPTH")
        reset_settings()
