"""Structured JSON logs (Powertools Logger) and the shape of error responses."""
from __future__ import annotations

import json
import uuid
from functools import lru_cache

_CHALICE_CODES = {
    "MethodNotAllowedError": "method_not_allowed",
    "UnsupportedMediaType": "unsupported_media_type",
    "BadRequestError": "bad_request",
    "NotFoundError": "not_found",
    "InternalServerError": "internal_error",
}


@lru_cache(maxsize=1)
def logger():
    from aws_lambda_powertools import Logger

    from chalicelib.settings import get_settings

    return Logger(service="sutiao", level=get_settings().log_level)


def correlation_id(context: dict | None) -> str:
    """API Gateway's request id when there is one, so logs and answers line up."""
    request_id = (context or {}).get("requestId")
    cid = request_id if request_id and request_id not in ("id", "request-id") else uuid.uuid4().hex
    logger().set_correlation_id(cid)
    return cid


def current_correlation_id() -> str:
    return logger().get_correlation_id() or "unknown"


def internal_error_response(request):
    """Log the exception in flight with its correlation id; answer with no internals."""
    from chalice import Response

    cid = current_correlation_id()
    logger().exception("unhandled error", extra={"path": getattr(request, "path", None)})
    return Response({"error": {"code": "internal_error",
                               "message": f"an internal error occurred (reference {cid})"}},
                    status_code=500, headers={"X-Correlation-Id": cid})


def normalise_error(response):
    """Rewrite Chalice's `{"Code","Message"}` error bodies into `{"error": {"code","message"}}`."""
    response.headers.setdefault("X-Correlation-Id", current_correlation_id())
    if isinstance(response.body, (dict, list)):
        # Chalice serialises these as JSON but names no type; say so rather than rely on the gateway's default.
        response.headers.setdefault("Content-Type", "application/json")
    if response.status_code < 400 or not isinstance(response.body, (dict, str, bytes)):
        return response
    body = response.body
    if isinstance(body, (str, bytes)):
        try:
            body = json.loads(body)
        except ValueError:
            return response
    if isinstance(body, dict) and "Code" in body:
        response.body = {"error": {"code": _CHALICE_CODES.get(body["Code"], "bad_request"),
                                   "message": body.get("Message", "")}}
    return response
