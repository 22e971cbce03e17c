"""Request bodies: JSON and multipart/form-data, with clear errors.

Chalice has no multipart parser (aws/chalice#796); the standard library's
email parser reads the MIME structure, which is what multipart/form-data is.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP

from chalicelib.errors import BadRequest, NotFound, PayloadTooLarge, UnsupportedMediaType

MAX_FILE_BYTES = 20 * 1024 * 1024  # what the presigned upload allows; API Gateway itself stops at 10 MB


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


def _refuse_lone_surrogates(value: dict) -> None:
    """JSON may escape half a UTF-16 pair (`"\\ud800"`); such a string cannot be stored or sent on as UTF-8."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest("the request body holds an unpaired UTF-16 surrogate escape", code="invalid_json") from None


def parse_multipart(body: bytes | None, content_type: str) -> dict[str, FormPart]:
    if "boundary=" not in (content_type or ""):
        raise BadRequest("multipart/form-data needs a boundary", code="invalid_multipart")
    if not body:
        raise BadRequest("the multipart body is empty", code="invalid_multipart")
    if len(body) > MAX_FILE_BYTES + 64 * 1024:  # the file plus room for the other fields and the part headers
        raise PayloadTooLarge(f"the upload is over {MAX_FILE_BYTES // (1024 * 1024)} MB", code="payload_too_large")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\nMIME-Version: 1.0\r\n\r\n" + body)
    if not message.is_multipart():
        raise BadRequest("the multipart body could not be read", code="invalid_multipart")
    parts: dict[str, FormPart] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        data = part.get_payload(decode=True) or b""
        parts[name] = FormPart(name=name, filename=part.get_filename(),
                               content_type=part.get_content_type(), data=data)
    return parts


MAX_PATH_PARAM = 128


def check_path_params(params: dict[str, str]) -> None:
    """404 for an id no record can have: DynamoDB refuses keys over 2 KB, and our ids are short and printable."""
    for name, value in params.items():
        if len(value) > MAX_PATH_PARAM or not value.isprintable():
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
