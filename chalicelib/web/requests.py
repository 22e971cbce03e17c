"""Request bodies: JSON and multipart/form-data, with clear errors.

Chalice has no multipart parser (aws/chalice#796). The parts are found by
scanning for the boundary (counted and size-checked first: the standard
library's email parser took 33 s over 100 000 empty parts); the email parser
then reads only each part's short header block.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP

from chalicelib.errors import BadRequest, NotFound, PayloadTooLarge, UnsupportedMediaType
from chalicelib.settings import get_settings


@dataclass(frozen=True)
class FormPart:
    name: str
    filename: str | None
    content_type: str
    data: bytes


def parse_json(body: bytes | None) -> dict:
    if not body:
        raise BadRequest("the request body is empty; send a JSON object", code="invalid_json")
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"the request body is not valid JSON: {exc}", code="invalid_json") from None
    except RecursionError:
        raise BadRequest("the request body nests too deeply", code="invalid_json") from None
    if not isinstance(value, dict):
        raise BadRequest("the request body must be a JSON object", code="invalid_json")
    _refuse_lone_surrogates(value)
    return value


def read_json(body: bytes | None, route: str | None, method: str | None) -> dict:
    """The JSON object of a route's body, valid against the route's published schema (chalicelib.web.schemas)."""
    from chalicelib.web.schemas import check_route_body

    return check_route_body(route, method, parse_json(body))


def _refuse_lone_surrogates(value: dict) -> None:
    """JSON may escape half a UTF-16 pair (`"\\ud800"`); such a string cannot be stored or sent on as UTF-8."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest("the request body holds an unpaired UTF-16 surrogate escape", code="invalid_json") from None


def check_body_size(body: bytes | None) -> None:
    """413 for a body over API Gateway's limit, on every route (CONTRACT R2), before anything reads it."""
    limit = get_settings().requests.max_body_bytes
    if body and len(body) > limit:
        raise PayloadTooLarge(f"the request body is over {limit // (1024 * 1024)} MB; send larger PDFs through "
                              "POST /uploads", code="payload_too_large")


def parse_multipart(body: bytes | None, content_type: str) -> dict[str, FormPart]:
    """The form's named parts; the boundaries are scanned first, so a hostile body is refused before parsing."""
    boundary = _boundary(content_type)
    if not body:
        raise BadRequest("the multipart body is empty", code="invalid_multipart")
    check_body_size(body)
    parts: dict[str, FormPart] = {}
    for headers, data in _split_parts(body, boundary):
        part = BytesParser(policy=HTTP).parsebytes(headers + b"\r\n\r\n", headersonly=True)
        name = part.get_param("name", header="content-disposition")
        if name:
            parts[name] = FormPart(name=name, filename=part.get_filename(), content_type=part.get_content_type(),
                                   data=data)
    return parts


def _boundary(content_type: str | None) -> bytes:
    """The boundary parameter (RFC 2046 §5.1.1: 1 to 70 characters)."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + (content_type or "").encode("latin-1", "replace") + b"\r\n\r\n", headersonly=True)
    boundary = message.get_param("boundary")
    if not isinstance(boundary, str) or not 0 < len(boundary) <= 70 or not boundary.isascii():
        raise BadRequest("multipart/form-data needs a boundary", code="invalid_multipart")
    return boundary.encode("ascii")


def _split_parts(body: bytes, boundary: bytes) -> list[tuple[bytes, bytes]]:
    """(header block, content) of each part, counted and measured with bytes.find alone (RFC 7578)."""
    limits = get_settings().requests
    delimiter = b"--" + boundary
    if body.count(delimiter) > limits.max_form_parts + 1:
        raise PayloadTooLarge(f"the form has more than {limits.max_form_parts} parts", code="too_many_parts")
    pieces = (b"\r\n" + body).split(b"\r\n" + delimiter)
    if len(pieces) < 3 or not pieces[-1].startswith(b"--"):
        raise BadRequest("the multipart body could not be read: no closing boundary", code="invalid_multipart")
    parts = []
    for piece in pieces[1:-1]:
        end = piece.find(b"\r\n\r\n")
        if end < 0 and piece.endswith(b"\r\n"):  # an empty value whose blank line doubles as the delimiter's CRLF
            end = len(piece) - 2  # (werkzeug writes them so; the email parser accepted them too)
        if end < 0 or end > limits.max_part_header_bytes:
            raise BadRequest(f"a form part's headers are missing or longer than {limits.max_part_header_bytes} "
                             "bytes", code="invalid_multipart")
        parts.append((piece[:end].lstrip(b" \t").removeprefix(b"\r\n"), piece[end + 4:]))
    return parts


def check_request(request, path_params: dict[str, str]) -> None:
    """What every route checks before its view runs: body size, path and query parameters."""
    from chalicelib.web.schemas import check_route_query

    check_body_size(request.raw_body)
    check_path_params(path_params)
    check_query_params(request.query_params)
    check_route_query((request.context or {}).get("resourcePath"), request.method, request.query_params)


PATH_PARAM_PATTERN = "^[!-~]{1,128}$"  # our ids are short printable ASCII; DynamoDB refuses keys over 2 KB


def check_path_params(params: dict[str, str]) -> None:
    """404 for an id no record can have."""
    for name, value in params.items():
        if not re.fullmatch(PATH_PARAM_PATTERN, value):
            raise NotFound(f"no {name.replace('_', ' ')} like that ({len(value)} characters)", code="not_found")


MAX_QUERY_BYTES = 1024  # our query values are ids, statuses and cursors; DynamoDB refuses keys over 2048 bytes


def check_query_params(params: dict[str, str] | None) -> None:
    """400 for a query value no id, status or cursor of ours can be (it would otherwise reach a key as is)."""
    for name, value in (params or {}).items():
        if len(value.encode("utf-8")) > MAX_QUERY_BYTES or not value.isprintable():
            raise BadRequest(f"the query parameter {name} is not a value this API uses", code="invalid_query")


def body_kind(content_type: str | None) -> str:
    """`json` or `multipart`, or a 415 naming what we accept."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media == "application/json":
        return "json"
    if media == "multipart/form-data":
        return "multipart"
    raise UnsupportedMediaType(
        f"Content-Type {media or '(none)'} is not accepted; send application/json or multipart/form-data",
        code="unsupported_media_type")


def required_file(parts: dict[str, FormPart], field: str = "file") -> FormPart:
    part = parts.get(field)
    if part is None or not part.data:
        raise BadRequest(f"the form has no '{field}' part with a PDF in it", code="missing_file")
    return part


def form_text(parts: dict[str, FormPart], field: str) -> str | None:
    part = parts.get(field)
    if part is None:
        return None
    try:
        return part.data.decode("utf-8").strip() or None
    except UnicodeDecodeError:
        raise BadRequest(f"the form field '{field}' is not UTF-8 text", code="invalid_multipart") from None


def path_year(value: str) -> int:
    """A four-digit year from the path, or a 400 that says so."""
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise BadRequest(f"'{value[:20]}' is not a year like 2027", code="invalid_year")
    return int(value)
