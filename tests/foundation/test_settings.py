import subprocess
import sys
import textwrap

from chalicelib.settings import get_settings, reset_settings


def test_settings_are_read_when_first_used_not_at_import(monkeypatch):
    monkeypatch.setenv("CASES_TABLE", "first")
    reset_settings()
    assert get_settings().cases_table == "first"
    monkeypatch.setenv("CASES_TABLE", "second")
    assert get_settings().cases_table == "first", "settings are cached until reset"
    reset_settings()
    assert get_settings().cases_table == "second"


def test_endpoint_override_reaches_the_clients(monkeypatch):
    from chalicelib import aws

    monkeypatch.setenv("SUTIAO_AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    reset_settings()
    assert aws.client("sqs").meta.endpoint_url == "http://127.0.0.1:1"
    monkeypatch.delenv("SUTIAO_AWS_ENDPOINT_URL")
    reset_settings()
    assert aws.client("sqs").meta.endpoint_url.startswith("https://sqs.")


def test_importing_the_app_touches_no_aws_and_no_settings():
    probe = textwrap.dedent("""
        import sys
        import chalicelib.settings as settings
        import app
        assert settings.get_settings.cache_info().currsize == 0, "settings read at import"
        assert "boto3" not in sys.modules, "boto3 imported at import time"
        assert "pdfplumber" not in sys.modules, "pdfplumber imported at import time"
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
