"""Staff account rules, password hashing and token revocation, without AWS (issue 11 "Staff accounts")."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.auth import authenticate, mint_token
from chalicelib.auth.passwords import hash_password, needs_rehash, verify_password
from chalicelib.domain.accounts import (
    FAILURE_WINDOW,
    FAILURES_PER_ACCOUNT,
    LINK_TTL,
    Account,
    AccountDisabled,
    AccountRuleBroken,
    FailureWindow,
    Link,
    check_password,
    link_digest,
    may_invite,
    normalise_username,
)
from chalicelib.errors import Unauthorized
from chalicelib.settings import reset_settings

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def cheap_hashes(monkeypatch):
    monkeypatch.setenv("PASSWORD_TIME_COST", "1")
    monkeypatch.setenv("PASSWORD_MEMORY_KIB", "1024")
    reset_settings()
    yield
    reset_settings()


# ---- argon2id ----

def test_the_hash_is_argon2id_and_verifies_only_its_password(cheap_hashes):
    hashed = hash_password("李秀兰的密码2026")
    assert hashed.startswith("$argon2id$v=19$m=1024,t=1,p=4$")
    assert "李秀兰" not in hashed
    assert verify_password(hashed, "李秀兰的密码2026")
    assert not verify_password(hashed, "李秀兰的密码2027")
    assert hash_password("same") != hash_password("same")  # salted


def test_no_hash_is_never_a_match_and_a_broken_hash_is_no_error(cheap_hashes):
    assert not verify_password(None, "")
    assert not verify_password(None, "anything at all")
    assert not verify_password("$argon2id$garbage", "x")


def test_a_raised_cost_asks_for_a_rehash(cheap_hashes, monkeypatch):
    hashed = hash_password("p" * 10)
    assert not needs_rehash(hashed)
    monkeypatch.setenv("PASSWORD_TIME_COST", "2")
    reset_settings()
    assert needs_rehash(hashed) and verify_password(hashed, "p" * 10)


def test_the_default_cost_is_rfc_9106s_second_option():
    assert hash_password("x").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


# ---- the sign-in throttle's window, at its edges ----

def test_the_nth_failure_is_heard_and_the_next_try_waits_until_the_window_passes():
    window = FailureWindow(FAILURES_PER_ACCOUNT)
    for n in range(FAILURES_PER_ACCOUNT - 1):
        window = window.with_send(NOW + timedelta(seconds=n))
        assert window.retry_after(NOW + timedelta(seconds=n)) is None, n  # the try after it is still heard
    window = window.with_send(NOW + timedelta(seconds=10))  # the Nth failure
    later = NOW + timedelta(seconds=10)
    # the N+1th waits until the oldest failure leaves the window (a second past it: SendWindow's rounding)
    assert window.retry_after(later) == FAILURE_WINDOW.total_seconds() - 10 + 1
    assert window.retry_after(NOW + FAILURE_WINDOW - timedelta(seconds=1)) == 2
    assert window.retry_after(NOW + FAILURE_WINDOW) is None  # the oldest left the window


def test_old_failures_fall_out_of_the_window():
    window = FailureWindow(2, (NOW - FAILURE_WINDOW, NOW - timedelta(minutes=1)))
    assert window.recent(NOW) == (NOW - timedelta(minutes=1),)
    assert window.with_send(NOW).sent == (NOW - timedelta(minutes=1), NOW)
    assert type(window.with_send(NOW)) is FailureWindow and FailureWindow.span == FAILURE_WINDOW


# ---- accounts and links ----

def _account(**changes) -> Account:
    return replace(Account("m-wang", "mediator", NOW, status="active", mediator_id="m-wang", org_id="xx-sme",
                           password_hash="h"), **changes)


@pytest.mark.parametrize("raw, expected", [("M-Wang ", "m-wang"), ("li.xiulan", "li.xiulan"), ("ab", None),
                                           ("-lead", None), ("王建国", None), (None, None), ("a" * 65, None)])
def test_usernames(raw, expected):
    assert normalise_username(raw) == expected


def test_passwords_have_at_least_8_characters_and_no_composition_rule():
    check_password("abcdefgh")
    check_password("八个汉字的一句话")
    with pytest.raises(AccountRuleBroken) as short:
        check_password("abcdefg")
    assert short.value.code == "password_too_short"
    with pytest.raises(AccountRuleBroken):
        check_password("x" * 129)


def test_who_may_invite_whom():
    assert may_invite("org_admin", "mediator") and may_invite("org_admin", "org_admin")
    assert may_invite("platform_admin", "court_clerk") and may_invite("platform_admin", "org_admin")
    assert not may_invite("org_admin", "court_clerk") and not may_invite("platform_admin", "mediator")
    assert not may_invite("mediator", "mediator") and not may_invite("court_clerk", "court_clerk")


def test_every_change_that_ends_sessions_raises_the_generation():
    account = _account(generation=3)
    assert account.disabled().generation == account.signed_out().generation == 4
    assert account.with_password("new").generation == 4 and account.rehashed("new").generation == 3
    assert not account.disabled().active and account.with_password("new").active
    assert account.disabled().enabled().active and account.disabled().enabled().generation == 4
    assert replace(account, password_hash=None).disabled().enabled().status == "invited"
    with pytest.raises(AccountDisabled):
        account.disabled().with_password("new")
    with pytest.raises(AccountDisabled):
        account.disabled().with_link("d")


def test_a_link_works_once_for_72_hours_and_only_while_it_is_the_accounts_one():
    token_digest = link_digest("tok")
    link = Link.issue(token_digest, "m-wang", "reset", NOW)
    account = _account(link_digest=token_digest)
    assert link.usable_for(account, NOW + LINK_TTL - timedelta(seconds=1))
    assert not link.usable_for(account, NOW + LINK_TTL)
    assert not link.usable_for(account.with_password("new"), NOW)  # used: the account forgot it
    assert not link.usable_for(account.with_link(link_digest("newer")), NOW)
    assert not link.usable_for(account.disabled(), NOW)
    assert not link.usable_for(None, NOW)


def test_the_scope_a_token_carries():
    assert _account().scope == {"mediator_id": "m-wang"}
    assert Account("a", "org_admin", NOW, org_id="xx-sme").scope == {"org_id": "xx-sme"}
    assert Account("p", "platform_admin", NOW).scope == {}


# ---- revocation, checked where every token is verified ----

class Accounts:
    def __init__(self, generations: dict):
        self.generations = generations

    def live_generation(self, username):
        return self.generations.get(username)


def test_a_signed_in_token_holds_only_at_its_accounts_live_generation():
    token = mint_token("mediator", mediator_id="m-wang", account=("m-wang", 2))
    principal = authenticate(f"Bearer {token}", Accounts({"m-wang": 2}))
    assert (principal.username, principal.mediator_id) == ("m-wang", "m-wang")
    for store in (Accounts({"m-wang": 3}), Accounts({}), None):  # signed out, disabled or deleted, no store
        with pytest.raises(Unauthorized) as refused:
            authenticate(f"Bearer {token}", store)
        assert refused.value.code == "session_ended"


def test_a_cli_token_names_no_account_and_needs_no_lookup():
    token = mint_token("org_admin", org_id="xx-sme")
    assert authenticate(f"Bearer {token}", None).username is None
