"""Signatures on court webhooks and on our notifications to courts (CONTRACT §3).

`X-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{raw body}">`. Replayed
event ids are refused by the lifecycle, which remembers them in DynamoDB.
"""
from __future__ import annotations

import hashlib
import hmac
import time

from chalicelib.auth.keys import signing_key
from chalicelib.errors import Unauthorized
from chalicelib.settings import get_settings


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_court_signature(secret: str, timestamp: str | None, body: bytes, signature: str | None,
                           now: float | None = None) -> None:
    """Raise Unauthorized unless the signature is right and the timestamp is fresh."""
    if not timestamp or not signature:
        raise Unauthorized("X-Timestamp and X-Signature headers are required", code="missing_signature")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise Unauthorized("X-Timestamp must be unix seconds", code="invalid_timestamp")
    sent_at = int(timestamp)
    tolerance = get_settings().webhook_tolerance_seconds
    if abs((now if now is not None else time.time()) - sent_at) > tolerance:
        raise Unauthorized(f"X-Timestamp is more than {tolerance} s away from our clock", code="stale_timestamp")
    # compare_digest takes str only when ASCII: compare bytes, so a stray non-ASCII header is just a mismatch
    if not hmac.compare_digest(sign(secret, timestamp, body).encode(), signature.strip().encode("utf-8", "replace")):
        raise Unauthorized("the signature does not match the body", code="bad_signature")


def demo_court_secret(court_id: str) -> str:
    """The webhook secret of a seeded demo court, derived from the signing key.

    Derived rather than random so `cli court-secret` can print it without
    reaching into the running stack's in-memory tables. Off the local stage
    this refuses (issue 8): knowing the JWT key must never give a court's
    secret; registered courts get random secrets.
    """
    if get_settings().stage != "local":
        raise RuntimeError("demo court secrets exist on the local stage only")
    key = signing_key().encode("utf-8")
    return hmac.new(key, f"demo-court:{court_id}".encode("utf-8"), hashlib.sha256).hexdigest()[:40]
