"""Request bodies: JSON and multipart/form-data, with clear errors.

Chalice has no multipart parser (aws/chalice#796); the standard library's
email parser reads the MIME structure, which is what multipart/form-data is.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP

from chalicelib.errors import BadRequest, UnsupportedMediaType


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
    if not isinstance(value, dict):
        raise BadRequest("the request body must be a JSON object", code="invalid_json")
    return value


def parse_multipart(body: bytes | None, content_type: str) -> dict[str, FormPart]:
    if "boundary=" not in (content_type or ""):
        raise BadRequest("multipart/form-data needs a boundary", code="invalid_multipart")
    if not body:
        raise BadRequest("the multipart body is empty", code="invalid_multipart")
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
    return part.data.decode("utf-8").strip() or None if part else None
