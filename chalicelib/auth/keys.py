"""The staff-token signing key, resolved once per container.

On AWS the key stays in Secrets Manager (`JWT_SECRET_ARN`) and is read at the
first request, so it never appears in the function's configuration; tests and
the local stack give it literally (`JWT_SECRET`).
"""
from __future__ import annotations

from functools import lru_cache

from chalicelib import aws
from chalicelib.settings import get_settings


class SigningKeyMissing(RuntimeError):
    """Neither JWT_SECRET nor JWT_SECRET_ARN is set outside the local stage: refuse to sign or verify."""


@lru_cache(maxsize=1)
def signing_key() -> str:
    s = get_settings()
    if s.jwt_secret_arn:
        return aws.client("secretsmanager").get_secret_value(SecretId=s.jwt_secret_arn)["SecretString"]
    if s.jwt_secret:
        return s.jwt_secret
    raise SigningKeyMissing(f"stage {s.stage} has no JWT_SECRET_ARN or JWT_SECRET: staff tokens are disabled")


aws.on_reset(signing_key.cache_clear)
