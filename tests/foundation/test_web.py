import pytest

from chalicelib.errors import BadRequest, UnsupportedMediaType
from chalicelib.web import body_kind, parse_json, parse_multipart, required_file

BOUNDARY = "----sutiao"


def _multipart(*parts: tuple[str, str | None, bytes]) -> bytes:
    out = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n".encode()
        out += b"Content-Type: application/pdf\r\n\r\n" if filename else b"\r\n"
        out += data + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


def test_multipart_keeps_binary_pdf_bytes_intact():
    pdf = b"%PDF-1.7\n\x00\xff\xfe binary \r\n--not-a-boundary\r\n%%EOF"
    parts = parse_multipart(_multipart(("file", "申请书.pdf", pdf), ("org_id", None, "xx-sme".encode())),
                            f"multipart/form-data; boundary={BOUNDARY}")
    assert required_file(parts).data == pdf
    assert parts["file"].filename == "申请书.pdf"
    assert parts["org_id"].data == b"xx-sme"


def test_multipart_without_file_part_says_so():
    parts = parse_multipart(_multipart(("org_id", None, b"x")), f"multipart/form-data; boundary={BOUNDARY}")
    with pytest.raises(BadRequest) as err:
        required_file(parts)
    assert err.value.code == "missing_file"


@pytest.mark.parametrize("body", [b"", b"[1]", b"{bad", b"\xff\xfe"])
def test_bad_json_bodies_are_refused(body):
    with pytest.raises(BadRequest):
        parse_json(body)


def test_unsupported_content_type_names_what_is_accepted():
    with pytest.raises(UnsupportedMediaType) as err:
        body_kind("text/plain")
    assert "multipart/form-data" in err.value.message
    assert body_kind("application/json; charset=utf-8") == "json"
