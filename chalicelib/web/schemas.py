"""The one request validator: a JSON body is checked against the schema `/openapi.json` publishes for its route.

The schemas live in `chalicelib.openapi` (one home, so the document and the
code cannot drift); fastjsonschema compiles each to Python the first time its
route is called, not at import, so the API's cold start stays light. A
refusal is a 400 naming the field as a JSON pointer (RFC 6901); its code is
the `x-error-code` the schema gives the field (the pages word each code in
plain Chinese), or `invalid_body`.
"""
from __future__ import annotations

from functools import lru_cache

from chalicelib.errors import BadRequest

# fastjsonschema words these about the enclosing object; the message names the field instead.
_ABOUT_A_FIELD = {"required": "is required", "additionalProperties": "is not a field this route reads"}


def check_body(schema_name: str, body: dict) -> dict:
    """`body` when it matches the named schema; BadRequest naming the first field that does not."""
    import fastjsonschema

    try:
        return _validator(schema_name)(body)
    except fastjsonschema.JsonSchemaValueException as err:
        raise _refusal(schema_name, err) from None


def check_route_body(path: str | None, method: str | None, body: dict) -> dict:
    """Check `body` against the JSON request schema of the route (`path` as declared, e.g. /cases/{case_id})."""
    from chalicelib.openapi import request_schema_name

    name = request_schema_name(path or "", (method or "").upper())
    return check_body(name, body) if name else body


def check_route_query(path: str | None, method: str | None, query: dict | None) -> None:
    """400 `invalid_query` naming the first query parameter its route's declared schema refuses."""
    import fastjsonschema

    validate = _query_validator(path or "", (method or "").upper())
    if validate is None or not query:
        return
    try:
        validate(dict(query))
    except fastjsonschema.JsonSchemaValueException as err:
        name = err.path[1] if len(err.path) > 1 else _culprit(err)
        raise BadRequest(f"the query parameter {name} {err.message[len(err.name):].strip()}",
                         code="invalid_query", details={"parameter": name}) from None


@lru_cache(maxsize=None)
def _query_validator(path: str, method: str):
    import fastjsonschema

    from chalicelib.openapi import query_schema

    schema = query_schema(path, method)
    return fastjsonschema.compile(schema) if schema else None


@lru_cache(maxsize=None)
def _validator(schema_name: str):
    import fastjsonschema

    from chalicelib.openapi import json_schema

    return fastjsonschema.compile(json_schema(schema_name))


def _refusal(schema_name: str, err) -> BadRequest:
    path = [str(p) for p in err.path[1:]]  # fastjsonschema's path starts with its name for the root, "data"
    if err.rule in _ABOUT_A_FIELD and isinstance(err.value, dict):
        path.append(_culprit(err))
        wording = _ABOUT_A_FIELD[err.rule]
    else:
        wording = err.message[len(err.name):].strip()  # "must be string", "must be one of [...]"
    pointer = "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in path)
    return BadRequest(f"the field {pointer} {wording}", code=_error_code(schema_name, path),
                      details={"field": pointer, "rule": err.rule})


def _culprit(err) -> str:
    """The field a `required` or `additionalProperties` failure is about (fastjsonschema names only the object)."""
    definition, value = err.definition, err.value
    if err.rule == "required":
        return next((k for k in definition.get("required", ()) if k not in value), "")
    known = definition.get("properties", {})
    return next((k for k in value if k not in known), "")


def _error_code(schema_name: str, path: list[str]) -> str:
    """The deepest `x-error-code` on the way from the body to the failing field, else `invalid_body`."""
    from chalicelib.openapi import json_schema

    root = json_schema(schema_name)
    schema = _resolve(root, root)
    code = schema.get("x-error-code", "invalid_body")
    for step in path:
        schema = _resolve((schema.get("items") if step.isdigit() and "items" in schema
                           else schema.get("properties", {}).get(step)) or {}, root)
        code = schema.get("x-error-code", code)
    return code


def _resolve(schema: dict, root: dict) -> dict:
    ref = schema.get("$ref")
    if not ref:
        return schema
    return root["components"]["schemas"][ref.rsplit("/", 1)[-1]]
