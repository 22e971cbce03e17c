"""What every refusal must look like (CONTRACT §3)."""
import json


def error_of(status: int, headers: dict, body: bytes | str) -> dict:
    """The `error` object of a 4xx answer; AssertionError saying what is wrong otherwise."""
    assert 400 <= status < 500, f"expected a 4xx, got {status}: {body!r:.300}"
    content_type = {k.lower(): v for k, v in (headers or {}).items()}.get("content-type", "")
    content_type = content_type[0] if isinstance(content_type, list) else content_type  # schemathesis lists values
    assert content_type.startswith("application/json"), f"{status} answered as {content_type!r}: {body!r:.300}"
    try:
        payload = json.loads(body)
    except ValueError:
        raise AssertionError(f"{status} body is not JSON: {body!r:.300}") from None
    error = payload.get("error") if isinstance(payload, dict) else None
    assert isinstance(error, dict), f"{status} body has no error object: {payload!r:.300}"
    for key in ("code", "message"):
        assert isinstance(error.get(key), str) and error[key].strip(), \
            f"{status} error.{key} is empty: {payload!r:.300}"
    return error


def refused(response, status: int | tuple[int, ...], code: str | None = None) -> dict:
    """Assert a chalice.test response is a JSON refusal with this status (and code); return the error."""
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, f"expected {statuses}, got {response.status_code}: {response.body!r:.400}"
    error = error_of(response.status_code, response.headers, response.body)
    if code is not None:
        assert error["code"] == code, error
    return error
