"""The staff-token signing keys, read from their secret and kept a few minutes per container.

On AWS the keys stay in Secrets Manager (`JWT_SECRET_ARN`) and are read at the
first request, so they never appear in the function's configuration; tests and
the local stack give them literally (`JWT_SECRET`). Either holds one of:

- a plain string: one key, the legacy form, known by the key id `default`;
- JSON `{"current": "k2", "keys": {"k1": "...", "k2": "..."}}`: tokens are
  signed with `current` and verified with any key listed, so during a
  rotation tokens signed with the old key stay valid until it is removed.

A token names its key in the JWT `kid` header (RFC 7515 §4.1.4); one without a
`kid` was signed before key ids existed, with the key now called `default`.
The secret is re-read after `KEY_SET_MAX_AGE_SECONDS`, so a rotation step reaches
every warm container within that time (README "Rotating the signing key").
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from chalicelib import aws
from chalicelib.settings import get_settings

LEGACY_KID = "default"
KEY_SET_MAX_AGE_SECONDS = 300


class SigningKeyMissing(RuntimeError):
    """Neither JWT_SECRET nor JWT_SECRET_ARN is set outside the local stage: refuse to sign or verify."""


class SigningKeyInvalid(RuntimeError):
    """The secret is JSON but not a key set whose `current` key is listed: refuse rather than guess."""


@dataclass(frozen=True)
class KeySet:
    current: str  # the key id new tokens are signed with
    keys: dict[str, str]  # key id -> key; every one of them verifies

    @property
    def current_key(self) -> str:
        return self.keys[self.current]

    @classmethod
    def parse(cls, secret: str) -> "KeySet":
        try:
            data = json.loads(secret)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return cls(LEGACY_KID, {LEGACY_KID: secret})
        current, keys = data.get("current"), data.get("keys")
        if not (isinstance(keys, dict) and keys and all(isinstance(k, str) and isinstance(v, str) and v
                                                        for k, v in keys.items()) and current in keys):
            raise SigningKeyInvalid('the JWT secret must be a key or {"current": KID, "keys": {KID: KEY, ...}} '
                                    "with the current key listed")
        return cls(current, dict(keys))


def key_set() -> KeySet:
    """The key set as the secret holds it now (Secrets Manager answers are kept KEY_SET_MAX_AGE_SECONDS)."""
    return _parsed(_read_secret())


def signing_key() -> str:
    """The key new tokens are signed with."""
    return key_set().current_key


@lru_cache(maxsize=4)
def _parsed(secret: str) -> KeySet:
    return KeySet.parse(secret)


def _read_secret() -> str:
    s = get_settings()
    if s.jwt_secret_arn:
        return _secrets().get(s.jwt_secret_arn, max_age=KEY_SET_MAX_AGE_SECONDS)
    if s.jwt_secret:
        return s.jwt_secret
    raise SigningKeyMissing(f"stage {s.stage} has no JWT_SECRET_ARN or JWT_SECRET: staff tokens are disabled")


@lru_cache(maxsize=1)
def _secrets():
    """Powertools' Secrets Manager provider: it keeps each answer for max_age, so rotations arrive."""
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    return SecretsProvider(boto3_client=aws.client("secretsmanager"))


aws.on_reset(_secrets.cache_clear)
