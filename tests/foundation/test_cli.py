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


def test_token_command_mints_the_platform_operator_without_a_scope(capsys):
    assert cli.main(["token", "--role", "platform_admin"]) == 0
    principal = authenticate(f"Bearer {capsys.readouterr().out.strip()}")
    assert (principal.role, principal.court_id, principal.org_id, principal.mediator_id) == (
        "platform_admin", None, None, None)


def test_token_command_refuses_an_unknown_role_and_names_the_roles(capsys):
    assert cli.main(["token", "--role", "superuser"]) == 2
    error = json.loads(capsys.readouterr().err)["error"]
    assert error["code"] == "invalid_role" and "platform_admin" in error["message"]
