import pytest

from chalicelib.auth import (Principal, authenticate, demo_court_secret, mint_token, new_party_token, sign,
                             verify_court_signature)
from chalicelib.errors import BadRequest, Unauthorized


def test_staff_token_round_trip_carries_role_and_scope():
    token = mint_token("mediator", mediator_id="m-1")
    assert authenticate(f"Bearer {token}") == Principal(role="mediator", mediator_id="m-1")


def test_each_role_needs_its_scope_claim():
    with pytest.raises(BadRequest) as err:
        mint_token("court_clerk", org_id="xx-sme")
    assert err.value.code == "missing_scope"


def test_expired_token_is_refused_with_its_own_code():
    token = mint_token("org_admin", org_id="xx-sme", ttl_seconds=10, now=1_000_000)
    with pytest.raises(Unauthorized) as err:
        authenticate(f"Bearer {token}")
    assert err.value.code == "token_expired"


def test_token_signed_with_another_key_is_refused():
    import jwt
    forged = jwt.encode({"role": "org_admin", "org_id": "xx-sme", "iss": "sutiao", "iat": 1, "exp": 4_000_000_000},
                        "someone-elses-key-that-is-long-enough-000", algorithm="HS256")
    with pytest.raises(Unauthorized) as err:
        authenticate(f"Bearer {forged}")
    assert err.value.code == "invalid_token"


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer", "Bearer a.b", "Bearer short"])
def test_malformed_authorization_headers_are_refused(header):
    with pytest.raises(Unauthorized):
        authenticate(header)


def test_party_tokens_are_opaque_and_only_their_hash_identifies_them():
    token, token_hash = new_party_token()
    principal = authenticate(f"Bearer {token}")
    assert principal.role == "party" and principal.party_token_hash == token_hash
    assert token not in repr(principal)


def test_court_signature_accepts_fresh_signed_body():
    body = b'{"event_id":"e1"}'
    verify_court_signature("s3cret", "1000", body, sign("s3cret", 1000, body), now=1100)


@pytest.mark.parametrize("timestamp,signature_of,now,code", [
    ("1000", b"other", 1000, "bad_signature"),
    ("1000", b"body", 1301, "stale_timestamp"),
    ("1000", b"body", 699, "stale_timestamp"),
    ("soon", b"body", 1000, "invalid_timestamp"),
])
def test_court_signature_refusals(timestamp, signature_of, now, code):
    with pytest.raises(Unauthorized) as err:
        verify_court_signature("s3cret", timestamp, b"body", sign("s3cret", timestamp, signature_of), now=now)
    assert err.value.code == code


def test_demo_court_secret_is_stable_per_court():
    assert demo_court_secret("weibin") == demo_court_secret("weibin") != demo_court_secret("other")


def test_outside_the_local_stage_a_missing_key_refuses_to_sign(monkeypatch):
    from chalicelib.auth.keys import SigningKeyMissing
    from chalicelib.settings import reset_settings

    monkeypatch.setenv("STAGE", "prod")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    reset_settings()
    with pytest.raises(SigningKeyMissing):
        mint_token("org_admin", org_id="xx-sme")


def test_the_signing_key_is_read_from_secrets_manager_when_an_arn_is_given(monkeypatch):
    import boto3
    from moto import mock_aws

    from chalicelib.settings import reset_settings

    with mock_aws():
        arn = boto3.client("secretsmanager").create_secret(Name="sutiao/jwt-secret",
                                                           SecretString="k" * 64)["ARN"]
        monkeypatch.setenv("STAGE", "prod")
        monkeypatch.setenv("JWT_SECRET_ARN", arn)
        reset_settings()
        token = mint_token("mediator", mediator_id="m-1")
        assert authenticate(f"Bearer {token}").mediator_id == "m-1"
    monkeypatch.setenv("JWT_SECRET", "k" * 64)
    monkeypatch.delenv("JWT_SECRET_ARN")
    reset_settings()
    assert authenticate(f"Bearer {token}").mediator_id == "m-1", "the token was signed with the secret's value"
