import json

import pytest

from chalicelib.auth import (
    Principal,
    authenticate,
    demo_court_secret,
    mint_token,
    new_party_token,
    sign,
    verify_court_signature,
)
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


# ---- signing keys and their rotation (issue 8 "Infrastructure") ----

def _use_secret(monkeypatch, value: str) -> None:
    from chalicelib.settings import reset_settings

    monkeypatch.setenv("JWT_SECRET", value)
    reset_settings()


def _key_set(current: str, **keys: str) -> str:
    return json.dumps({"current": current, "keys": keys})


K1, K2 = "first-key-" + "1" * 40, "second-key-" + "2" * 40


def test_a_plain_secret_is_one_key_known_as_default(monkeypatch):
    import jwt

    _use_secret(monkeypatch, K1)
    token = mint_token("org_admin", org_id="xx-sme")
    assert jwt.get_unverified_header(token)["kid"] == "default"
    assert jwt.decode(token, K1, algorithms=["HS256"], issuer="sutiao")["org_id"] == "xx-sme"
    assert authenticate(f"Bearer {token}").org_id == "xx-sme"


def test_a_key_set_signs_with_its_current_key_and_names_it(monkeypatch):
    import jwt

    _use_secret(monkeypatch, _key_set("k2", k1=K1, k2=K2))
    token = mint_token("court_clerk", court_id="weibin")
    assert jwt.get_unverified_header(token)["kid"] == "k2"
    assert jwt.decode(token, K2, algorithms=["HS256"], issuer="sutiao")["court_id"] == "weibin"
    assert authenticate(f"Bearer {token}").court_id == "weibin"


def test_a_rotation_keeps_old_tokens_valid_while_their_key_is_listed(monkeypatch):
    _use_secret(monkeypatch, _key_set("k1", k1=K1))
    old = mint_token("mediator", mediator_id="m-1")
    _use_secret(monkeypatch, _key_set("k1", k1=K1, k2=K2))  # step 1: every container learns k2
    _use_secret(monkeypatch, _key_set("k2", k1=K1, k2=K2))  # step 2: sign with k2
    new = mint_token("mediator", mediator_id="m-2")
    assert authenticate(f"Bearer {old}").mediator_id == "m-1"
    assert authenticate(f"Bearer {new}").mediator_id == "m-2"
    _use_secret(monkeypatch, _key_set("k2", k2=K2))  # step 3, a token lifetime later: k1 removed
    with pytest.raises(Unauthorized) as err:
        authenticate(f"Bearer {old}")
    assert err.value.code == "unknown_key" and "'k1'" in err.value.message
    assert authenticate(f"Bearer {new}").mediator_id == "m-2"


def test_a_token_from_before_key_ids_is_checked_against_the_legacy_key(monkeypatch):
    import jwt

    legacy = jwt.encode({"iss": "sutiao", "iat": 1, "exp": 4_000_000_000, "role": "org_admin", "org_id": "xx-sme"},
                        K1, algorithm="HS256")
    assert "kid" not in jwt.get_unverified_header(legacy)
    _use_secret(monkeypatch, K1)
    assert authenticate(f"Bearer {legacy}").org_id == "xx-sme"
    _use_secret(monkeypatch, _key_set("k2", default=K1, k2=K2))  # the plain key moved into a set as "default"
    assert authenticate(f"Bearer {legacy}").org_id == "xx-sme"
    _use_secret(monkeypatch, _key_set("k2", k2=K2))
    with pytest.raises(Unauthorized) as err:
        authenticate(f"Bearer {legacy}")
    assert err.value.code == "unknown_key"


@pytest.mark.parametrize("kid", [5, ["k1"], {"k": 1}])
def test_a_kid_that_is_not_a_string_is_refused(monkeypatch, kid):
    import base64

    import jwt

    _use_secret(monkeypatch, _key_set("k1", k1=K1))
    good = jwt.encode({"iss": "sutiao", "iat": 1, "exp": 4_000_000_000, "role": "org_admin", "org_id": "xx-sme"},
                      K1, algorithm="HS256", headers={"kid": "k1"})
    header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "kid": kid}).encode()).rstrip(b"=").decode()
    with pytest.raises(Unauthorized) as err:
        authenticate(f"Bearer {header}.{good.split('.', 1)[1]}")
    assert err.value.code == "invalid_token"


@pytest.mark.parametrize("secret", [
    json.dumps({"current": "k3", "keys": {"k1": K1}}), json.dumps({"current": "k1", "keys": {}}),
    json.dumps({"current": "k1", "keys": {"k1": ""}}), json.dumps({"current": "k1", "keys": [K1]}),
    json.dumps({"keys": {"k1": K1}}),
], ids=["current-not-listed", "no-keys", "empty-key", "keys-a-list", "no-current"])
def test_a_malformed_key_set_refuses_to_sign_rather_than_guess(monkeypatch, secret):
    from chalicelib.auth.keys import SigningKeyInvalid

    _use_secret(monkeypatch, secret)
    with pytest.raises(SigningKeyInvalid):
        mint_token("org_admin", org_id="xx-sme")


def test_a_rotation_in_secrets_manager_reaches_a_warm_container_after_the_cache_age(monkeypatch):
    import boto3
    from moto import mock_aws

    from chalicelib.auth import keys
    from chalicelib.settings import reset_settings

    with mock_aws():
        secrets = boto3.client("secretsmanager")
        arn = secrets.create_secret(Name="sutiao/jwt-keys", SecretString=_key_set("k1", k1=K1))["ARN"]
        monkeypatch.setenv("STAGE", "prod")
        monkeypatch.setenv("JWT_SECRET_ARN", arn)
        reset_settings()
        old = mint_token("mediator", mediator_id="m-1")
        secrets.put_secret_value(SecretId=arn, SecretString=_key_set("k2", k2=K2))
        assert authenticate(f"Bearer {old}").mediator_id == "m-1", "within the cache age the container keeps k1"
        keys._secrets().clear_cache()  # what KEY_SET_MAX_AGE_SECONDS later does: the cached answer is gone
        with pytest.raises(Unauthorized) as err:
            authenticate(f"Bearer {old}")
        assert err.value.code == "unknown_key"
        assert authenticate(f"Bearer {mint_token('mediator', mediator_id='m-2')}").mediator_id == "m-2"


def test_the_platform_operator_has_a_token_without_scope():
    token = mint_token("platform_admin", org_id="xx-sme")  # a stray scope is not carried
    assert authenticate(f"Bearer {token}") == Principal(role="platform_admin")
    assert Principal(role="platform_admin").subject == "platform_admin"
