"""The one exception hierarchy the service layer raises, and the one place other errors become it.

Each error carries an HTTP status and a stable `code`; app.py turns any of
them into CONTRACT's JSON error `{"error": {"code", "message"}}`. Library code
never raises Chalice's own exceptions. The domain raises its own errors
(chalicelib.domain.exceptions) and the stores theirs (chalicelib.services.ports);
`use_case` maps both at the service boundary.
"""
from __future__ import annotations

import functools
from typing import Any

from chalicelib.domain.exceptions import ChoiceConflict, DomainError, InvalidTransition, InvalidValue
from chalicelib.services.ports import StaleCase


class SutiaoError(Exception):
    status = 400
    code = "bad_request"
    headers: dict | None = None  # response headers the answer needs (Retry-After)

    def __init__(self, message: str, *, code: str | None = None, details: Any = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details

    def to_dict(self) -> dict:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return {"error": body}


class BadRequest(SutiaoError):
    status, code = 400, "bad_request"


class Unauthorized(SutiaoError):
    status, code = 401, "unauthorized"


class Forbidden(SutiaoError):
    status, code = 403, "forbidden"


class NotFound(SutiaoError):
    status, code = 404, "not_found"


class Conflict(SutiaoError):
    """The request contradicts the case's current state (wrong status, stale version)."""

    status, code = 409, "conflict"


class PayloadTooLarge(SutiaoError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(SutiaoError):
    status, code = 415, "unsupported_media_type"


class Unprocessable(SutiaoError):
    """Well-formed but unacceptable, e.g. an agreement with a party's signature missing."""

    status, code = 422, "unprocessable"


class TooManyRequests(SutiaoError):
    """Over a rate limit; `Retry-After` says in how many seconds to try again."""

    status, code = 429, "too_many_requests"

    def __init__(self, message: str, *, retry_after: int, code: str | None = None, details: Any = None):
        super().__init__(message, code=code, details={"retry_after": retry_after, **(details or {})})
        self.headers = {"Retry-After": str(retry_after)}


def use_case(func):
    """A public service function: a wrong status or a concurrent change answers 409, a malformed value 400,
    any other broken domain rule 422."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (InvalidTransition, ChoiceConflict) as err:
            raise Conflict(err.message, code=err.code, details=err.details) from err
        except InvalidValue as err:
            raise BadRequest(err.message, code=err.code, details=err.details) from err
        except DomainError as err:
            raise Unprocessable(err.message, code=err.code, details=err.details) from err
        except StaleCase as err:
            raise Conflict("the case changed meanwhile; read it again and retry", code="stale_case") from err
    return run
