import json

from chalicelib import cli
from chalicelib.auth import authenticate


def test_token_command_prints_a_token_the_api_accepts(capsys):
    assert cli.main(["token", "--role", "org_admin", "--org-id", "xx-sme"]) == 0
    token = capsys.readouterr().out.strip()
    assert authenticate(f"Bearer {token}").org_id == "xx-sme"


def test_token_command_refuses_a_role_without_scope(capsys):
    assert cli.main(["token", "--role", "mediator"]) == 2
    assert json.loads(capsys.readouterr().err)["error"]["code"] == "missing_scope"


def test_court_secret_command_prints_the_seeded_secret(capsys):
    from chalicelib.auth import demo_court_secret

    assert cli.main(["court-secret", "weibin"]) == 0
    assert capsys.readouterr().out.strip() == demo_court_secret("weibin")
