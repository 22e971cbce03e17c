"""Authentication: staff JWTs, party tokens, court webhook signatures."""
from chalicelib.auth.principal import STAFF_ROLES, Principal
from chalicelib.auth.tokens import authenticate, hash_party_token, mint_token, new_party_token, verify_token
from chalicelib.auth.webhooks import demo_court_secret, sign, verify_court_signature

__all__ = [
    "STAFF_ROLES", "Principal", "authenticate", "demo_court_secret", "hash_party_token", "mint_token", "new_party_token",
    "sign", "verify_court_signature", "verify_token",
]
