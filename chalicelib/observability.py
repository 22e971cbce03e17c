"""Structured JSON logs (Powertools Logger) and the shape of error responses.

Log lines never carry an ID number, a credit code, a phone or a credential
(个人信息保护法 Art.51; CloudWatch keeps logs for months and many people read
them). Code logs ids, codes and counts, never party data; as a second line of
defence every record of the "sutiao" logger is redacted before any handler
sees it (`Redactor`), and the Powertools formatter redacts its final JSON too,
which also covers the exception text and stack trace it builds itself.
"""
from __future__ import annotations

import json
import logging
import re
import uuid
from functools import lru_cache

from chalicelib.domain.privacy import mask_identifier, mask_phone

_CHALICE_CODES = {
    "MethodNotAllowedError": "method_not_allowed",
    "UnsupportedMediaType": "unsupported_media_type",
    "BadRequestError": "bad_request",
    "NotFoundError": "not_found",
    "InternalServerError": "internal_error",
}


_ALNUM = "0-9A-Za-z"
_CREDIT_CHAR = "0-9A-HJ-NP-RTUWXY"  # GB 32100: the 31 characters without I, O, S, V, Z
_PERSONAL = [
    # 居民身份证号码 (18, or the old 15 digits) and 统一社会信用代码 (GB 32100: 2 + 6-digit region + 10)
    (re.compile(rf"(?<![{_ALNUM}])(?:\d{{17}}[\dXx]|\d{{15}}|[{_CREDIT_CHAR}]{{2}}\d{{6}}[{_CREDIT_CHAR}]{{10}})"
                rf"(?![{_ALNUM}])"), mask_identifier),
    # mainland mobile numbers, with or without +86 and separators
    (re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"), mask_phone),
]
_CREDENTIALS = [
    re.compile(r"(?i)\bbearer\s+[^\s\"',;]+"),
    re.compile(r"\beyJ[\w-]*\.[\w-]+\.[\w-]+"),  # a JWT, wherever it appears
    # party tokens (secrets.token_urlsafe(32): 43 characters), webhook secrets (64 hex) and the like:
    # any run of 40+ token characters; correlation ids (32 hex) stay readable
    re.compile(r"(?<![\w-])[A-Za-z0-9_-]{40,}(?![\w-])", re.ASCII),
]
_SECRET_KEYS = re.compile(r"(?i)token|secret|password|authorization|signature|cookie|otp|sms_code")
REDACTED = "[redacted]"


def redact(value):
    """`value` (text, or dicts/lists of it) with personal numbers masked and credentials removed."""
    if isinstance(value, str):
        for pattern in _CREDENTIALS:
            value = pattern.sub(REDACTED, value)
        for pattern, mask in _PERSONAL:
            value = pattern.sub(lambda m, mask=mask: mask(m.group(0)), value)
        return value
    if isinstance(value, dict):
        return {k: REDACTED if isinstance(k, str) and _SECRET_KEYS.search(k) and v else redact(v)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact(v) for v in value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return redact(str(value))  # an exception or other object: logged as its text, so redact the text


class Redactor(logging.Filter):
    """Redacts a record in place — message, arguments, extra fields, exception text — for every handler."""

    _STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        for key in set(vars(record)) - self._STANDARD:
            setattr(record, key, redact({key: getattr(record, key)})[key])
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def _redacting_formatter():
    from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

    class RedactingFormatter(LambdaPowertoolsFormatter):
        def serialize(self, log: dict) -> str:
            return super().serialize(redact(log))

    return RedactingFormatter()


@lru_cache(maxsize=1)
def logger():
    from aws_lambda_powertools import Logger

    from chalicelib.settings import get_settings

    log = Logger(service="sutiao", level=get_settings().log_level, logger_formatter=_redacting_formatter())
    if not any(isinstance(f, Redactor) for f in log.filters):  # the "sutiao" logger outlives a cache reset
        log.addFilter(Redactor())
    return log


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
