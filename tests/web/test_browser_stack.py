"""One case through the pages and the real app (moto in-process, Chalice's local HTTP server on 127.0.0.1):
a party applies on the form, the mediator accepts and uploads the agreement (first unsigned, then signed)
and invites the parties, and both parties confirm. Extraction is faked; everything else is the real code.
Skipped without Chromium or node.
"""
import json
import threading
from pathlib import Path

import pytest
from chalice.cli.factory import CLIFactory
from chalice.local import create_local_server

import app as app_module
from chalicelib.auth import mint_token
from tests.integration.conftest import aws, clock, deps, extractor, notifier  # noqa: F401  (fixtures)
from tests.integration.http import run_step
from tests.integration.support import APPLICANT, RESPONDENT, agreement_extraction
from tests.web.test_browser import CHROMIUM, drive, pytestmark, text, until  # noqa: F401  (the skip applies here too)

ROOT = Path(app_module.__file__).resolve().parent


@pytest.fixture
def stack(deps, extractor):
    """The app over HTTP on 127.0.0.1 (a free port), on the lifecycle's moto-backed `deps`."""
    from chalicelib.services.roster import seed_demo

    seed_demo(deps)
    config = CLIFactory(project_dir=str(ROOT)).create_config_obj(chalice_stage_name="local")
    server = create_local_server(app_module.app, config, "127.0.0.1", 0)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    host, port = server.server.server_address[:2]
    yield f"http://{host}:{port}", deps, extractor
    server.server.shutdown()
    server.server.server_close()


def _fill_application() -> str:
    applicant, respondent = json.dumps(APPLICANT, ensure_ascii=False), json.dumps(RESPONDENT, ensure_ascii=False)
    return (f"var a = {applicant}, r = {respondent}, f = document.getElementById('fill-form').elements;"
            "document.querySelector('input[name=a_kind][value=person]').click();"
            "f.a_name.value = a.name; f.a_address.value = a.address; f.a_phone.value = a.phone;"
            "f.r_name.value = r.name; f.r_idno.value = r.credit_code; f.r_address.value = r.address;"
            "f.r_rep.value = r.legal_representative;"
            "f.category.value = 'contract'; f.claims.value = '请求被申请人支付货款41679元';"
            "f.amount.value = '41679'; f.facts.value = '双方签订买卖合同，被申请人未付货款。';"
            "document.querySelector('#fill-form button[type=submit]').click()")


def _enter_code(phone: str, box: str, button: str) -> str:
    """Read the newest code from the local outbox (GET /_local/messages), type it and press `button`."""
    return ("fetch('/_local/messages?to=" + phone + "').then(function (r) { return r.json(); })"
            ".then(function (b) { var m = /验证码(\\d{6})/.exec(b.messages[0].text);"
            "document.getElementById('" + box + "').value = m[1];"
            "document.querySelector('" + button + "').click(); return m[1]; })")


def _confirm() -> list[dict]:
    """Tick, confirm, and pick the first court if the page asks for one."""
    return [
        until("!document.getElementById('confirm').hidden"),
        {"eval": "document.getElementById('f-agree').click(); document.getElementById('f-button').click()"},
        until("document.getElementById('f-msg').textContent"),
        {"eval": "(function () { var c = document.querySelector('input[name=court]');"
                 "if (c) { c.click(); document.getElementById('f-msg').textContent = '';"
                 "document.getElementById('f-button').click(); } })()"},
        until("document.getElementById('f-msg').className.indexOf('ok') >= 0"),
        text("f-msg"),
    ]


@pytest.mark.slow
def test_one_case_from_the_form_to_the_joint_application(stack, tmp_path):
    base, deps, extractor = stack
    applied = drive([
        {"goto": f"{base}/apply#fill"},
        {"eval": _fill_application()},
        until("!document.getElementById('result').hidden"),
        text("r-case"),
        {"eval": "document.getElementById('r-link').href"},
        {"eval": _enter_code(APPLICANT["phone"], "v-code", "#verify-form button[type=submit]")},
        until("document.getElementById('v-msg').className.indexOf('ok') >= 0"),
    ], tmp_path)
    case_id, party_link = applied[3], applied[4]
    assert party_link == f"{base}/my-case?case={case_id}"  # no token in any link: the tab keeps it

    assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
    mediator_id = deps.cases.get(case_id).mediator_id
    token = mint_token("mediator", mediator_id=mediator_id)
    extractor.result = agreement_extraction(signed=("秦涵",))
    mediated = drive([
        {"goto": f"{base}/mediator#token={token}"},
        {"goto": f"{base}/mediator?case={case_id}"},
        until("!document.getElementById('answer').hidden"),
        {"eval": "document.getElementById('accept').click()"},
        until("!document.getElementById('agreement').hidden"),
        {"setFiles": ["#agreement-file", [str(_pdf(tmp_path))]]},
        {"eval": "document.querySelector('#agreement-form button').click()"},
        until("document.getElementById('agreement-msg').textContent"),
        text("agreement-msg"),
        {"eval": "document.querySelectorAll('#extend-parties input').forEach(function (b) { b.click(); });"
                 "document.getElementById('extend-days').value = '10'; document.getElementById('extend-button').click()"},
        until("document.getElementById('case-msg').textContent.indexOf('调解期限已延长到') === 0"),
    ], tmp_path)
    assert "“新乡市瑞丰食品股份有限公司”还没有签名" in mediated[8]
    assert mediated[10] is True

    extractor.result = agreement_extraction()
    invited = drive([
        {"goto": f"{base}/mediator#token={token}"},
        {"goto": f"{base}/mediator?case={case_id}"},
        until("!document.getElementById('agreement').hidden"),
        {"setFiles": ["#agreement-file", [str(_pdf(tmp_path))]]},
        {"eval": "document.querySelector('#agreement-form button').click()"},
        until("!document.getElementById('invite').hidden && document.getElementById('agreement').hidden"),
        {"eval": "document.getElementById('invite-button').click()"},
        until("document.querySelectorAll('#invite-list .token').length === 2"),
        {"eval": "Array.from(document.querySelectorAll('#invite-list li')).map(function (li) {"
                 "return [li.querySelector('strong').textContent, li.querySelector('.token').textContent]; })"},
    ], tmp_path)
    links = dict(invited[8])
    assert set(links) == {"秦涵", "新乡市瑞丰食品股份有限公司"}

    first = drive([{"goto": links["秦涵"]}, *_confirm()], tmp_path)
    assert first[-1].startswith("您已确认。还在等待 新乡市瑞丰食品股份有限公司")
    second = drive([{"goto": links["新乡市瑞丰食品股份有限公司"]}, *_confirm(),
                    until("document.getElementById('c-status').textContent === '已申请法院确认'")], tmp_path)
    assert second[-2] == "各方都已确认，申请已经交给法院。" and second[-1] is True
    assert deps.cases.get(case_id).status == "confirmation_requested"


def _pdf(tmp_path):
    path = tmp_path / "agreement.pdf"
    path.write_bytes(b"%PDF-1.7\n% the extraction is faked\n")
    return path
