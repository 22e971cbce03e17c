"""The pages in Chromium at phone size (Playwright), against a fake API that answers in the shapes of CONTRACT §3.

What runs is the real page (render_page) and its script, served over HTTP on 127.0.0.1 by the fake, which
records what the script sent. The fake is a real server rather than Playwright's route interception because
Chromium leaves the file bytes out of an intercepted multipart body.
"""
import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from chalicelib.web.pages import PAGES, render_page
from tests.web.conftest import fill_in

HOSTILE = '<img src=x onerror="window.pwned=1">'


class FakeApi:
    """Canned answers per (method, path), taken in order (the last one repeats); every request is recorded."""

    def __init__(self):
        self.answers: dict[tuple[str, str], list[tuple[int, dict]]] = {}
        self.requests: list[dict] = []

    def answer(self, method: str, path: str, *answers: tuple[int, dict]) -> None:
        self.answers[(method, path)] = list(answers)

    def handle(self, method: str, target: str, headers, body: bytes) -> tuple[int, str, bytes]:
        path, query = urlsplit(target).path, dict(parse_qsl(urlsplit(target).query))
        if method == "GET" and path in PAGES:
            return 200, "text/html; charset=utf-8", render_page(path, None, query).encode("utf-8")
        self.requests.append({"method": method, "target": target, "authorization": headers.get("Authorization"),
                              "content_type": headers.get("Content-Type"), "body": body})
        queue = self.answers.get((method, path))
        if not queue:
            return 404, "application/json", b'{"error": {"code": "not_found", "message": "no such route"}}'
        status, payload = queue.pop(0) if len(queue) > 1 else queue[0]
        return status, "application/json", json.dumps(payload, ensure_ascii=False).encode("utf-8")

    def sent(self, method: str, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == method and urlsplit(r["target"]).path == path]


@pytest.fixture
def fake_api():
    api = FakeApi()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            status, content_type, body = api.handle(self.command, self.path, self.headers, self.rfile.read(length))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _serve

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # a short poll: shutdown() waits for one
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    api.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield api
    server.shutdown()
    server.server_close()


def party(name: str, kind: str = "organization") -> dict:
    keys = ("gender", "birth_date", "ethnicity", "id_number", "credit_code", "address", "phone",
            "legal_representative", "position")
    return {"name": name, "kind": kind, **{k: None for k in keys}}


def case_view(status: str, **extra) -> dict:
    return {"case_id": "C1", "status": status, "source": "party", "referral": None, "procedure": "pre_filing",
            "court": None, "organization": {"org_id": "xx-sme", "name": "新乡市中小企业协会调解委员会"},
            "dispute_category": "contract", "claims": ["请求支付货款"], "claim_amount": "120000.00", "facts": "未付款",
            "applicants": [party(HOSTILE)], "respondents": [party("李四", "person")],
            "mediator": {"mediator_id": "m-1", "name": "王建国"}, "mediator_id": "m-1", "deadlines": {},
            "flags": [], "documents": [], "consents": [], "agreement": None, "failure_record": None,
            "history": [{"at": "2026-03-02T02:00:00+00:00", "actor": "party", "from_status": None,
                         "to_status": "received", "reason": "received from party"}], **extra}


AGREEMENT = {"agreement_number": "（2026）新中小调字第1号", "terms": ["乙方于2026年4月1日前支付货款十万元"],
             "settlement_amount": "100000.00", "performance_deadline": "2026-04-01", "signed_date": "2026-03-01",
             "mediator": "王建国", "mediation_organization": "新乡市中小企业协会调解委员会"}



def test_a_party_sees_case_data_as_text_and_the_token_never_leaves_the_fragment(fake_api, page):
    fake_api.answer("GET", "/cases/C1", (200, case_view("settled", agreement=AGREEMENT)))
    page.goto(f"{fake_api.base}/my-case?case=C1#token=party-secret")
    expect(page.locator("#case")).to_be_visible()
    expect(page.locator("#c-status")).to_have_text("已签调解协议")
    expect(page.locator("#c-facts")).to_contain_text(HOSTILE)  # shown as the text it is
    expect(page.locator("main img")).to_have_count(0)
    assert page.evaluate("window.pwned") is None
    expect(page.locator("#g-terms")).to_contain_text("十万元")
    expect(page.locator("#confirm")).to_be_visible()  # the confirmation is offered
    (request,) = fake_api.sent("GET", "/cases/C1")
    assert request["authorization"] == "Bearer party-secret"
    assert "party-secret" not in request["target"]


def test_confirming_asks_for_the_court_when_several_could_take_it(fake_api, page):
    fake_api.answer("GET", "/cases/C1", (200, case_view("settled", agreement=AGREEMENT)))
    courts = [{"court_id": "weibin", "name": "新乡市卫滨区人民法院", "address": "卫滨区"},
              {"court_id": "hongqi", "name": "新乡市红旗区人民法院", "address": "红旗区"}]
    fake_api.answer("POST", "/cases/C1/confirmations",
                    (422, {"error": {"code": "court_choice_required", "message": "choose the court to apply to",
                                     "details": {"options": courts}}}),
                    (200, {"case_id": "C1", "status": "settled", "consents": ["李四"], "waiting_for": [HOSTILE]}))
    page.goto(f"{fake_api.base}/my-case?case=C1#token=t")
    message, button = page.locator("#f-msg"), page.locator("#f-button")
    button.click()
    expect(message).to_contain_text("请先勾选")
    page.locator("#f-agree").check()
    button.click()
    expect(page.locator("#f-courts")).to_be_visible()
    expect(message).to_have_text("请选择向哪个法院申请确认。")
    page.locator("input[name=court][value=hongqi]").check()
    button.click()
    expect(message).to_have_text(re.compile("^您已确认"))
    expect(message).to_contain_text(HOSTILE)
    first, second = (json.loads(r["body"]) for r in fake_api.sent("POST", "/cases/C1/confirmations"))
    assert first == {"consent": True} and second == {"consent": True, "court_id": "hongqi"}


def test_the_application_form_sends_the_contract_fields_and_shows_the_token_link(fake_api, page):
    fake_api.answer("POST", "/applications", (201, {"case_id": "C9", "status": "received",
                                                    "party_token": "tok-123", "extraction": None,
                                                    "flags": ["out_of_scope"],
                                                    "verification": {"required": True, "sent_to": "138****1111",
                                                                     "expires_in": 600}}))
    page.goto(f"{fake_api.base}/apply#fill")
    fill_in(page, {"a_name": "新乡市甲贸易有限公司", "a_idno": "91410700ma3x00001a", "a_phone": "138 0000 1111"})
    page.locator("input[name=r_kind][value=person]").check()
    fill_in(page, {"r_name": "李四", "r_idno": "41071119761223384X"})
    page.locator("#r_idno").blur()
    # 41071119761223384X fails GB 11643: the form warns, and still sends
    expect(page.locator("#r_idno-hint")).to_contain_text("最后一位对不上")
    page.locator("#category").select_option("contract")
    fill_in(page, {"claims": "支付货款\n\n承担费用", "amount": "120,000元", "facts": "未付款"})
    page.locator("#fill-form button[type=submit]").click()
    expect(page.locator("#result")).to_be_visible()
    expect(page.locator("#r-case")).to_have_text("C9")
    expect(page.locator("#v-sent")).to_contain_text("验证码已发送到 138****1111")
    # no token in the link: the tab keeps it, and the page never shows it
    expect(page.locator("#r-link")).to_have_js_property("href", f"{fake_api.base}/my-case?case=C9")
    expect(page.locator("#r-notes")).to_contain_text("缺少内容")
    assert page.evaluate("sessionStorage.getItem('sutiao.party.C9')") == "tok-123"
    assert "tok-123" not in page.locator("body").text_content()
    (request,) = fake_api.sent("POST", "/applications")
    assert request["content_type"] == "application/json"
    sent = json.loads(request["body"])
    assert sent["applicants"][0]["kind"] == "organization"
    assert sent["applicants"][0]["credit_code"] == "91410700MA3X00001A" and sent["applicants"][0]["id_number"] is None
    assert sent["respondents"][0]["kind"] == "person" and sent["respondents"][0]["id_number"] == "41071119761223384X"
    assert sent["claims"] == ["支付货款", "承担费用"]
    assert (sent["claim_amount"], sent["dispute_category"], sent["facts"]) == ("120000", "contract", "未付款")


def test_an_unreadable_upload_is_explained_in_plain_words(fake_api, page, tmp_path):
    pdf = tmp_path / "application.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%encrypted\n")
    fake_api.answer("POST", "/applications", (422, {"error": {
        "code": "unreadable_application", "message": "the file is not a readable PDF application",
        "details": {"extraction": {"document_type": "unknown", "error": {"code": "encrypted", "message": "x"}}}}}))
    page.goto(f"{fake_api.base}/apply")
    page.locator("#file").set_input_files(pdf)
    page.locator("#upload-form button").click()
    expect(page.locator("#upload-msg")).to_contain_text("这个 PDF 设置了密码")
    (request,) = fake_api.sent("POST", "/applications")
    assert request["content_type"].startswith("multipart/form-data")
    assert b'name="file"' in request["body"] and pdf.read_bytes() in request["body"]


def _mediator_jwt() -> str:
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
    return f"{part({'alg': 'HS256'})}.{part({'role': 'mediator', 'mediator_id': 'm-1', 'exp': 4102444800})}.sig"


def test_the_mediator_learns_which_party_has_not_signed(fake_api, page, tmp_path):
    pdf = tmp_path / "agreement.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    fake_api.answer("GET", "/cases", (403, {"error": {"code": "forbidden_role", "message": "this needs the role"}}))
    fake_api.answer("GET", "/cases/C1", (200, case_view("mediating")))
    fake_api.answer("POST", "/cases/C1/agreement", (422, {"error": {
        "code": "agreement_not_acceptable", "message": "the agreement cannot settle the case yet",
        "details": {"issues": [{"field": "signatures.parties", "code": "party_unsigned",
                                "message": "李四 has not signed"},
                               {"field": "signatures.mediator", "code": "mediator_unsigned",
                                "message": "the mediator has not signed"}]}}}))
    token = _mediator_jwt()
    page.goto(f"{fake_api.base}/mediator#token={token}")
    expect(page.locator("#cases-msg")).not_to_be_empty()
    # this tab's session (issue 11: sign-in lives in the tab, not on the phone), gone from the address bar
    assert page.evaluate("[location.hash, JSON.parse(sessionStorage.getItem('sutiao.staff.session')).token]") == \
        ["", token]
    page.locator("#open-case").fill("C1")
    page.locator("#open-form button").click()
    expect(page.locator("#agreement")).to_be_visible()
    page.locator("#agreement-file").set_input_files(pdf)
    page.locator("#agreement-form button").click()
    message = page.locator("#agreement-msg")
    expect(message).to_contain_text("“李四”还没有签名")
    expect(message).to_contain_text("调解员还没有签名")
    assert fake_api.sent("GET", "/cases")[0]["target"] == "/cases?mediator_id=m-1"
    assert fake_api.sent("POST", "/cases/C1/agreement")[0]["authorization"] == f"Bearer {token}"


def test_another_token_in_the_fragment_replaces_what_was_shown(fake_api, page):
    fake_api.answer("GET", "/cases/C1", (200, case_view("mediating")),
                    (404, {"error": {"code": "case_not_found", "message": "no case C1 that you may see"}}))
    page.goto(f"{fake_api.base}/my-case?case=C1#token=first")
    expect(page.locator("#case")).to_be_visible()
    page.evaluate("location.hash = 'token=second'")
    expect(page.locator("#lookup")).to_be_visible()
    expect(page.locator("#case")).to_be_hidden()
    expect(page.locator("#timeline")).to_be_hidden()
    expect(page.locator("#lookup-msg")).to_have_text(re.compile("^请用手机号和验证码重新进入"))
    assert [r["authorization"] for r in fake_api.sent("GET", "/cases/C1")] == ["Bearer first", "Bearer second"]


def _run_timers_until(page, locator, text: str, period_ms: int, rounds: int = 10) -> None:
    """Move the page's fake clock on, one period at a time, until `locator` shows `text` (at most `rounds`)."""
    for _ in range(rounds - 1):
        page.clock.run_for(period_ms)
        try:
            expect(locator).to_have_text(text, timeout=500)
            return
        except AssertionError:
            continue  # that round's answer did not open the case (or has not arrived): one more period
    page.clock.run_for(period_ms)
    expect(locator).to_have_text(text)


def test_a_large_application_goes_straight_to_storage_and_is_followed_until_it_opens(fake_api, page, tmp_path):
    pdf = tmp_path / "large.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024))
    fields = {"key": "uploads/C7.pdf", "Content-Type": "application/pdf", "policy": "p", "x-amz-signature": "s"}
    fake_api.answer("POST", "/uploads", (201, {"case_id": "C7", "party_token": "tok-7", "max_bytes": 20971520,
                                               "content_type": "application/pdf",
                                               "upload": {"url": f"{fake_api.base}/storage", "fields": fields}}))
    fake_api.answer("POST", "/storage", (201, {}))
    fake_api.answer("GET", "/uploads/C7", (200, {"upload_id": "C7", "status": "pending", "case_id": None, "error": None}),
                    (200, {"upload_id": "C7", "status": "accepted", "case_id": "C7", "error": None}))
    fake_api.answer("GET", "/cases/C7", (200, case_view("pending_assignment", case_id="C7", flags=["scanned_application"])))
    page.clock.install()  # the page looks again every 3 s: the test moves its clock instead of waiting
    page.goto(f"{fake_api.base}/apply")
    page.locator("#file").set_input_files(pdf)
    page.locator("#upload-form button").click()
    expect(page.locator("#result")).to_be_visible()
    assert page.locator("#r-link").evaluate("a => a.href").endswith("/my-case?case=C7")
    _run_timers_until(page, page.locator("#r-status"), "正在安排调解员", period_ms=3000)
    expect(page.locator("#r-notes")).to_contain_text("读取完毕")
    expect(page.locator("#r-notes")).to_contain_text("扫描件")
    assert [r["authorization"] for r in fake_api.sent("GET", "/uploads/C7")] == ["Bearer tok-7"] * 2
    assert all(r["authorization"] == "Bearer tok-7" for r in fake_api.sent("GET", "/cases/C7"))
    assert not fake_api.sent("POST", "/applications")  # nothing large passed through the API
    (stored,) = fake_api.sent("POST", "/storage")
    body = stored["body"]
    assert all(f'name="{name}"'.encode() in body for name in fields)
    assert body.rindex(b'name="file"') > max(body.index(f'name="{name}"'.encode()) for name in fields)
    assert pdf.read_bytes() in body
    assert stored["authorization"] is None  # the storage address carries its own signature


def test_a_large_upload_refused_after_storage_says_why_in_plain_chinese(fake_api, page, tmp_path):
    """The presigned path gets a direct upload's checks: the page learns the refusal by polling GET /uploads/{id}."""
    pdf = tmp_path / "random.pdf"
    pdf.write_bytes(b"\x00" * (5 * 1024 * 1024))
    fields = {"key": "uploads/C8.pdf", "Content-Type": "application/pdf", "policy": "p", "x-amz-signature": "s"}
    fake_api.answer("POST", "/uploads", (201, {"case_id": "C8", "party_token": "tok-8", "max_bytes": 20971520,
                                               "content_type": "application/pdf",
                                               "upload": {"url": f"{fake_api.base}/storage", "fields": fields}}))
    fake_api.answer("POST", "/storage", (201, {}))
    fake_api.answer("GET", "/uploads/C8", (200, {"upload_id": "C8", "status": "rejected", "case_id": None, "error": {
        "code": "unreadable_application", "message": "the file is not a readable PDF application"}}))
    page.clock.install()
    page.goto(f"{fake_api.base}/apply")
    page.locator("#file").set_input_files(pdf)
    page.locator("#upload-form button").click()
    _run_timers_until(page, page.locator("#r-status"), "没有受理", period_ms=3000)
    notes = page.locator("#r-notes")
    expect(notes).to_contain_text("这个文件读不出来")
    expect(notes).to_contain_text("不能用")
    expect(notes).not_to_contain_text("读取完毕")
    assert not fake_api.sent("GET", "/cases/C8")
