"""The admin's case page acts on a case as it stands (issue 14): clear an integrity review, then close the
settled case — in Chromium over the real app (moto in-process, Chalice's local HTTP server on 127.0.0.1, the
extraction faked so the agreement can name a payee who is no party), each checked through the API after."""
import json
from datetime import datetime, timedelta, timezone

import pytest
import requests
from playwright.sync_api import expect

from chalicelib.auth import mint_token, sign
from chalicelib.services.roster import court_secret
from tests.integration.conftest import aws, clock, deps, extractor, moto_stack, notifier  # noqa: F401  (fixtures)
from tests.integration.http import run_step
from tests.integration.support import agreement_extraction, application_fields
from tests.web.conftest import DESKTOP, axe_violations, browser_page, look
from tests.web.test_browser_stack import stack  # noqa: F401  (the fixture)

pytestmark = pytest.mark.slow


def _call(base: str, method: str, path: str, token: str, **kwargs) -> requests.Response:
    return requests.request(method, base + path, headers={"Authorization": f"Bearer {token}"}, timeout=30, **kwargs)


def _held_settlement(base: str, deps, extractor) -> str:
    """A court's case settled by an agreement paying someone who is no party: held for integrity review."""
    body = json.dumps({"event_id": "ev-admin-held", "type": "case.delegated",
                       "data": {"court_case_ref": "（2026）豫0703诉前调77号", **application_fields()}}).encode()
    ts = str(int(deps.clock().timestamp()))  # the stack runs on the test clock
    created = requests.post(f"{base}/webhooks/court", data=body, timeout=30, headers={
        "Content-Type": "application/json", "X-Court-Id": "weibin", "X-Timestamp": ts,
        "X-Signature": sign(court_secret("weibin", deps), ts, body)})
    assert created.status_code == 202, created.text
    case_id = created.json()["case_id"]
    assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
    case = deps.cases.get(case_id)
    mediator = mint_token("mediator", mediator_id=case.mediator_id)
    assert _call(base, "POST", f"/cases/{case_id}/acceptance", mediator, json={"decision": "accept"}).ok
    extractor.result = agreement_extraction(mediator_name=case.mediator_name)
    extractor.result["fields"]["terms"] = ["被申请人于2026年3月31日前向王小明支付货款40000元"]
    settled = _call(base, "POST", f"/cases/{case_id}/agreement", mediator,
                    files={"file": ("agreement.pdf", b"%PDF-1.7", "application/pdf")})
    assert settled.status_code == 200, settled.text
    assert "integrity_review" in deps.cases.get(case_id).flags
    return case_id


def _signed_in_as_admin(page, base: str) -> None:
    """The tab's session as /login leaves it (the sign-in itself is test_admin_cases' journey)."""
    session = {"token": mint_token("org_admin", org_id="xx-sme"), "role": "org_admin", "org_id": "xx-sme",
               "username": "xx-sme-admin", "expires_at": (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()}
    page.goto(f"{base}/login")
    page.evaluate("s => sessionStorage.setItem('sutiao.staff.session', JSON.stringify(s))", session)


def test_the_admin_clears_a_held_case_and_closes_it_from_the_case_page(stack, browser):  # noqa: F811
    base, deps, extractor = stack
    case_id = _held_settlement(base, deps, extractor)
    admin = mint_token("org_admin", org_id="xx-sme")
    with browser_page(browser, DESKTOP, "admin-case-actions") as page:
        _signed_in_as_admin(page, base)
        page.goto(f"{base}/admin#case/{case_id}")
        body = page.locator("#case-body")
        expect(body).to_contain_text("待诚信审查")
        expect(body.get_by_role("heading", name="改派调解员")).to_have_count(0)  # settled: no mediator to change
        assert axe_violations(page) == []
        look(page, "admin-case-review-1280")
        page.get_by_label("未发现问题，放行").check()
        page.get_by_label("说明").fill("付款人为申请人指定的收款人，已核实")
        page.get_by_role("button", name="提交审查结论").click()
        expect(page.locator("#case-msg")).to_contain_text("已完成：诚信审查")
        assert "integrity_review" not in _call(base, "GET", f"/cases/{case_id}", admin).json()["flags"]

        expect(body.get_by_role("heading", name="诚信审查")).to_have_count(0)
        page.get_by_label("结案原因（例如：当事人已自动履行）").fill("当事人已自动履行")
        page.get_by_role("button", name="结案", exact=True).click()
        expect(page.locator("#case-msg")).to_contain_text("已完成：结案")
        expect(body).to_contain_text("已结束")
    closed = _call(base, "GET", f"/cases/{case_id}", admin).json()
    assert closed["status"] == "closed"
    assert closed["integrity"]["decision"] == "clear" and closed["history"][-1]["reason"] == "当事人已自动履行"
