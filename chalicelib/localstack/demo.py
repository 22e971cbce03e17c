"""`make demo`: one case from a court's delegation (委派) to judicial confirmation (司法确认),
over HTTP against a fresh local stack, printing each step; first, a party's own application,
which waits until the applicant answers the SMS code (read from the local outbox,
GET /_local/messages) before it is given a mediator.

The court is played by this script: it signs its webhooks with the seeded court's secret and
receives the platform's signed notifications on a small HTTP endpoint of its own. The mediator's
signed agreement is generated here (ReportLab, dated today, since confirmation must be applied for
within 30 days of the agreement taking effect) and read by the real extraction engine.
"""
from __future__ import annotations

import io
import json
import os
import random
import re
import socket
import sys
import threading
import time
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from chalicelib.domain.deadlines import china_date

APPLICANT = {"name": "新乡市瑞丰食品股份有限公司", "kind": "organization", "credit_code": None,
             "address": "河南省新乡市卫滨区自由路1号", "legal_representative": "吕然萱", "phone": "15837318283"}
DIRECT_APPLICANT = {"name": "秦涵", "kind": "person", "address": "河南省新乡市卫滨区劳动路83号",
                    "phone": "13784660762"}
RESPONDENT = {"name": "新乡市卓越物流有限公司", "kind": "organization", "credit_code": None,
              "address": "河南省新乡市卫滨区胜利路2号", "legal_representative": "贾博志"}
WAIT_SECONDS = 30


class Demo:
    def __init__(self, api: str, court_secret: str, callback_url: str, inbox: list[dict]):
        self.api, self.court_secret, self.callback_url, self.inbox = api, court_secret, callback_url, inbox
        self.http = requests.Session()
        self.step_number = 0

    # -- output
    def step(self, actor: str, what: str) -> None:
        self.step_number += 1
        print(f"\n{self.step_number:>2}. [{actor}] {what}", flush=True)

    @staticmethod
    def show(text: str) -> None:
        print(f"      {text}", flush=True)

    # -- HTTP
    def call(self, method: str, path: str, token: str | None = None, **kwargs) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.http.request(method, self.api + path, headers=headers, timeout=60, **kwargs)
        self.show(f"{method} {path} -> {response.status_code}")
        if not response.ok:
            raise RuntimeError(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        return response.json() if response.content else {}

    def webhook(self, payload: dict) -> dict:
        from chalicelib.auth import sign

        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        timestamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-Court-Id": "weibin", "X-Timestamp": timestamp,
                   "X-Signature": sign(self.court_secret, timestamp, body)}
        response = self.http.post(f"{self.api}/webhooks/court", data=body, headers=headers, timeout=60)
        self.show(f"POST /webhooks/court ({payload['type']}) -> {response.status_code}")
        if not response.ok:
            raise RuntimeError(f"the webhook answered {response.status_code}: {response.text[:500]}")
        return response.json()

    def case_until(self, case_id: str, token: str, wanted: str) -> dict:
        """The case once it reaches status `wanted` (queued steps run in the background)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            case = self.http.get(f"{self.api}/cases/{case_id}", headers={"Authorization": f"Bearer {token}"},
                                 timeout=30).json()
            if case.get("status") == wanted or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.show(f"status: {case.get('status')}")
        if case.get("status") != wanted:
            raise RuntimeError(f"the case did not reach {wanted}: {json.dumps(case, ensure_ascii=False)[:500]}")
        return case

    def notification(self, kind: str) -> dict:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            for message in self.inbox:
                if message["type"] == kind:
                    self.inbox.remove(message)
                    self.show(f"court received {kind} (signature verified), event_id {message['event_id']}")
                    return message
            time.sleep(0.1)
        raise RuntimeError(f"the court never received {kind}")

    # -- the walk
    def run(self) -> str:
        from chalicelib.auth import mint_token

        admin = mint_token("org_admin", org_id="xx-sme")
        clerk = mint_token("court_clerk", court_id="weibin")

        self.apply_directly(admin)

        self.step("court clerk", "points court weibin's notifications at the court's endpoint")
        self.call("PUT", "/courts/weibin", clerk, json={"callback_url": self.callback_url})

        self.step("court", "delegates a sales-contract dispute before filing (case.delegated, 委派)")
        created = self.webhook({"event_id": f"demo-{int(time.time())}-1", "type": "case.delegated", "data": {
            "court_case_ref": "（2026）豫0703民诉前调1号", "applicants": [APPLICANT], "respondents": [RESPONDENT],
            "dispute_category": "contract", "claim_amount": "40000.00",
            "claims": ["请求被申请人支付货款40000元"], "facts": "被申请人购买申请人货物后未按约定支付货款。"}})
        case_id = created["case_id"]
        self.show(f"case {case_id}")

        self.step("assignment step (SQS)", "picks a mediator from the court's invited roster")
        case = self.case_until(case_id, clerk, "assigned")
        mediator_id = case["mediator_id"]
        mediator = mint_token("mediator", mediator_id=mediator_id)
        self.show(f"mediator: {mediator_id}")
        self.notification("case.assigned")

        self.step("mediator", "accepts the case, declaring no conflict of interest")
        self.call("POST", f"/cases/{case_id}/acceptance", mediator, json={"decision": "accept", "disclosures": []})
        self.case_until(case_id, clerk, "mediating")
        self.notification("case.accepted")

        self.step("mediator", "invites the parties (each gets a link and a token)")
        invitations = self.call("POST", f"/cases/{case_id}/invitations", mediator, json={})["invitations"]
        for invitation in invitations:
            self.show(f"{invitation['party_name']}: {invitation['url']}")

        tokens = {i["party_name"]: i["party_token"] for i in invitations}
        tokens[APPLICANT["name"]] = self.sign_in(case_id, APPLICANT["phone"], "lost the link")

        self.step("mediator", "uploads the signed agreement from a phone (extracted and checked)")
        roster = self.call("GET", "/mediators", admin)["mediators"]
        mediator_name = next(m["name"] for m in roster if m["mediator_id"] == mediator_id)
        # today in China, as the platform checks it: signed on or after acceptance, not in the future
        today = china_date(datetime.now(timezone.utc))
        pdf = signed_agreement(APPLICANT["name"], RESPONDENT["name"], mediator_name, today)
        result = self.call("POST", f"/cases/{case_id}/agreement", mediator,
                           files={"file": ("agreement.pdf", pdf, "application/pdf")})
        fields = result["extraction"]["fields"]
        self.show(f"extracted: {fields['agreement_number']}, settlement {fields['settlement_amount']} yuan, "
                  f"signed {fields['signed_date']}, signatures {fields['signatures']}")

        self.step("outcome step (SQS)", "records the settlement and tells the court")
        self.notification("case.outcome")

        self.step("parties", "each confirms the agreement and joins the application for judicial confirmation")
        for name, token in tokens.items():
            consent = self.call("POST", f"/cases/{case_id}/confirmations", token, json={"consent": True})
            self.show(f"{name} consented; waiting for {consent.get('waiting_for')}")
        self.case_until(case_id, clerk, "confirmation_requested")
        requested = self.notification("confirmation.requested")
        self.show(f"the court received the application ({len(requested['data'].get('document_html', ''))} "
                  "characters of HTML)")
        for material in requested["data"].get("materials") or []:
            self.show(f"and the {material['kind']} PDF to fetch ({material['bytes']} bytes, SHA-256 "
                      f"{material['sha256'][:16]}…)")

        self.step("court clerk", "reads the rendered 司法确认申请书")
        html = self.http.get(f"{self.api}/cases/{case_id}/documents/confirmation-application",
                             headers={"Authorization": f"Bearer {clerk}"}, timeout=30).text
        self.show(f"{len(html)} characters, title: {_title(html)}")

        self.step("court", "rules the agreement valid (confirmation.ruled, 裁定确认有效)")
        self.webhook({"event_id": f"demo-{int(time.time())}-2", "type": "confirmation.ruled",
                      "data": {"case_id": case_id, "ruling": "confirmed", "ruling_number": "（2026）豫0703民特1号"}})
        case = self.case_until(case_id, clerk, "confirmed")

        self.step("anyone entitled", "reads the case's history")
        for entry in case.get("history") or []:
            self.show(f"{entry.get('at', '')[:19]}  {entry.get('from_status') or '-':<24} -> "
                      f"{entry.get('to_status'):<24} {entry.get('actor') or ''}")
        return case["status"]


    def apply_directly(self, admin: str) -> None:
        """A party's own application waits for its phone: nobody's script can use up the mediators."""
        self.step("party", "applies on the web form (POST /applications)")
        created = self.call("POST", "/applications", json={
            "applicants": [DIRECT_APPLICANT], "respondents": [RESPONDENT], "dispute_category": "contract",
            "claims": ["请求被申请人支付运费12000元"], "claim_amount": "12000", "facts": "被申请人拖欠运费。"})
        self.show(f"case {created['case_id']}: {created['status']}, flags {created['flags']}, "
                  f"code sent to {created['verification']['sent_to']}")
        self.sign_in(created["case_id"], DIRECT_APPLICANT["phone"], "confirms the phone on the application")
        case = self.case_until(created["case_id"], admin, "assigned")
        self.show(f"only now a mediator is reserved: {case['mediator_id']}")

    def sign_in(self, case_id: str, phone: str, why: str) -> str:
        """POST /auth/party-code, read the SMS from the local outbox, POST /auth/party-login."""
        self.step("party", f"{why}: case number + phone + SMS code")
        self.call("POST", "/auth/party-code", json={"case_id": case_id, "phone": phone})
        message = self.call("GET", "/_local/messages", params={"to": phone})["messages"][0]
        self.show(f"SMS to {phone[:3]}****{phone[-4:]}: {message['text']}")
        code = re.search(r"验证码(\d{6})", message["text"]).group(1)
        signed_in = self.call("POST", "/auth/party-login", json={"case_id": case_id, "phone": phone, "code": code})
        self.show(f"signed in; the case is {signed_in['status']}")
        return signed_in["party_token"]


def _title(html: str) -> str:
    start = html.find("<title>")
    return html[start + 7:html.find("</title>", start)].strip() if start >= 0 else "?"


# ---- the court's notification endpoint

def court_endpoint(secret: str) -> tuple[ThreadingHTTPServer, str, list[dict]]:
    """An HTTP endpoint on 127.0.0.1 that keeps the notifications whose X-Platform-Signature verifies."""
    from chalicelib.auth import verify_court_signature

    inbox: list[dict] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                verify_court_signature(secret, self.headers.get("X-Timestamp"), body,
                                       self.headers.get("X-Platform-Signature"))
            except Exception:  # noqa: BLE001 - an unsigned notification is refused, as a court would
                self.send_response(401)
                self.end_headers()
                return
            inbox.append(json.loads(body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):  # the demo prints what matters itself
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/sutiao-callback", inbox


# ---- the signed agreement

def signed_agreement(applicant: str, respondent: str, mediator: str, signed: date) -> bytes:
    """A one-page 人民调解协议书 signed by both parties and the mediator, sealed by the organization."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # built in: no font file needed
    width, height = 595.2756, 841.8898  # A4
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    lines = [
        ("人民调解协议书", 18, 230), (f"（{signed.year}）新中小调字第001号", 11, 380),
        (f"甲方（申请人）：{applicant}，住所地{APPLICANT['address']}。", 11, 72),
        (f"乙方（被申请人）：{respondent}，住所地{RESPONDENT['address']}。", 11, 72),
        ("纠纷简要情况：", 11, 72), ("乙方购买甲方货物后未按约定支付货款，双方发生买卖合同纠纷。", 11, 72),
        ("经调解，双方自愿达成如下协议：", 11, 72),
        (f"1. 乙方于{signed.year}年12月31日前向甲方一次性支付货款40000元；", 11, 72),
        ("2. 甲方收到上述款项后，双方就本纠纷再无其他争议；", 11, 72),
        ("3. 本协议自双方当事人签名、调解员签名并加盖调解组织印章之日起生效。", 11, 72),
        ("调解组织：新乡市中小企业协会调解委员会", 11, 72), (f"调解员：{mediator}", 11, 72),
    ]
    top = 80
    for text, size, x in lines:
        pdf.setFont("STSong-Light", size)
        pdf.drawString(x, height - top, text)
        top += 28 if size > 11 else 20
    top += 10
    slots = ("甲方（签名或盖章）：", "乙方（签名或盖章）：", "调解员（签名）：", "调解组织（盖章）：")
    for i, label in enumerate(slots):
        y = top + i * 46
        pdf.setFont("STSong-Light", 11)
        pdf.drawString(72, height - y, label)
        if i < 3:
            pdf.drawImage(_scribble(i), 240, height - y - 24, 108, 36, mask="auto")
        else:
            pdf.drawImage(_seal(), 280, height - y - 60, 110, 110, mask="auto")
    pdf.drawString(420, height - (top + len(slots) * 46 + 30), signed.isoformat())
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _scribble(seed: int):
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    rng = random.Random(seed)
    image = Image.new("RGBA", (324, 108), (255, 255, 255, 0))
    points = [(x, rng.uniform(12, 96)) for x in range(10, 314, 25)]
    ImageDraw.Draw(image).line(points, fill=(20, 20, 40, 255), width=6)
    return ImageReader(_png(image))


def _seal():
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    image = Image.new("RGBA", (330, 330), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 320, 320), outline=(220, 30, 30, 255), width=14)
    draw.regular_polygon((165, 165, 55), 5, fill=(220, 30, 30, 255))
    return ImageReader(_png(image))


def _png(image) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    import logging

    from chalice.local import ChaliceRequestHandler

    from chalicelib.localstack.runtime import running_stack

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # the walk's own lines, not every handler's log
    ChaliceRequestHandler.log_message = lambda *args: None  # the walk prints each request itself
    port = int(os.environ.get("DEMO_PORT") or _free_port())
    print(f"Starting a fresh local stack on 127.0.0.1:{port} (data in memory) ...", flush=True)
    with running_stack(port, seed=True) as running:
        secret = running.demo["court_secret"]
        receiver, callback_url, inbox = court_endpoint(secret)
        try:
            status = Demo(running.url, secret, callback_url, inbox).run()
        except RuntimeError as err:
            print(f"\nThe demo stopped: {err}", file=sys.stderr)
            return 1
        finally:
            receiver.shutdown()
    print(f"\nDone: the case is {status}.")
    return 0 if status == "confirmed" else 1


if __name__ == "__main__":
    sys.exit(main())
