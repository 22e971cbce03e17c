"""Passwords, link tokens and session tokens never reach a log line (issue 11; 个人信息保护法 Art.51).

Every log line of the sign-in routes is captured the three ways tests/privacy/test_logs.py captures them.
"""
from __future__ import annotations

import pytest

from chalicelib.services.accounts import seed_demo_accounts
from tests.integration.http import bearer, post_json
from tests.privacy.test_logs import captured  # noqa: F401 - the fixture

PASSWORD = "秘密-correct-horse-7"
WRONG = "秘密-wrong-horse-8"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    monkeypatch.setenv("PASSWORD_TIME_COST", "1")
    monkeypatch.setenv("PASSWORD_MEMORY_KIB", "1024")


def test_no_password_or_token_of_the_sign_in_routes_is_logged(client, deps, demo, captured):  # noqa: F811
    seed_demo_accounts(deps, demo)
    admin = post_json(client, "/auth/login", {"username": "xx-sme-admin", "password": "demo-password"}).json_body
    invited = post_json(client, "/accounts/invitations", {"role": "mediator", "username": "li.xiulan",
                                                          "mediator_id": "m-li"}, bearer(admin["token"])).json_body
    link = invited["url"].split("#token=")[1]
    assert post_json(client, "/auth/password", {"token": link, "password": "short"}).status_code == 422
    session = post_json(client, "/auth/password", {"token": link, "password": PASSWORD}).json_body
    assert post_json(client, "/auth/login", {"username": "li.xiulan", "password": WRONG}).status_code == 401
    assert post_json(client, "/auth/login", {"username": "li.xiulan", "password": PASSWORD,
                                             "remember": PASSWORD}).status_code == 400  # an unknown field
    assert post_json(client, "/auth/login", {"username": "li.xiulan", "password": PASSWORD}).status_code == 200
    text = captured()
    assert "staff signed in" in text and "li.xiulan" in text  # the lines are there, naming the account only
    for secret in (PASSWORD, WRONG, "demo-password", link, admin["token"], session["token"]):
        assert secret not in text, secret
    assert "$argon2id$" not in text
