"""Staff accounts over the real routes and the real accounts table on moto (issue 11 "Staff accounts").

Passwords are hashed at a low argon2id cost here (PASSWORD_* settings): the rules under test do not
depend on the cost, and bench/login.py measures the real one.
"""
from __future__ import annotations

import pytest

from chalicelib.domain.accounts import FAILURES_PER_ACCOUNT, FAILURES_PER_CLIENT
from chalicelib.services.accounts import DEMO_PASSWORD, seed_demo_accounts
from tests.integration.http import bearer, post_json


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Set before the `aws` fixture resets the settings (autouse fixtures come first)."""
    monkeypatch.setenv("PASSWORD_TIME_COST", "1")
    monkeypatch.setenv("PASSWORD_MEMORY_KIB", "1024")


@pytest.fixture
def seeded(deps, demo):
    return seed_demo_accounts(deps, demo)


def login(client, username, password=DEMO_PASSWORD):
    return post_json(client, "/auth/login", {"username": username, "password": password})


def session(client, username, password=DEMO_PASSWORD) -> dict:
    answer = login(client, username, password)
    assert answer.status_code == 200, answer.body
    return bearer(answer.json_body["token"])


def link_token(url: str) -> str:
    return url.split("#token=", 1)[1]


def test_the_seeded_accounts_are_exactly_those_of_the_contract(seeded):
    assert seeded == ["platform-admin", "xx-sme-admin", "weibin-clerk", "m-wang", "m-li", "m-zhang", "m-zhao"]


def test_a_mediator_signs_in_and_the_token_opens_their_cases(client, seeded):
    answer = login(client, "M-Wang ")  # typed as people type it: case and a stray space do not matter
    assert answer.status_code == 200, answer.body
    body = answer.json_body
    assert (body["role"], body["username"], body["mediator_id"]) == ("mediator", "m-wang", "m-wang")
    assert body["expires_at"].endswith("Z") or "+00:00" in body["expires_at"]
    cases = client.http.get("/cases?mediator_id=m-wang", headers=bearer(body["token"]))
    assert cases.status_code == 200, cases.body
    assert client.http.get("/cases?mediator_id=m-li", headers=bearer(body["token"])).status_code == 403


@pytest.mark.parametrize("username, role, scope", [("xx-sme-admin", "org_admin", {"org_id": "xx-sme"}),
                                                   ("weibin-clerk", "court_clerk", {"court_id": "weibin"}),
                                                   ("platform-admin", "platform_admin", {})])
def test_each_seeded_role_gets_its_scope(client, seeded, username, role, scope):
    body = login(client, username).json_body
    assert body["role"] == role and {k: body.get(k) for k in scope} == scope


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(client, seeded):
    unknown, wrong = login(client, "nobody-here", "whatever-1"), login(client, "m-wang", "not-the-password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json_body == wrong.json_body
    assert unknown.json_body["error"]["code"] == "invalid_credentials"


def test_the_account_throttle_hears_n_failures_then_answers_429_until_the_window_passes(client, clock, seeded):
    for attempt in range(FAILURES_PER_ACCOUNT):
        assert login(client, "m-wang", f"wrong-{attempt}").status_code == 401, attempt
    refused = login(client, "m-wang")  # even the right password: the window is closed
    assert refused.status_code == 429
    assert refused.json_body["error"]["code"] == "too_many_sign_ins"
    assert 1 <= int(refused.headers["Retry-After"]) <= 15 * 60 + 1
    assert login(client, "m-li").status_code == 200  # another account is untouched
    clock.advance(minutes=15)
    assert login(client, "m-wang").status_code == 200


def test_an_unknown_username_is_throttled_like_a_real_one(client, seeded):
    answers = [login(client, "no-such-user", f"guess-{n}").status_code for n in range(FAILURES_PER_ACCOUNT + 1)]
    assert answers == [401] * FAILURES_PER_ACCOUNT + [429]


def test_a_success_clears_the_accounts_failures(client, seeded):
    for attempt in range(FAILURES_PER_ACCOUNT - 1):
        login(client, "m-zhao", f"wrong-{attempt}")
    assert login(client, "m-zhao").status_code == 200
    assert login(client, "m-zhao", "wrong-again").status_code == 401  # counting starts again


def test_one_client_address_guessing_many_usernames_is_throttled(client, seeded):
    for n in range(FAILURES_PER_CLIENT):
        assert login(client, f"user-{n}", "guess-guess").status_code == 401, n
    assert login(client, "user-last", "guess-guess").status_code == 429
    assert login(client, "m-wang").status_code == 429  # from this address, for the rest of the window


def test_an_org_admin_invites_a_mediator_who_sets_a_password_once(client, seeded, clock):
    admin = session(client, "xx-sme-admin")
    invited = post_json(client, "/accounts/invitations",
                        {"role": "mediator", "username": "li.xiulan", "mediator_id": "m-li"}, admin)
    assert invited.status_code == 201, invited.body
    assert invited.json_body["status"] == "invited" and "/set-password#token=" in invited.json_body["url"]
    assert login(client, "li.xiulan", "").status_code == 400  # no password yet: nothing to sign in with
    token = link_token(invited.json_body["url"])
    assert post_json(client, "/auth/password", {"token": token, "password": "short"}).status_code == 422
    set_it = post_json(client, "/auth/password", {"token": token, "password": "李秀兰的新密码2026"})
    assert set_it.status_code == 200, set_it.body
    assert set_it.json_body["mediator_id"] == "m-li"
    again = post_json(client, "/auth/password", {"token": token, "password": "another-password"})
    assert again.status_code == 401 and again.json_body["error"]["code"] == "invalid_link"
    assert login(client, "li.xiulan", "李秀兰的新密码2026").status_code == 200


def test_an_invitation_link_dies_after_72_hours(client, seeded, clock):
    admin = session(client, "xx-sme-admin")
    url = post_json(client, "/accounts/invitations", {"role": "org_admin", "username": "second-admin"},
                    admin).json_body["url"]
    clock.advance(hours=72)
    late = post_json(client, "/auth/password", {"token": link_token(url), "password": "a-good-password"})
    assert late.status_code == 401 and late.json_body["error"]["code"] == "invalid_link"


def test_who_may_invite_whom(client, seeded, deps):
    admin, operator = session(client, "xx-sme-admin"), session(client, "platform-admin")
    clerk = {"role": "court_clerk", "username": "weibin-clerk-2", "court_id": "weibin"}
    refused = post_json(client, "/accounts/invitations", clerk, admin)
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "cannot_invite_role"
    assert post_json(client, "/accounts/invitations", clerk, operator).status_code == 201
    other_org = {"role": "org_admin", "username": "other-admin", "org_id": "other-org"}
    assert post_json(client, "/accounts/invitations", other_org, admin).status_code == 403
    assert post_json(client, "/accounts/invitations", {"role": "mediator", "username": "ghost",
                                                       "mediator_id": "m-nobody"}, admin).status_code == 422
    taken = post_json(client, "/accounts/invitations", {"role": "org_admin", "username": "xx-sme-admin"}, admin)
    assert taken.status_code == 409 and taken.json_body["error"]["code"] == "account_exists"
    assert post_json(client, "/accounts/invitations", {"role": "mediator", "username": "x-1", "mediator_id": "m-li"},
                     session(client, "m-wang")).status_code == 403


def test_disabling_an_account_ends_its_live_sessions(client, seeded):
    mediator = session(client, "m-zhang")
    assert client.http.get("/cases?mediator_id=m-zhang", headers=mediator).status_code == 200
    admin = session(client, "xx-sme-admin")
    disabled = post_json(client, "/accounts/m-zhang/disable", {}, admin)
    assert disabled.status_code == 200 and disabled.json_body == {"username": "m-zhang", "status": "disabled"}
    ended = client.http.get("/cases?mediator_id=m-zhang", headers=mediator)
    assert ended.status_code == 401 and ended.json_body["error"]["code"] == "session_ended"
    assert login(client, "m-zhang").json_body["error"]["code"] == "account_disabled"
    assert post_json(client, "/accounts/m-zhang/reset", {}, admin).status_code == 409
    enabled = post_json(client, "/accounts/m-zhang/enable", {}, admin)
    assert enabled.status_code == 200 and enabled.json_body == {"username": "m-zhang", "status": "active"}
    assert client.http.get("/cases?mediator_id=m-zhang", headers=mediator).status_code == 401  # stays ended
    assert login(client, "m-zhang").status_code == 200


def test_an_admin_manages_only_accounts_of_its_organization(client, seeded):
    admin = session(client, "xx-sme-admin")
    for username in ("weibin-clerk", "platform-admin", "no-such-account"):
        answer = post_json(client, f"/accounts/{username}/disable", {}, admin)
        assert answer.status_code == 404 and answer.json_body["error"]["code"] == "account_not_found", username
    assert post_json(client, "/accounts/xx-sme-admin/disable", {}, admin).json_body["error"]["code"] == \
        "cannot_disable_self"
    assert post_json(client, "/accounts/weibin-clerk/disable", {}, session(client, "platform-admin")).status_code == 200


def test_a_reset_link_replaces_the_earlier_one_and_the_new_password_ends_old_sessions(client, seeded):
    old_session = session(client, "m-li")
    admin = session(client, "xx-sme-admin")
    first, second = (post_json(client, "/accounts/m-li/reset", {}, admin).json_body for _ in range(2))
    assert first["purpose"] == "reset"
    dead = post_json(client, "/auth/password", {"token": link_token(first["url"]), "password": "new-password-1"})
    assert dead.status_code == 401
    assert post_json(client, "/auth/password", {"token": link_token(second["url"]),
                                                "password": "new-password-2"}).status_code == 200
    assert client.http.get("/cases?mediator_id=m-li", headers=old_session).status_code == 401
    assert login(client, "m-li").status_code == 401
    assert login(client, "m-li", "new-password-2").status_code == 200


def test_signing_out_ends_the_session(client, seeded):
    mediator = session(client, "m-wang")
    out = post_json(client, "/auth/logout", {}, mediator)
    assert out.status_code == 200 and out.json_body == {"signed_out": True, "revoked": True}
    assert client.http.get("/cases?mediator_id=m-wang", headers=mediator).status_code == 401
    assert client.http.get("/cases?mediator_id=m-wang", headers=session(client, "m-wang")).status_code == 200


def test_the_operator_gets_404_for_an_account_that_does_not_exist_and_422_for_a_missing_scope(client, seeded):
    operator = session(client, "platform-admin")
    assert post_json(client, "/accounts/no-such-account/disable", {}, operator).status_code == 404
    for body in ({"role": "court_clerk", "username": "clerk-x"}, {"role": "org_admin", "username": "admin-x"}):
        assert post_json(client, "/accounts/invitations", body, operator).status_code == 422, body
    missing = post_json(client, "/accounts/invitations", {"role": "mediator", "username": "med-x"},
                        session(client, "xx-sme-admin"))
    assert missing.status_code == 422 and missing.json_body["error"]["code"] == "unknown_mediator"
