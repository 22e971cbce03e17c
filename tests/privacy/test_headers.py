"""Security headers (issue 8): no-store everywhere, CSP with nonces on pages and hashes on documents."""
import base64
import hashlib
import re
from urllib.parse import urlsplit

import pytest

from chalicelib.web.headers import document_style_hash, upload_origins
from tests.privacy.flow import CLERK, MEDIATOR, PERSON, Flow

PAGES = ("/", "/apply", "/my-case", "/mediator", "/admin", "/court")


def policy(response) -> dict:
    directives = [d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";")]
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


def base_headers_present(response):
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert policy(response)["frame-ancestors"] == "'none'"


def sha256(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def test_json_answers_and_errors_are_not_cached_and_run_nothing(client, demo, clock, extractor):
    flow = Flow(client, demo, clock, extractor)
    flow.delegate()
    for response in (flow.get(CLERK), client.http.get("/cases", headers=flow.headers(CLERK)),
                     client.http.get("/cases/nope", headers=flow.headers(CLERK)), client.http.get("/openapi.json"),
                     client.http.get(f"/cases/{flow.case_id}")):
        base_headers_present(response)
        assert policy(response)["default-src"] == "'none'"


@pytest.mark.parametrize("path", PAGES)
def test_a_page_runs_only_its_own_nonced_scripts_and_styles(client, path):
    first, second = client.http.get(path), client.http.get(path)
    base_headers_present(first)
    csp = policy(first)
    nonce = re.fullmatch(r"'nonce-([\w-]{20,})'", csp["script-src"]).group(1)
    html = first.body.decode()
    tags = re.findall(r"<(script|style)([^>]*)>", html)
    assert tags and all(attrs == f' nonce="{nonce}"' for _, attrs in tags)
    assert f"'nonce-{nonce}'" in csp["style-src"] and "unsafe-inline" not in first.headers["Content-Security-Policy"]
    assert document_style_hash() in csp["style-src"]  # documents shown in a srcdoc frame inherit this policy
    assert csp["connect-src"].startswith("'self'") and csp["default-src"] == "'none'"
    assert policy(second)["script-src"] != csp["script-src"]  # a fresh nonce per response


def test_a_document_may_use_its_own_stylesheet_and_nothing_else(client, demo, clock, extractor, notifier, deps):
    flow = Flow(client, demo, clock, extractor).request_confirmation()
    for who in (CLERK, MEDIATOR, PERSON["name"]):
        response = flow.get(who, "/documents/confirmation-application")
        assert response.status_code == 200
        base_headers_present(response)
        styles = re.findall(r"<style>(.*?)</style>", response.body.decode(), re.S)
        assert policy(response)["style-src"] == document_style_hash() == sha256(styles[0])
        assert "<script" not in response.body.decode() and policy(response)["default-src"] == "'none'"


def test_pages_may_post_large_pdfs_to_where_the_presigned_upload_points(deps):
    post = deps.documents.presigned_pdf_post("uploads/C1.pdf", {})
    parts = urlsplit(post["url"])
    assert f"{parts.scheme}://{parts.netloc}" in upload_origins()


def test_the_local_emulator_is_the_upload_origin_when_an_endpoint_is_set(monkeypatch):
    from chalicelib.settings import reset_settings

    monkeypatch.setenv("SUTIAO_AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
    reset_settings()
    assert upload_origins() == ["http://127.0.0.1:4566"]
