"""The web pages (chalicelib.web.pages, templates/web): served as HTML, escaped, calling only real API routes."""
import re
import subprocess

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.web.pages import PAGES, base_path, render_page

# name: ["METHOD", "/route"] in the API table of templates/web/common.js
API_ENTRY = re.compile(r'^\s*(\w+): \["(GET|POST|PUT|DELETE)", "(/[^"]*)"\]', re.MULTILINE)


@pytest.fixture(scope="module")
def client():
    with Client(app_module.app) as c:
        yield c


def _get(client, path):
    response = client.http.get(path)
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    return response.body.decode("utf-8")


def _scripts(html: str) -> list[str]:
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.DOTALL)
    assert scripts, "the page has no script"  # an empty list would let the checks below pass on nothing
    return scripts


SCRIPTED = sorted(set(PAGES) - {"/"})  # the landing page is plain HTML


def _api_table(html: str) -> dict[str, tuple[str, str]]:
    return {name: (method, path) for name, method, path in API_ENTRY.findall(html)}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_page_is_a_phone_ready_chinese_html_page(client, path):
    html = _get(client, path)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html
    assert '<meta charset="utf-8">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<h1>" in html


@pytest.mark.parametrize("path", sorted(PAGES))
def test_pages_load_nothing_from_other_hosts(client, path):
    html = _get(client, path)
    assert not re.search(r'(src|href|action)="(https?:)?//', html)
    assert "@import" not in html and "url(" not in html


def test_page_answers_carry_protective_headers(client):
    response = client.http.get("/my-case")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_landing_page_explains_the_service_and_links_to_apply(client):
    html = _get(client, "/")
    assert "免费" in html and "调解" in html and "法院" in html
    assert 'href="/apply"' in html


def test_apply_page_offers_the_pdf_upload_and_the_form(client):
    html = _get(client, "/apply")
    assert re.search(r'<input id="file" name="file" type="file" accept="application/pdf,\.pdf"', html)
    for field in ("a_name", "a_idno", "a_phone", "a_address", "r_name", "r_idno", "r_phone", "r_address",
                  "category", "claims", "amount", "facts"):
        assert f'name="{field}"' in html, field
    for category in ("labor", "financial", "contract", "community", "family", "tort", "other"):
        assert f'<option value="{category}">' in html
    assert "查询码" not in html and "#token=" not in html  # nobody is asked to keep a token (issue 11)
    assert re.search(r'<input id="v-code"[^>]*inputmode="numeric"[^>]*autocomplete="one-time-code"', html)
    assert re.search(r'<input id="a_phone"[^>]*required', html)


def test_my_case_signs_in_by_phone_and_code_whose_fields_never_reach_a_query_string(client):
    html = _get(client, "/my-case")
    for field in ("phone", "code"):
        assert "name=" not in re.search(f"<input id=\"{field}\"[^>]*>", html).group(0)
    assert re.search(r'<input id="code"[^>]*inputmode="numeric"[^>]*autocomplete="one-time-code"', html)
    assert 'name="case"' in html and 'id="token"' not in html


def test_mediator_page_has_the_agreement_upload_and_failure_record(client):
    html = _get(client, "/mediator")
    assert re.search(r'type="file"[^>]*accept="application/pdf', html)
    for field in ("basic_facts", "reasons", "disputed_points"):
        assert f'name="{field}"' in html, field
    assert "localStorage" in html


@pytest.mark.parametrize("path,param", [("/apply", "org"), ("/my-case", "case"), ("/mediator", "case")])
def test_query_values_are_escaped(client, path, param):
    evil = '"><script>alert(1)</script>'
    html = _get(client, f"{path}?{param}=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert evil not in html
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("page", ["/apply", "/admin", "/court"])
def test_api_table_names_only_routes_the_app_has(page):
    """common.js's table, and the consoles' sections' own entries (Console.routes)."""
    table = _api_table(render_page(page))
    assert len(table) >= 10
    routes = {(path, method) for path, entries in app_module.app.routes.items() for method in entries}
    for name, (method, path) in table.items():
        assert (path, method) in routes, f"{name}: {method} {path} is not a route of app.py"


@pytest.mark.parametrize("path", SCRIPTED)
def test_scripts_call_only_the_api_table_and_fetch_no_other_address(path):
    html = render_page(path)
    table = _api_table(html)
    code = "\n".join(_scripts(html))
    for name in re.findall(r'\b(?:call|api)\("(\w+)"', code):
        assert name in table, f"{path} calls an API entry {name!r} that the table lacks"
    # fetch() takes the table's same-origin URL, or (large uploads) the storage address POST /uploads returned.
    assert set(re.findall(r"\bfetch\(([\w.]+)", code)) <= {"url", "target.url"}
    assert "XMLHttpRequest" not in code and "innerHTML" not in code


def test_base_path_follows_the_api_gateway_stage():
    assert base_path({"path": "/api/apply", "resourcePath": "/apply"}) == "/api"
    assert base_path({"path": "/api/", "resourcePath": "/"}) == "/api"
    assert base_path({"path": "/apply", "resourcePath": "/apply"}) == ""
    assert base_path(None) == ""
    html = render_page("/", {"path": "/api/", "resourcePath": "/"})
    assert 'data-base="/api"' in html and 'href="/api/apply"' in html


@pytest.mark.parametrize("path", SCRIPTED)
def test_scripts_are_valid_javascript(path, tmp_path):
    for i, script in enumerate(_scripts(render_page(path))):
        source = tmp_path / f"page{i}.js"
        source.write_text(script, encoding="utf-8")
        result = subprocess.run(["node", "--check", str(source)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
