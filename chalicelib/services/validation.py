"""Checking the shape of what callers send, so a bad value is a 400 and never a 500.

Lengths are bounded well under DynamoDB's 400 KB item limit: a case holds a
few dozen of these fields.
"""
from __future__ import annotations

from typing import Any

from chalicelib.errors import BadRequest

SHORT = 200  # ids, names, reasons in a word
LONG = 20_000  # facts, a failure record's paragraphs
MAX_ITEMS = 50
CLAIM = 2_000  # one 请求事项
PARTY_FIELD = SHORT * 2  # a party's name, address, ...


def text(value: Any, field: str, *, max_length: int = SHORT, required: bool = False) -> str | None:
    """A string (stripped) or None; 400 naming the field otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise BadRequest(f"{field} is required", code="missing_field", details={"field": field})
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{field} must be a string", code="invalid_field", details={"field": field})
    if len(value) > max_length:
        raise BadRequest(f"{field} is longer than {max_length} characters", code="field_too_long",
                         details={"field": field})
    return value.strip()


def texts(value: Any, field: str, *, max_items: int = MAX_ITEMS, max_length: int = SHORT) -> list[str]:
    """A list of strings (None is an empty list)."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > max_items:
        raise BadRequest(f"{field} must be a list of at most {max_items} strings", code="invalid_field",
                         details={"field": field})
    return [text(item, f"{field}[{i}]", max_length=max_length, required=True) for i, item in enumerate(value)]
