"""The pages in headless Chromium at phone size, against a fake API that answers in the shapes of CONTRACT §3.

What runs is the real page (render_page) and its script; the fake records what the script sent. Skipped
when Chromium or node is missing, so `make test` never needs a browser.
"""
import base64
import json
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from chalicelib.web.pages import PAGES, render_page

CHROMIUM = "/usr/bin/chromium"
DRIVER = Path(__file__).with_name("browser.mjs")

pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and shutil.which("node")),
                                reason="needs /usr/bin/chromium and node")

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
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield api
    server.shutdown()
    server.server_close()


def drive(steps: list[dict], tmp_path: Path) -> list:
    """Run the steps in Chromium; return each step's value, failing on any uncaught script error."""
    script = tmp_path / "steps.json"
    script.write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(["node", "--experimental-websocket", "--no-warnings", str(DRIVER), str(script)],
                            capture_output=True, text=True, timeout=120)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and len(lines) == len(steps), result.stdout + result.stderr
    errors = [e for line in lines for e in line.get("errors", [])]
    assert not errors, errors
    return [line.get("value") for line in lines]


def text(element_id: str) -> dict:
    return {"eval": f"document.getElementById({element_id!r}).textContent"}


def until(condition: str) -> dict:
    return {"waitFor": condition, "timeout": 10000}


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


def test_a_party_sees_case_data_as_text_and_the_token_never_leaves_the_fragment(fake_api, tmp_path):
    fake_api.answer("GET", "/cases/C1", (200, case_view("settled", agreement=AGREEMENT)))
    values = drive([
        {"goto": f"{fake_api.base}/my-case?case=C1#token=party-secret"},
        until("!document.getElementById('case').hidden"),
        text("c-status"),
        text("c-facts"),
        {"eval": "document.querySelectorAll('main img').length + ':' + (window.pwned || 0)"},
        text("g-terms"),
        {"eval": "document.getElementById('confirm').hidden"},
    ], tmp_path)
    assert values[2] == "已签调解协议"
    assert HOSTILE in values[3]  # shown as the text it is
    assert values[4] == "0:0"
    assert "十万元" in values[5]
    assert values[6] is False  # the confirmation is offered
    (request,) = fake_api.sent("GET", "/cases/C1")
    assert request["authorization"] == "Bearer party-secret"
    assert "party-secret" not in request["target"]


def test_confirming_asks_for_the_court_when_several_could_take_it(fake_api, tmp_path):
    fake_api.answer("GET", "/cases/C1", (200, case_view("settled", agreement=AGREEMENT)))
    courts = [{"court_id": "weibin", "name": "新乡市卫滨区人民法院", "address": "卫滨区"},
              {"court_id": "hongqi", "name": "新乡市红旗区人民法院", "address": "红旗区"}]
    fake_api.answer("POST", "/cases/C1/confirmations",
                    (422, {"error": {"code": "court_choice_required", "message": "choose the court to apply to",
                                     "details": {"options": courts}}}),
                    (200, {"case_id": "C1", "status": "settled", "consents": ["李四"], "waiting_for": [HOSTILE]}))
    values = drive([
        {"goto": f"{fake_api.base}/my-case?case=C1#token=t"},
        until("!document.getElementById('case').hidden"),
        {"eval": "document.getElementById('f-button').click()"},
        text("f-msg"),
        {"eval": "document.getElementById('f-agree').click(); document.getElementById('f-button').click()"},
        until("!document.getElementById('f-courts').hidden"),
        text("f-msg"),
        {"eval": "document.querySelector('input[name=court][value=hongqi]').click();"
                 "document.getElementById('f-button').click()"},
        until("document.getElementById('f-msg').textContent.indexOf('您已确认') === 0"),
        text("f-msg"),
    ], tmp_path)
    assert "请先勾选" in values[3]
    assert values[6] == "请选择向哪个法院申请确认。"
    assert HOSTILE in values[9]
    first, second = (json.loads(r["body"]) for r in fake_api.sent("POST", "/cases/C1/confirmations"))
    assert first == {"consent": True} and second == {"consent": True, "court_id": "hongqi"}


def test_the_application_form_sends_the_contract_fields_and_shows_the_token_link(fake_api, tmp_path):
    fake_api.answer("POST", "/applications", (201, {"case_id": "C9", "status": "received",
                                                    "party_token": "tok-123", "extraction": None,
                                                    "flags": ["out_of_scope"],
                                                    "verification": {"required": True, "sent_to": "138****1111",
                                                                     "expires_in": 600}}))
    fill = ("var f = document.getElementById('fill-form').elements;"
            "f.a_name.value = '新乡市甲贸易有限公司'; f.a_idno.value = '91410700ma3x00001a';"
            "f.a_phone.value = '138 0000 1111';"
            "document.querySelector('input[name=r_kind][value=person]').click();"
            "f.r_name.value = '李四'; f.r_idno.value = '41071119761223384X';"
            "document.getElementById('r_idno').dispatchEvent(new Event('blur'));"
            "f.category.value = 'contract'; f.claims.value = '支付货款\\n\\n承担费用';"
            "f.amount.value = '120,000元'; f.facts.value = '未付款';"
            "document.querySelector('#fill-form button[type=submit]').click()")
    values = drive([
        {"goto": f"{fake_api.base}/apply#fill"},
        {"eval": fill},
        text("r_idno-hint"),
        until("!document.getElementById('result').hidden"),
        text("r-case"),
        text("v-sent"),
        {"eval": "document.getElementById('r-link').href"},
        text("r-notes"),
        {"eval": "sessionStorage.getItem('sutiao.party.C9') + '|' + document.body.textContent.indexOf('tok-123')"},
    ], tmp_path)
    assert "最后一位对不上" in values[2]  # 41071119761223384X fails GB 11643; the form warns, and still sends
    assert values[4] == "C9" and "验证码已发送到 138****1111" in values[5]
    assert values[6] == f"{fake_api.base}/my-case?case=C9"  # no token in the link: the tab keeps it
    assert "缺少内容" in values[7]
    assert values[8] == "tok-123|-1"  # kept for this tab, never shown
    (request,) = fake_api.sent("POST", "/applications")
    assert request["content_type"] == "application/json"
    sent = json.loads(request["body"])
    assert sent["applicants"][0]["kind"] == "organization"
    assert sent["applicants"][0]["credit_code"] == "91410700MA3X00001A" and sent["applicants"][0]["id_number"] is None
    assert sent["respondents"][0]["kind"] == "person" and sent["respondents"][0]["id_number"] == "41071119761223384X"
    assert sent["claims"] == ["支付货款", "承担费用"]
    assert (sent["claim_amount"], sent["dispute_category"], sent["facts"]) == ("120000", "contract", "未付款")


def test_an_unreadable_upload_is_explained_in_plain_words(fake_api, tmp_path):
    pdf = tmp_path / "application.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%encrypted\n")
    fake_api.answer("POST", "/applications", (422, {"error": {
        "code": "unreadable_application", "message": "the file is not a readable PDF application",
        "details": {"extraction": {"document_type": "unknown", "error": {"code": "encrypted", "message": "x"}}}}}))
    values = drive([
        {"goto": f"{fake_api.base}/apply"},
        {"setFiles": ["#file", [str(pdf)]]},
        {"eval": "document.querySelector('#upload-form button').click()"},
        until("document.getElementById('upload-msg').textContent"),
        text("upload-msg"),
    ], tmp_path)
    assert "这个 PDF 设置了密码" in values[4]
    (request,) = fake_api.sent("POST", "/applications")
    assert request["content_type"].startswith("multipart/form-data") and b'name="file"' in request["body"]


def _mediator_jwt() -> str:
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
    return f"{part({'alg': 'HS256'})}.{part({'role': 'mediator', 'mediator_id': 'm-1', 'exp': 4102444800})}.sig"


def test_the_mediator_learns_which_party_has_not_signed(fake_api, tmp_path):
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
    values = drive([
        {"goto": f"{fake_api.base}/mediator#token={token}"},
        until("document.getElementById('cases-msg').textContent"),
        {"eval": "location.hash + '|' + (localStorage.getItem('sutiao.mediator.token') === " + json.dumps(token) + ")"},
        {"eval": "document.getElementById('open-case').value = 'C1';"
                 "document.querySelector('#open-form button').click()"},
        until("!document.getElementById('agreement').hidden"),
        {"setFiles": ["#agreement-file", [str(pdf)]]},
        {"eval": "document.querySelector('#agreement-form button').click()"},
        until("document.getElementById('agreement-msg').textContent"),
        text("agreement-msg"),
    ], tmp_path)
    assert values[2] == "|true"  # remembered, and gone from the address bar
    assert "“李四”还没有签名" in values[8] and "调解员还没有签名" in values[8]
    assert fake_api.sent("GET", "/cases")[0]["target"] == "/cases?mediator_id=m-1"
    assert fake_api.sent("POST", "/cases/C1/agreement")[0]["authorization"] == f"Bearer {token}"


def test_another_token_in_the_fragment_replaces_what_was_shown(fake_api, tmp_path):
    fake_api.answer("GET", "/cases/C1", (200, case_view("mediating")),
                    (404, {"error": {"code": "case_not_found", "message": "no case C1 that you may see"}}))
    values = drive([
        {"goto": f"{fake_api.base}/my-case?case=C1#token=first"},
        until("!document.getElementById('case').hidden"),
        {"eval": "location.hash = 'token=second'"},
        until("!document.getElementById('lookup').hidden"),
        {"eval": "document.getElementById('case').hidden && document.getElementById('timeline').hidden"},
        text("lookup-msg"),
    ], tmp_path)
    assert values[4] is True
    assert values[5].startswith("请用手机号和验证码重新进入")
    assert [r["authorization"] for r in fake_api.sent("GET", "/cases/C1")] == ["Bearer first", "Bearer second"]


def test_a_large_application_goes_straight_to_storage_and_is_followed_until_it_opens(fake_api, tmp_path):
    pdf = tmp_path / "large.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024))
    fields = {"key": "uploads/C7.pdf", "Content-Type": "application/pdf", "policy": "p", "x-amz-signature": "s"}
    fake_api.answer("POST", "/uploads", (201, {"case_id": "C7", "party_token": "tok-7", "max_bytes": 20971520,
                                               "content_type": "application/pdf",
                                               "upload": {"url": f"{fake_api.base}/storage", "fields": fields}}))
    fake_api.answer("POST", "/storage", (201, {}))
    fake_api.answer("GET", "/cases/C7", (404, {"error": {"code": "case_not_found", "message": "no case"}}),
                    (200, case_view("pending_assignment", case_id="C7", flags=["scanned_application"])))
    values = drive([
        {"goto": f"{fake_api.base}/apply"},
        {"setFiles": ["#file", [str(pdf)]]},
        {"eval": "document.querySelector('#upload-form button').click()"},
        until("!document.getElementById('result').hidden"),
        {"eval": "document.getElementById('r-link').href"},
        {"waitFor": "document.getElementById('r-status').textContent === '正在安排调解员'", "timeout": 15000},
        text("r-notes"),
    ], tmp_path)
    assert values[4].endswith("/my-case?case=C7")
    assert values[5] is True and "读取完毕" in values[6] and "扫描件" in values[6]
    assert not fake_api.sent("POST", "/applications")  # nothing large passed through the API
    (stored,) = fake_api.sent("POST", "/storage")
    body = stored["body"]
    assert all(f'name="{name}"'.encode() in body for name in fields)
    assert body.rindex(b'name="file"') > max(body.index(f'name="{name}"'.encode()) for name in fields)
    assert stored["authorization"] is None  # the storage address carries its own signature
