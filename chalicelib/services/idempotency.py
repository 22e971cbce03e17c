"""Idempotency-Key (CONTRACT R2): a retried POST /applications or POST /uploads gets the first answer.

The same key within 24 h answers what the first request answered (status and body: the same case_id and
party_token) and creates nothing; the same key with another body is refused with 422
`idempotency_key_reused`, as Stripe and Powertools do. Concurrent duplicates: the first claims the key "in
progress" with a conditional put; the others get 409 `idempotency_in_progress` and retry. A request that
fails releases its key, so a retry runs again. Keys are per route.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from typing import Callable

from chalicelib.errors import BadRequest, Conflict, Unprocessable
from chalicelib.services.dependencies import Deps
from chalicelib.settings import get_settings

KEY_PATTERN = re.compile(r"[!-~]{1,255}")  # the header schema in /openapi.json says the same
LOCK = timedelta(minutes=2)  # longer than the API's 29 s: a claim left by a crashed request lapses after it

Answer = tuple[int, dict]


def remembered(deps: Deps, key: str | None, route: str, request: tuple, produce: Callable[[], Answer]) -> Answer:
    """`produce()` once per key; `request` (what was parsed: fields, file bytes) fingerprints the body."""
    if key is None:
        return produce()
    if not KEY_PATTERN.fullmatch(key):
        raise BadRequest("Idempotency-Key must be 1 to 255 printable ASCII characters", code="invalid_idempotency_key")
    record_key, fingerprint, now = f"idempotency:{route}:{key}", _fingerprint(request), deps.clock()
    expires = now + timedelta(hours=get_settings().requests.idempotency_hours)
    earlier = deps.idempotency.claim(record_key, fingerprint, now, expires, LOCK)
    if earlier is not None:
        return _replay(earlier, fingerprint)
    try:
        status, body = produce()
    except Exception:  # a refusal or a crash: nothing was created, so a retry must run again
        deps.idempotency.release(record_key, fingerprint, now)
        raise
    deps.idempotency.complete(record_key, fingerprint, expires, {"status": status, "body": body})
    return status, body


def _replay(earlier: dict, fingerprint: str) -> Answer:
    if earlier["fingerprint"] != fingerprint:
        raise Unprocessable("this Idempotency-Key was used with another request body; use a new key",
                            code="idempotency_key_reused")
    if earlier["answer"] is None:
        raise Conflict("a request with this Idempotency-Key is still being processed; retry shortly",
                       code="idempotency_in_progress")
    return earlier["answer"]["status"], earlier["answer"]["body"]


def _fingerprint(request: tuple) -> str:
    digest = hashlib.sha256()
    for part in request:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, ensure_ascii=False).encode()
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()
