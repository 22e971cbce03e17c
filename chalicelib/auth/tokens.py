"""Bearer tokens: JWTs (PyJWT, HS256) for staff, random opaque tokens for parties.

Verification happens here and nowhere else; both the local stack and the
deployed Chalice authorizer call `authenticate`.
"""
from __future__ import annotations

import hashlib
import secrets
import time

import jwt

from chalicelib.auth.keys import signing_key
from chalicelib.auth.principal import STAFF_ROLES, Principal
from chalicelib.errors import BadRequest, Unauthorized
from chalicelib.settings import get_settings

_SCOPE_CLAIM = {"mediator": "mediator_id", "org_admin": "org_id", "court_clerk": "court_id"}


def mint_token(role: str, *, mediator_id: str | None = None, org_id: str | None = None,
               court_id: str | None = None, ttl_seconds: int | None = None, now: float | None = None) -> str:
    """A signed staff token; each role must carry its scope claim."""
    if role not in STAFF_ROLES:
        raise BadRequest(f"role must be one of {', '.join(STAFF_ROLES)}", code="invalid_role")
    scopes = {"mediator_id": mediator_id, "org_id": org_id, "court_id": court_id}
    if not scopes[_SCOPE_CLAIM[role]]:
        raise BadRequest(f"role {role} needs --{_SCOPE_CLAIM[role].replace('_', '-')}", code="missing_scope")
    s = get_settings()
    issued = int(now if now is not None else time.time())
    claims = {"iss": s.jwt_issuer, "iat": issued, "exp": issued + (ttl_seconds or s.jwt_ttl_seconds),
              "role": role, **{k: v for k, v in scopes.items() if v}}
    return jwt.encode(claims, signing_key(), algorithm="HS256")


def verify_token(token: str) -> Principal:
    """Decode a staff JWT or raise Unauthorized saying why."""
    s = get_settings()
    try:
        claims = jwt.decode(token, signing_key(), algorithms=["HS256"], issuer=s.jwt_issuer,
                            options={"require": ["exp", "iat", "iss", "role"]})
    except jwt.ExpiredSignatureError:
        raise Unauthorized("the token has expired; ask for a new one", code="token_expired") from None
    except jwt.InvalidTokenError as exc:
        raise Unauthorized(f"the token is not valid: {exc}", code="invalid_token") from None
    role = claims["role"]
    scope = _SCOPE_CLAIM.get(role)
    if scope is None or not claims.get(scope):
        raise Unauthorized("the token carries no valid role and scope", code="invalid_token")
    return Principal(role=role, mediator_id=claims.get("mediator_id"), org_id=claims.get("org_id"),
                     court_id=claims.get("court_id"))


def new_party_token() -> tuple[str, str]:
    """A fresh party token and the hash we store; the token itself is never stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_party_token(token)


def hash_party_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def authenticate(authorization: str | None) -> Principal:
    """Turn an `Authorization` header into a Principal.

    JWTs have two dots; party tokens (url-safe base64) have none, which is how
    the two kinds are told apart without a lookup.
    """
    if not authorization:
        raise Unauthorized("missing Authorization header (expected 'Bearer <token>')", code="missing_token")
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("the Authorization header must be 'Bearer <token>'", code="invalid_token")
    if token.count(".") == 2:
        return verify_token(token)
    if "." in token or len(token) < 20:
        raise Unauthorized("the token is not valid", code="invalid_token")
    return Principal(role="party", party_token_hash=hash_party_token(token))
