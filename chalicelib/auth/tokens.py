"""Bearer tokens: JWTs (PyJWT, HS256) for staff, random opaque tokens for parties.

Verification happens here and nowhere else; both the local stack and the
deployed Chalice authorizer call `authenticate`. A staff JWT names its signing
key in the `kid` header (chalicelib.auth.keys: two keys are valid during a rotation).
A token from `POST /auth/login` also names its account (`sub`) and the account's
token generation (`gen`); it is valid only while the account is active at that
generation, so disabling an account, a new password or signing out revokes it
(chalicelib.domain.accounts). CLI tokens name no account.
"""
from __future__ import annotations

import hashlib
import secrets
import time

import jwt

from chalicelib.auth.keys import LEGACY_KID, key_set
from chalicelib.auth.principal import STAFF_ROLES, Principal
from chalicelib.domain.accounts import SCOPE_OF_ROLE as _SCOPE_CLAIM
from chalicelib.errors import BadRequest, Unauthorized
from chalicelib.settings import get_settings


def mint_token(role: str, *, mediator_id: str | None = None, org_id: str | None = None,
               court_id: str | None = None, ttl_seconds: int | None = None, now: float | None = None,
               account: tuple[str, int] | None = None) -> str:
    """A signed staff token; each role must carry its scope claim. `account`: (username, generation)."""
    if role not in STAFF_ROLES:
        raise BadRequest(f"role must be one of {', '.join(STAFF_ROLES)}", code="invalid_role")
    claim = _SCOPE_CLAIM[role]
    scopes = {"mediator_id": mediator_id, "org_id": org_id, "court_id": court_id}
    if claim and not scopes[claim]:
        raise BadRequest(f"role {role} needs --{claim.replace('_', '-')}", code="missing_scope")
    s = get_settings()
    issued = int(now if now is not None else time.time())
    claims = {"iss": s.jwt_issuer, "iat": issued, "exp": issued + (ttl_seconds or s.jwt_ttl_seconds),
              "role": role, **({claim: scopes[claim]} if claim else {}),
              **({"sub": account[0], "gen": account[1]} if account else {})}
    keys = key_set()
    return jwt.encode(claims, keys.current_key, algorithm="HS256", headers={"kid": keys.current})


def verify_token(token: str, accounts=None) -> Principal:
    """Decode a staff JWT or raise Unauthorized saying why.

    `accounts` answers `live_generation(username)` (the generation an active account's tokens
    carry, else None); a token naming an account is refused without it.
    """
    s = get_settings()
    try:
        claims = jwt.decode(token, _verifying_key(token), algorithms=["HS256"], issuer=s.jwt_issuer,
                            options={"require": ["exp", "iat", "iss", "role"]})
    except jwt.ExpiredSignatureError:
        raise Unauthorized("the token has expired; ask for a new one", code="token_expired") from None
    except jwt.InvalidTokenError as exc:
        raise Unauthorized(f"the token is not valid: {exc}", code="invalid_token") from None
    scope = _scope(claims)
    if scope is None:
        raise Unauthorized("the token carries no valid role and scope", code="invalid_token")
    username = claims.get("sub")
    if username is not None:
        _check_live(username, claims.get("gen"), accounts)
    return Principal(role=claims["role"], username=username, **scope)


def _check_live(username, generation, accounts) -> None:
    """A signed-in token holds while its account is active at the generation it was issued under."""
    live = accounts.live_generation(username) if accounts is not None and isinstance(username, str) else None
    if live is None or type(generation) is not int or generation != live:
        raise Unauthorized("this sign-in has ended (signed out, account disabled or password changed); "
                           "sign in again", code="session_ended")


def _scope(claims: dict) -> dict | None:
    """The role's scope claim ({} for the platform operator), or None when the role or its scope is wrong."""
    role = claims["role"]
    if not isinstance(role, str) or role not in _SCOPE_CLAIM:
        return None
    claim = _SCOPE_CLAIM[role]
    if claim is None:
        return {}
    value = claims.get(claim)
    return {claim: value} if isinstance(value, str) and value else None


def _verifying_key(token: str) -> str:
    """The listed key the token's `kid` names; a token without one predates key ids (the legacy key)."""
    kid = jwt.get_unverified_header(token).get("kid", LEGACY_KID)  # PyJWT refuses a kid that is not a string
    key = key_set().keys.get(kid)
    if key is None:
        raise Unauthorized(f"the token was signed with a key we do not hold (kid {kid[:64]!r}); sign in again",
                           code="unknown_key")
    return key


def new_party_token() -> tuple[str, str]:
    """A fresh party token and the hash we store; the token itself is never stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_party_token(token)


def hash_party_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def authenticate(authorization: str | None, accounts=None) -> Principal:
    """Turn an `Authorization` header into a Principal (`accounts`: see verify_token).

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
        return verify_token(token, accounts)
    if "." in token or len(token) < 20:
        raise Unauthorized("the token is not valid", code="invalid_token")
    return Principal(role="party", party_token_hash=hash_party_token(token))
