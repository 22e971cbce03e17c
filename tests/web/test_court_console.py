"""The court clerk's console (/court, issue 14) in Chromium over the real app (moto in-process, Chalice's local
HTTP server on 127.0.0.1, as tests/web/test_browser_stack.py): weibin-clerk signs in at /login, confirms a
confirmation with its ruling number and records a filing, each checked through the API afterwards; every
section at phone and desktop size, at 200% zoom, and through axe-core.

The agreement PDF opens in a new tab at its presigned S3 link; in-process moto has no address a browser can
reach, so the tab's request to S3 is answered here from the stored object (the link itself is checked).
"""
from __future__ import annotations

import json
import re
import threading
import uuid

import pytest
import requests
from chalice import Chalice
from chalice.cli.factory import CLIFactory
from chalice.local import create_local_server
from playwright.sync_api import expect

import app as app_module
from chalicelib.auth import mint_token, sign
from chalicelib.domain.roster import Court
from tests.integration.conftest import aws, clock, deps, extractor, moto_stack, notifier  # noqa: F401  (fixtures)
from tests.integration.http import run_step
from tests.integration.support import APPLICANT, agreement_extraction, application_fields
from tests.web.conftest import DESKTOP, PHONE, ROOT, axe_violations, browser_page, look, sign_in

ZOOMED = {"width": 640, "height": 400}  # 1280×800 at 200%
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
SECTIONS = ("cases", "confirmations", "filings", "case", "roster", "stats", "settings")
CALLBACK = "https://court.example/callback"


class Api:
    """The running app over HTTP, as the court's system and the other people of a case use it."""

    def __init__(self, base: str, deps, extractor):
        self.base, self.deps, self.extractor = base, deps, extractor
        self.secret = deps.roster.court("weibin", fresh=True).webhook_secret

    def call(self, method: str, path: str, token: str | None = None, body=None, raw=None, ctype=None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if body is not None:
            raw, ctype = json.dumps(body).encode(), "application/json"
        if ctype:
            headers["Content-Type"] = ctype
        return requests.request(method, self.base + path, data=raw, headers=headers, timeout=10)

    def webhook(self, payload: dict) -> requests.Response:
        raw = json.dumps(payload).encode()
        ts = str(int(self.deps.clock().timestamp()))
        return requests.post(self.base + "/webhooks/court", data=raw, timeout=10, headers={
            "Content-Type": "application/json", "X-Court-Id": "weibin", "X-Timestamp": ts,
            "X-Signature": sign(self.secret, ts, raw)})

    def mediating(self) -> str:
        """A case delegated by court weibin to m-wang, accepted."""
        created = self.webhook({"event_id": f"ev-{uuid.uuid4().hex}", "type": "case.delegated",
                                "data": {**application_fields(), "mediator_id": "m-wang"}})
        assert created.status_code == 202, created.text
        case_id = created.json()["case_id"]
        assert run_step("assignment", "assignment_queue") == {"batchItemFailures": []}
        accepted = self.call("POST", f"/cases/{case_id}/acceptance", self.mediator, {"decision": "accept"})
        assert accepted.status_code == 200, accepted.text
        return case_id

    @property
    def mediator(self) -> str:
        return mint_token("mediator", mediator_id="m-wang")

    def confirmation_requested(self) -> str:
        case_id = self.mediating()
        self.extractor.result = agreement_extraction()
        boundary = "b0undary"
        raw = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
               f"Content-Type: application/pdf\r\n\r\n").encode() + b"%PDF-1.7 signed agreement" + \
            f"\r\n--{boundary}--\r\n".encode()
        settled = self.call("POST", f"/cases/{case_id}/agreement", self.mediator, raw=raw,
                            ctype=f"multipart/form-data; boundary={boundary}")
        assert settled.status_code == 200, settled.text
        invited = self.call("POST", f"/cases/{case_id}/invitations", self.mediator, {}).json()["invitations"]
        for invitation in invited:
            consented = self.call("POST", f"/cases/{case_id}/confirmations", invitation["party_token"],
                                  {"consent": True})
            assert consented.status_code == 200, consented.text
        return case_id

    def failed(self) -> str:
        case_id = self.mediating()
        record = {"basic_facts": "买卖合同纠纷，被申请人未付货款", "reasons": "双方对金额分歧过大",
                  "disputed_points": "货款数额"}
        ended = self.call("POST", f"/cases/{case_id}/outcome", self.mediator,
                          {"result": "failed", "reason": "分歧过大", "record": record})
        assert ended.status_code == 200, ended.text
        assert run_step("outcome", "outcome_queue") == {"batchItemFailures": []}
        return case_id


@pytest.fixture
def court(deps, extractor):
    """The app over HTTP on 127.0.0.1 (a free port) with the demo roster and accounts, court weibin reachable at
    CALLBACK (the recording fake notifier). The app leaves as a plain Chalice (see tests/web/test_csp_browser)."""
    from chalicelib.services.accounts import seed_demo_accounts
    from chalicelib.services.roster import seed_demo

    seed_demo_accounts(deps, seed_demo(deps))
    deps.roster.save_court(Court(**{**vars(deps.roster.court("weibin", fresh=True)), "callback_url": CALLBACK}))
    app_module.app.__class__ = Chalice
    config = CLIFactory(project_dir=str(ROOT)).create_config_obj(chalice_stage_name="local")
    server = create_local_server(app_module.app, config, "127.0.0.1", 0)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    host, port = server.server.server_address[:2]
    yield Api(f"http://{host}:{port}", deps, extractor)
    server.server.shutdown()
    server.server.server_close()
    app_module.app.__class__ = Chalice


def _sign_in(page, base: str) -> None:
    sign_in(page, base, "weibin-clerk")
    page.wait_for_url(f"{base}/court")


def _answer_s3_from_the_store(page, deps) -> list[str]:
    """The new tab's GET of the presigned link, answered with the stored object; the links asked for."""
    asked: list[str] = []

    def answer(route):
        url = route.request.url
        asked.append(url)
        key = requests.utils.unquote(url.split(".amazonaws.com/", 1)[1].split("?", 1)[0])
        route.fulfill(status=200, body=deps.documents.get(key), headers={"Content-Type": "application/pdf"})

    page.context.route(re.compile(r"^https://[^/]+\.amazonaws\.com/"), answer)
    return asked


def _court_posts(notifier, case_id: str) -> list[str]:
    return [message["type"] for url, message in notifier.posts if message["data"]["case_id"] == case_id]


@pytest.mark.slow
def test_a_clerk_confirms_a_confirmation_from_the_console(court, browser, notifier):
    case_id = court.confirmation_requested()
    with browser_page(browser, DESKTOP, "court-confirm") as page:
        asked = _answer_s3_from_the_store(page, court.deps)
        _sign_in(page, court.base)
        page.get_by_role("navigation", name="工作台").get_by_role("link", name="司法确认").click()
        page.get_by_role("link", name=f"查看案件 {case_id}").click()
        expect(page.locator("#court-case-review")).to_be_visible()
        expect(page.locator("#court-consents")).to_contain_text("秦涵：已确认并申请")

        page.get_by_role("button", name="查看申请书").click()
        frame = page.frame_locator("#doc-dialog-frame")
        expect(frame.locator("body")).to_contain_text("司法确认")
        page.locator("dialog.doc-dialog").get_by_role("button", name="关闭").click()

        with page.expect_popup() as opened:
            page.get_by_role("button", name="打开调解协议 PDF").click()
        tab = opened.value
        tab.wait_for_url(re.compile(r"^https://[^/]+\.amazonaws\.com/cases/"))
        tab.wait_for_load_state()
        assert tab.evaluate("window.opener") is None
        assert len(asked) == 1 and "response-content-disposition=inline" in asked[0]
        tab.close()

        page.get_by_label("裁定确认调解协议有效").check()
        page.get_by_label("裁定书文号").fill("（2026）豫0703民特12号")
        page.get_by_role("button", name="提交裁定").click()
        expect(page.locator("#court-case-msg")).to_have_text("裁定已登记，当事人会收到短信通知。")
        expect(page.locator("#court-ruling-form")).to_be_hidden()

    clerk = mint_token("court_clerk", court_id="weibin")
    case = court.call("GET", f"/cases/{case_id}", clerk).json()
    assert case["status"] == "confirmed"
    assert case["ruling"] == {"ruling": "confirmed", "ruling_number": "（2026）豫0703民特12号", "reason": None}
    ruled = [h for h in case["history"] if h["to_status"] == "confirmed"]
    assert len(ruled) == 1 and ruled[0]["actor"] == "court_clerk:weibin"
    told = [m for m in court.deps.sms.messages(APPLICANT["phone"]) if "法院已裁定确认" in m["text"]]
    assert len(told) == 1  # the parties hear the ruling once

    late = court.webhook({"event_id": "ev-late", "type": "confirmation.ruled",
                          "data": {"case_id": case_id, "ruling": "confirmed", "ruling_number": "（2026）豫0703民特12号"}})
    assert late.status_code == 200, late.text  # the court's system tells it again: nothing more happens
    assert len(court.call("GET", f"/cases/{case_id}", clerk).json()["history"]) == len(case["history"])
    assert run_step("notification", "notifications_queue") == {"batchItemFailures": []}
    posts = _court_posts(notifier, case_id)
    assert posts.count("confirmation.requested") == 1 and not {"confirmation.ruled"} & set(posts)


@pytest.mark.slow
def test_a_clerk_records_a_filing_from_the_console(court, browser, notifier):
    case_id = court.failed()
    with browser_page(browser, PHONE, "court-file") as page:
        _sign_in(page, court.base)
        page.goto(f"{court.base}/court#filings")
        page.get_by_role("link", name=f"查看案件 {case_id}").click()
        page.get_by_role("button", name="查看调解不成功记录").click()
        expect(page.frame_locator("#doc-dialog-frame").locator("body")).to_contain_text("调解不成功")
        page.locator("dialog.doc-dialog").get_by_role("button", name="关闭").click()
        page.get_by_label("本院案号").fill("（2026）豫0703民初345号")
        page.get_by_role("button", name="登记立案").click()
        expect(page.locator("#court-case-msg")).to_have_text("已登记立案：（2026）豫0703民初345号")

    case = court.call("GET", f"/cases/{case_id}", mint_token("court_clerk", court_id="weibin")).json()
    assert case["status"] == "filed" and case["court_case_number"] == "（2026）豫0703民初345号"
    assert len([h for h in case["history"] if h["to_status"] == "filed"]) == 1
    assert run_step("notification", "notifications_queue") == {"batchItemFailures": []}
    posts = _court_posts(notifier, case_id)
    assert posts.count("case.outcome") == 1 and "case.filed" not in posts  # its own filing is not echoed


def _weigh(page) -> int:
    """Bytes of the page's own document and scripts as transferred (the API's JSON not counted)."""
    return page.evaluate("performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                         ".filter(e => e.initiatorType !== 'fetch').reduce((n, e) => n + (e.encodedBodySize || 0), 0)")


@pytest.mark.slow
def test_every_section_fits_phone_desktop_and_200_percent_and_passes_axe(court, browser):
    case_id = court.confirmation_requested()
    results = {}
    for name, viewport in (("390", PHONE), ("1280", DESKTOP), ("zoom", ZOOMED)):
        with browser_page(browser, viewport, f"court-sections-{name}") as page:
            _sign_in(page, court.base)
            weight = _weigh(page)
            for section in SECTIONS:
                page.goto(f"{court.base}/court#{section}" + (f"/{case_id}" if section == "case" else ""))
                page.reload()
                expect(page.locator(f"#s-{section}")).to_be_visible()
                page.wait_for_load_state("networkidle")
                expect(page.locator(f"#s-{section} .msg.bad")).to_have_count(0)
                violations = axe_violations(page, ALL_IMPACTS)
                assert violations == [], (section, name, violations)
                assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
                    (section, name)
                if name != "zoom":
                    look(page, f"court-{section}-{name}")
                results[(section, name)] = weight
    print(f"\n/court page weight (HTML with its inline scripts and styles): {results[('cases', '1280')]} bytes; "
          f"axe: 0 violations in {len(SECTIONS)} sections × 3 sizes")


@pytest.mark.slow
def test_the_settings_rotate_the_secret_once_the_roster_is_kept_and_a_mediator_reported(court, browser):
    with browser_page(browser, DESKTOP, "court-settings") as page:
        _sign_in(page, court.base)
        page.goto(f"{court.base}/court#settings")
        expect(page.locator("#court-secret-state")).to_contain_text("已设置密钥")
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="更换密钥").click()
        expect(page.locator("#court-secret-new")).to_be_visible()
        secret = page.locator("#court-secret-value").text_content()
        assert re.fullmatch(r"[0-9a-f]{64}", secret)
        page.reload()
        expect(page.locator("#court-secret-state")).to_contain_text("上次更换")
        assert secret not in page.content()  # shown once: never again

        page.goto(f"{court.base}/court#roster")
        expect(page.locator("#court-roster-list")).to_contain_text("王建国")
        page.get_by_role("button", name="把 m-zhao 移出名册").click()
        expect(page.locator("#court-roster-msg")).to_have_text("已移出：m-zhao")
        page.get_by_label("调解员编号").fill("m-zhao")
        page.get_by_role("button", name="加入名册").click()
        expect(page.locator("#court-roster-msg")).to_have_text("已加入名册：m-zhao")
        page.get_by_label("调解员", exact=True).select_option("m-li")
        page.locator("#court-roster-report").get_by_label("情况说明").fill("调解中多次私下联系一方当事人")
        page.locator("#court-roster-report").get_by_role("button", name="提交给调解组织").click()
        expect(page.locator("#court-roster-report-msg")).to_contain_text("已告知调解组织")
    reports = court.call("GET", "/mediator-reports", mint_token("org_admin", org_id="xx-sme")).json()
    assert [r["mediator_id"] for r in reports["reports"]] == ["m-li"], reports
    assert court.deps.roster.court("weibin", fresh=True).webhook_secret == secret
    assert "m-zhao" in court.deps.roster.court("weibin", fresh=True).invited_roster
    court.secret = secret
    assert court.webhook({"event_id": "ev-new-secret", "type": "case.delegated",
                          "data": application_fields()}).status_code == 202


@pytest.mark.slow
def test_a_document_link_opened_in_a_new_tab_shows_the_document_with_the_session(court, browser):
    case_id = court.failed()
    with browser_page(browser, DESKTOP, "court-doc-link") as page:
        _sign_in(page, court.base)
        page.goto(f"{court.base}/cases/{case_id}/documents/failure-record")
        expect(page.frame_locator("#doc-frame").locator("body")).to_contain_text("调解不成功")
        assert axe_violations(page, ALL_IMPACTS) == []
        look(page, "court-document-link-1280")
    with browser_page(browser, DESKTOP, "court-doc-link-signed-out") as page:
        page.goto(f"{court.base}/cases/{case_id}/documents/failure-record")
        page.wait_for_url(re.compile(r"/login\?next="))
        page.get_by_label("用户名").fill("weibin-clerk")
        page.get_by_label("密码").fill("demo-password")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{court.base}/cases/{case_id}/documents/failure-record")
        expect(page.frame_locator("#doc-frame").locator("body")).to_contain_text("调解不成功")



def test_the_clerk_lists_the_courts_open_cases_nearest_deadline_first(court, browser):
    """The deadline order lists the cases still running (a failed one waits in 待立案, not here) with their clocks."""
    failed, mediating = court.failed(), court.mediating()
    with browser_page(browser, DESKTOP, "court-deadline-order") as page:
        _sign_in(page, court.base)
        rows = page.locator("#court-cases-list tbody tr")
        expect(rows).to_have_count(2)  # newest first: both
        page.get_by_label("排序").select_option("deadline")
        page.get_by_role("button", name="筛选").click()
        expect(rows).to_have_count(1)
        expect(rows.nth(0)).to_contain_text(mediating)
        expect(rows.nth(0)).to_contain_text("调解期限")
    listed = court.call("GET", "/cases?order=deadline", mint_token("court_clerk", court_id="weibin")).json()["cases"]
    assert [c["case_id"] for c in listed] == [mediating] and failed not in str(listed)
