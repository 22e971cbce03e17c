"""Password hashing: argon2id (RFC 9106) through argon2-cffi, the memory-hard KDF issue 11 asks for.

The cost is RFC 9106 §4's second recommended option (t=3, 64 MiB, p=4), argon2-cffi's default;
`PASSWORD_TIME_COST` / `PASSWORD_MEMORY_KIB` tune it per stage (bench/login.py measures it). A
stored hash names its own parameters, so a raised cost applies at each account's next sign-in
(`needs_rehash`). Nothing here logs, and no password or hash ever leaves in an answer.
"""
from __future__ import annotations

import secrets
from functools import lru_cache


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_kib: int):
    from argon2 import PasswordHasher  # kept off the cold-start path of every route but sign-in

    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=4)


def _current():
    from chalicelib.settings import get_settings

    s = get_settings()
    return _hasher(s.password_time_cost, s.password_memory_kib)


def hash_password(password: str) -> str:
    return _current().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` is the one hashed; with no hash, a dummy hash is verified so the time is alike."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _current().verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _current().check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """What an unknown username's password is checked against (OWASP: answer in the same time)."""
    return hash_password(secrets.token_urlsafe(16))
