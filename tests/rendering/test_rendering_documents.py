"""Golden snapshots of the four documents, escaping, sparse cases and where templates come from.

Regenerate the snapshots after a deliberate change with
`UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/rendering`, then review the diff.
"""
from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from rendering_cases import (
    GENERATED_ON,
    SNAPSHOTS,
    context_for,
    delegated_person_case,
    direct_company_case,
    entrusted_case,
    failed_case,
    sparse_case,
)

from chalicelib.errors import NotFound
from chalicelib.rendering import (
    DOCUMENT_NAMES,
    candidate_template_dirs,
    document_names_for,
    render_document,
    reset_environment,
    templates_dir,
)

SNAPSHOT_DIR = Path(__file__).parent / "snapshots"
REPO = Path(__file__).resolve().parents[2]


def _html(document: str, case: dict, invited=None) -> str:
    return render_document(document, context_for(document, case, invited)).html


def _matches_snapshot(name: str, text: str) -> None:
    path = SNAPSHOT_DIR / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}; run with UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8")


def _split(html: str) -> tuple[str, str]:
    """(the shared page shell, the document's own <main> element)."""
    start, end = html.index("<main"), html.index("</main>") + len("</main>")
    return html[:start] + html[end:], html[start:end] + "\n"


@pytest.mark.parametrize("snapshot, document, build, invited", SNAPSHOTS,
                         ids=[f"{s}--{d}" for s, d, _, _ in SNAPSHOTS])
def test_document_matches_reviewed_snapshot(snapshot, document, build, invited):
    """Each document's content is snapshotted; the page shell once (next test)."""
    html = _html(document, build(), invited)
    _matches_snapshot(f"{snapshot}--{document}.html", _split(html)[1])


def test_every_document_shares_the_reviewed_page_shell():
    shells = set()
    for document in DOCUMENT_NAMES:
        html = _html(document, delegated_person_case())
        shell = _split(html)[0]
        shells.add(shell.replace(shell[shell.index("<title>"):shell.index("</title>")], "<title>"))
    assert len(shells) == 1
    _matches_snapshot("page-shell.html", shells.pop())


def test_every_document_name_has_a_snapshot():
    assert {document for _, document, _, _ in SNAPSHOTS} == set(DOCUMENT_NAMES)


def test_rendered_document_carries_the_hash_of_its_bytes():
    import hashlib

    case = delegated_person_case()
    rendered = render_document("confirmation-application", context_for("confirmation-application", case))
    assert rendered.name == "confirmation-application"
    assert rendered.sha256 == hashlib.sha256(rendered.html.encode("utf-8")).hexdigest()
    assert rendered.body == rendered.html.encode("utf-8")


@pytest.mark.parametrize("document", DOCUMENT_NAMES)
def test_every_document_is_printable_chinese_html(document):
    html = _html(document, delegated_person_case())
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html
    assert '<meta charset="utf-8">' in html
    assert "size: A4" in html
    assert '"FangSong"' in html


def test_application_holds_what_the_court_needs():
    html = _html("confirmation-application", delegated_person_case())
    for expected in [
        "410711197612233848",  # the court's copy: the ID number in full (CONTRACT R2)
        "914107046UARJR4A0U",  # credit code in full
        "法定代表人（负责人）：贾博志",
        "请求确认申请人谭强、新乡市卓越物流有限公司于2026年11月20日经新乡市中小企业协会调解委员会主持调解达成的（2026）新中小调字第043号调解协议有效",
        "捌万元整",
        "恶意串通、虚假调解",
        "国家利益、社会公共利益和他人的合法权益",
        "申请强制执行",
        "主持调解的证明",
        "送达地址确认书",
        "此致",
        "新乡市卫滨区人民法院",
        "（2026）豫0703民诉前调118号",
        "2026年11月27日",
    ]:
        assert expected in html, expected


@pytest.mark.parametrize("document", ["confirmation-application", "failure-record"])
def test_a_document_prints_the_numbers_as_its_view_holds_them(document):
    """A view made for someone other than the court arrives masked; the template adds nothing back."""
    from chalicelib.domain.privacy import NOBODY, party_as_seen

    case = copy.deepcopy(failed_case() if document == "failure-record" else delegated_person_case())
    for side in ("applicants", "respondents"):
        case[side] = [party_as_seen(p, NOBODY) for p in case[side]]
    html = _html(document, case)
    numbers = [p[k] for p in case["applicants"] + case["respondents"] for k in ("id_number", "credit_code", "phone")
               if p[k]]
    assert numbers and all("*" in n and n in html for n in numbers)


def test_direct_application_names_no_delegating_court():
    html = _html("confirmation-application", direct_company_case())
    assert "委派" not in html
    assert "新乡市红旗区人民法院" in html
    assert "壹拾万元伍角" in html


def test_party_confirmation_speaks_to_the_invited_party():
    case = direct_company_case()
    html = render_document("party-confirmation", {**context_for("party-confirmation", case),
                                                  "party": case["respondents"][1]}).html
    assert "致：李明" in html
    assert "4107**********561X" in html
    assert "2026年12月25日" in html  # 30 days after the 2026-11-25 signature
    assert "强制执行" in html


def test_party_confirmation_honours_a_deadline_from_the_caller():
    case = direct_company_case()
    html = render_document("party-confirmation", {"case": case, "generated_on": GENERATED_ON,
                                                  "party": case["applicants"][0],
                                                  "confirmation_deadline": "2026-12-28"}).html
    assert "2026年12月28日" in html


def test_entrusted_confirmation_speaks_of_a_mediation_document_not_confirmation():
    case = entrusted_case()
    html = _html("party-confirmation", case)
    assert "民事调解书" in html and "司法确认" not in html


def _poison(value, path=()):
    """Every free-text value a party or mediator could have typed becomes markup."""
    structural = {"kind", "referral", "source", "procedure", "status", "birth_date", "signed_date",
                  "performance_deadline", "settlement_amount", "claim_amount"}
    if isinstance(value, dict):
        return {k: (v if k in structural else _poison(v, path + (k,))) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, path) for v in value]
    if isinstance(value, str):
        return f"<script>alert('{path[-1] if path else 'x'}')</script>\"&"
    return value


@pytest.mark.parametrize("document", DOCUMENT_NAMES)
def test_every_party_supplied_value_is_escaped(document):
    case = _poison(delegated_person_case())
    case["failure_record"] = _poison(failed_case()["failure_record"])
    html = _html(document, case)
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "alert(&#39;name&#39;)" in html


@pytest.mark.parametrize("document", DOCUMENT_NAMES)
def test_sparse_case_renders_dashes_not_errors(document):
    html = _html(document, sparse_case())
    assert "—" in html
    assert "None" not in html


def test_unknown_document_is_not_found():
    with pytest.raises(NotFound):
        render_document("judgment", {"case": delegated_person_case(), "generated_on": GENERATED_ON})


def test_missing_context_key_is_named():
    with pytest.raises(KeyError, match="party"):
        render_document("party-confirmation", {"case": delegated_person_case(), "generated_on": GENERATED_ON})


def test_a_template_typo_fails_loudly(tmp_path, monkeypatch):
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    target = tmp_path / "templates" / "documents" / "failure-record.html"
    target.write_text(target.read_text(encoding="utf-8").replace("case.case_id", "case.case_idd"), encoding="utf-8")
    monkeypatch.setenv("TEMPLATES_DIR", str(tmp_path / "templates"))
    reset_environment()
    with pytest.raises(jinja2.UndefinedError):
        render_document("failure-record", context_for("failure-record", failed_case()))


def test_case_view_keys_are_not_reached_around():
    """A case view missing one of its keys is a caller bug and must not render half a document."""
    case = delegated_person_case()
    del case["court_choice"]
    with pytest.raises(jinja2.UndefinedError):
        render_document("confirmation-application", context_for("confirmation-application", case))


def test_templates_dir_prefers_the_env_override(tmp_path, monkeypatch):
    (tmp_path / "base.html").write_text("x", encoding="utf-8")
    monkeypatch.setenv("TEMPLATES_DIR", str(tmp_path))
    assert templates_dir() == tmp_path


def test_templates_dir_defaults_to_the_repository(monkeypatch):
    monkeypatch.delenv("TEMPLATES_DIR", raising=False)
    assert templates_dir() == REPO / "templates"
    assert candidate_template_dirs()[-1] == REPO / "chalicelib" / "templates"


def test_templates_dir_names_every_place_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("TEMPLATES_DIR", str(tmp_path / "nowhere"))
    import chalicelib.rendering.environment as environment

    monkeypatch.setattr(environment, "_CHALICELIB", tmp_path / "pkg" / "chalicelib")
    with pytest.raises(FileNotFoundError, match="nowhere"):
        templates_dir()


def test_renders_from_a_lambda_shaped_package(tmp_path):
    """Only app.py, chalicelib/ and vendor/ reach Lambda: templates copied into chalicelib/ must be found."""
    package = tmp_path / "package"
    shutil.copytree(REPO / "chalicelib", package / "chalicelib",
                    ignore=shutil.ignore_patterns("__pycache__", "templates"))
    shutil.copytree(REPO / "templates", package / "chalicelib" / "templates")
    script = (
        "import sys, json\n"
        "from chalicelib.rendering import DOCUMENT_NAMES, render_document, templates_dir\n"
        "context = json.load(sys.stdin)\n"
        "print(templates_dir())\n"
        "for name in DOCUMENT_NAMES:\n"
        "    print(name, len(render_document(name, context).html))\n"
    )
    import json

    case = copy.deepcopy(failed_case())
    case["agreement"] = delegated_person_case()["agreement"]
    context = {"case": case, "generated_on": GENERATED_ON, "party": case["applicants"][0]}
    env = {k: v for k, v in os.environ.items() if k != "TEMPLATES_DIR"}
    env["PYTHONPATH"] = str(package)
    result = subprocess.run([sys.executable, "-c", script], cwd=package, env=env, input=json.dumps(context),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == str(package / "chalicelib" / "templates")
    assert [line.split()[0] for line in lines[1:]] == list(DOCUMENT_NAMES)


@pytest.mark.parametrize("build, expected", [
    (delegated_person_case, ("confirmation-application", "party-confirmation")),
    (direct_company_case, ("confirmation-application", "party-confirmation")),
    (entrusted_case, ("mediation-document-request", "party-confirmation")),
    (failed_case, ("failure-record",)),
])
def test_document_names_for(build, expected):
    assert document_names_for(build()) == expected


def test_a_case_still_mediating_has_no_documents():
    case = delegated_person_case()
    case.update(status="mediating", agreement=None)
    assert document_names_for(case) == ()
