"""A WSGI face for the Chalice app, so WSGI-speaking tools (schemathesis, werkzeug) can drive it in-process.

Requests go through `chalice.test.Client`, i.e. through Chalice's own
LocalGateway: routing, content-type checks, binary bodies and the gateway's own
refusals behave as under `chalice local`. Nothing is rewritten on the way back,
so whatever the gateway answers is what the tests judge.
"""
from __future__ import annotations

from http import HTTPStatus
from urllib.parse import quote


def chalice_wsgi(http):
    """`http` is a `chalice.test.Client().http`; returns a WSGI application."""

    def application(environ, start_response):
        path = environ.get("RAW_URI") or quote(environ.get("PATH_INFO") or "/")
        if "?" not in path and environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        response = http.request(environ["REQUEST_METHOD"], path, headers=_headers(environ), body=body)
        payload = response.body if isinstance(response.body, bytes) else (response.body or "").encode("utf-8")
        status = response.status_code
        start_response(f"{status} {_reason(status)}", [(k, str(v)) for k, v in (response.headers or {}).items()])
        return [payload]

    return application


def _headers(environ) -> dict:
    headers = {key[5:].replace("_", "-").title(): value for key, value in environ.items() if key.startswith("HTTP_")}
    for key, name in (("CONTENT_TYPE", "Content-Type"), ("CONTENT_LENGTH", "Content-Length")):
        if environ.get(key):
            headers[name] = environ[key]
    return headers


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
