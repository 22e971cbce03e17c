"""The lifecycle over HTTP against the real local stack (`python -m chalicelib.localstack`).

Real pieces throughout: moto server, the Chalice app, the SQS dispatchers, the
extraction engine on the shared sample PDFs, and a court endpoint on 127.0.0.1
that receives the signed notifications.
"""
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from chalicelib.auth import verify_court_signature
from tests.e2e.client import Client

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8")) if SAMPLES.exists() else {}
pytestmark = pytest.mark.skipif(not EXPECTED, reason="the shared sample PDFs are not here")

ADMIN = {"role": "org_admin", "org_id": "xx-sme"}
CLERK = {"role": "court_clerk", "court_id": "weibin"}


class CourtEndpoint(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - the http.server hook
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def court(client):
    """A court system listening on 127.0.0.1, set as weibin's callback_url for the test."""
    CourtEndpoint.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), CourtEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    clerk = client.as_staff(**CLERK)  # CONTRACT R2: the court owns its settings
    url = f"http://127.0.0.1:{server.server_address[1]}/callbacks"
    assert clerk.put("/courts/weibin", {"callback_url": url}).status_code == 200
    yield CourtEndpoint
    clerk.put("/courts/weibin", {"callback_url": None})
    server.shutdown()


def delegate(client, local_stack, sample: str, **data) -> str:
    truth = EXPECTED[sample]
    payload = {"event_id": f"e2e-{uuid.uuid4()}", "type": "case.delegated",
               "data": {"court_case_ref": "（2026）豫0703诉前调9号", "applicants": truth["applicants"],
                        "respondents": truth["respondents"], "dispute_category": truth["dispute_category"],
                        "claims": ["请求被申请人支付款项"], "claim_amount": "30000.00", "facts": "……", **data}}
    answer = client.webhook("weibin", local_stack.court_secret, payload)
    assert answer.status_code == 202, answer.text
    return answer.json()["case_id"]


def assigned(client, case_id: str) -> dict:
    clerk = client.as_staff(**CLERK)
    case = clerk.wait_for(f"/cases/{case_id}", lambda r: r.json().get("status") == "assigned").json()
    assert case["status"] == "assigned", case
    return case


def notifications(court, case_id: str, secret: str, count: int, timeout: float = 30) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mine = [(h, b) for h, b in court.received if json.loads(b)["data"]["case_id"] == case_id]
        if len(mine) >= count:
            break
        time.sleep(0.2)
    for headers, body in mine:
        verify_court_signature(secret, headers["X-Platform-Timestamp"], body, headers["X-Platform-Signature"])
    return [json.loads(b) for _, b in mine]


def test_a_delegated_case_is_mediated_settled_and_reported_to_the_court(client, local_stack, court, tmp_path):
    corpus_case, document = agreement_document("e2e-delegated")
    truth = document.truth()["fields"]
    payload = {"event_id": f"e2e-{uuid.uuid4()}", "type": "case.delegated",
               "data": {"court_case_ref": "（2026）豫0703诉前调9号", "applicants": truth["applicants"],
                        "respondents": truth["respondents"], "dispute_category": "contract",
                        "claims": ["请求被申请人支付款项"], "claim_amount": "30000.00"}}
    case_id = client.webhook("weibin", local_stack.court_secret, payload).json()["case_id"]
    case = assigned(client, case_id)
    mediator = client.as_staff("mediator", mediator_id=case["mediator_id"])
    assert mediator.post(f"/cases/{case_id}/acceptance", {"decision": "accept"}).json()["status"] == "mediating"

    other = mediator.upload(f"/cases/{case_id}/agreement", (SAMPLES / "agreement-official-runin.pdf").read_bytes())
    assert other.status_code == 422  # another case's agreement (other parties, 2023): said once, plainly
    assert [i["code"] for i in other.json()["error"]["details"]["issues"]] == ["not_this_case"]

    pdf = signed_pdf(corpus_case, document, tmp_path, mediator=case["mediator"]["name"])
    settled = mediator.upload(f"/cases/{case_id}/agreement", pdf, "agreement.pdf")
    assert settled.status_code == 200, settled.text
    assert settled.json()["status"] == "settled"

    sent = notifications(court, case_id, local_stack.court_secret, 3)
    assert [m["type"] for m in sent] == ["case.assigned", "case.accepted", "case.outcome"]
    assert sent[-1]["data"]["result"] == "settled" and len({m["event_id"] for m in sent}) == 3
    history = mediator.get(f"/cases/{case_id}").json()["history"]
    assert [h["to_status"] for h in history] == ["received", "pending_assignment", "assigned", "mediating",
                                                 "settled"]


def test_an_agreement_signed_before_this_mediation_by_another_organization_is_refused(client, local_stack):
    """Issue 12: the same parties' agreement of 2023, by another organization's mediator, settles nothing."""
    case_id = delegate(client, local_stack, "agreement-official-runin.pdf")
    case = assigned(client, case_id)
    mediator = client.as_staff("mediator", mediator_id=case["mediator_id"])
    mediator.post(f"/cases/{case_id}/acceptance", {"decision": "accept"})
    refused = mediator.upload(f"/cases/{case_id}/agreement", (SAMPLES / "agreement-official-runin.pdf").read_bytes())
    assert refused.status_code == 422
    issues = refused.json()["error"]["details"]["issues"]
    assert [i["code"] for i in issues] == ["mediator_mismatch", "organization_mismatch", "signed_before_mediation"]
    assert "徐军" in issues[0]["message"] and "2023年3月8日" in issues[2]["message"]
    assert mediator.get(f"/cases/{case_id}").json()["status"] == "mediating"


def test_an_agreement_missing_a_signature_is_refused_and_kept(client, local_stack, tmp_path):
    corpus_case, document = agreement_document("e2e-unsigned", unsigned="respondent")
    truth = document.truth()["fields"]
    payload = {"event_id": f"e2e-{uuid.uuid4()}", "type": "case.delegated",
               "data": {"applicants": truth["applicants"], "respondents": truth["respondents"],
                        "dispute_category": "contract", "claims": ["请求被申请人支付款项"]}}
    case_id = client.webhook("weibin", local_stack.court_secret, payload).json()["case_id"]
    case = assigned(client, case_id)
    mediator = client.as_staff("mediator", mediator_id=case["mediator_id"])
    mediator.post(f"/cases/{case_id}/acceptance", {"decision": "accept"})
    pdf = signed_pdf(corpus_case, document, tmp_path, mediator=case["mediator"]["name"])
    refused = mediator.upload(f"/cases/{case_id}/agreement", pdf, "agreement.pdf")
    assert refused.status_code == 422
    issues = refused.json()["error"]["details"]["issues"]
    unsigned = truth["respondents"][-1]["name"]
    assert [i["code"] for i in issues] == ["party_unsigned"] and f"{unsigned}还没有签名" in issues[0]["message"]
    assert mediator.get(f"/cases/{case_id}").json()["status"] == "mediating"


def test_a_party_applies_with_the_pdf_and_the_case_gets_a_mediator(client):
    pdf = (SAMPLES / "application-official-runin.pdf").read_bytes()
    answer = client.upload("/applications", pdf, "application.pdf", org_id="xx-sme")
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["extraction"]["document_type"] == "application"
    assert [i["code"] for i in body["extraction"]["issues"]] == ["checksum"]
    assert body["status"] == "received" and body["verification"]["sent_to"] == "137****0762"
    signed_in = client.sign_in(body["case_id"], "13784660762")  # the applicant answers the SMS code
    assert signed_in.status_code == 200, signed_in.text
    party = client.as_token(signed_in.json()["party_token"])
    case = party.wait_for(f"/cases/{body['case_id']}", lambda r: r.json().get("status") == "assigned").json()
    assert case["status"] == "assigned" and case["applicants"][0]["name"] == "秦涵"
    assert "extraction_issues" in case["flags"] and case["documents"] == ["application"]


def test_a_pdf_through_the_presigned_path_opens_the_same_case(client):
    """The large-file path (POST /uploads, the browser posts to S3) reads the file as a direct upload does."""
    import requests

    presigned = client.post("/uploads", {"org_id": "xx-sme"}).json()
    target = presigned["upload"]
    pdf = (SAMPLES / "application-official-runin.pdf").read_bytes()
    stored = requests.post(target["url"], data=target["fields"], timeout=30,
                           files={"file": ("application.pdf", pdf, "application/pdf")})
    assert stored.status_code in (200, 201, 204)
    party = client.as_token(presigned["party_token"])
    state = party.wait_for(f"/uploads/{presigned['case_id']}", lambda r: r.json().get("status") != "pending").json()
    assert (state["status"], state["case_id"]) == ("accepted", presigned["case_id"])
    case = party.get(f"/cases/{presigned['case_id']}").json()
    assert case["applicants"][0]["name"] == "秦涵" and case["documents"] == ["application"]


def test_concurrent_retries_with_one_idempotency_key_make_one_case(local_stack):
    """Five browsers' worth of the same submission at once (the local server's backlog is 5): one case."""
    from concurrent.futures import ThreadPoolExecutor

    import requests

    name, key = f"并发{uuid.uuid4().hex[:6]}", uuid.uuid4().hex
    body = {"applicants": [{"name": name, "kind": "person", "phone": f"139{int(key[:8], 16) % 10 ** 8:08d}"}],
            "respondents": [{"name": "某公司", "kind": "organization"}],
            "claims": ["请求支付货款"], "facts": "未付款", "dispute_category": "contract"}
    barrier = threading.Barrier(5)

    def submit(_):
        barrier.wait()
        return requests.post(f"{local_stack.base_url}/applications", json=body, headers={"Idempotency-Key": key},
                             timeout=60)

    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(submit, range(5)))
    created = [a.json() for a in answers if a.status_code == 201]
    assert created and all(a.status_code in (201, 409) for a in answers), [a.text for a in answers]
    assert {(c["case_id"], c["party_token"]) for c in created} == {(created[0]["case_id"], created[0]["party_token"])}
    admin = Client(local_stack.base_url).as_staff(**ADMIN)
    listed = admin.get("/cases", org_id="xx-sme", limit="100").json()["cases"]
    assert [c["case_id"] for c in listed if name in c["applicants"]] == [created[0]["case_id"]]


def test_a_replayed_webhook_is_refused(client, local_stack):
    payload = {"event_id": f"e2e-{uuid.uuid4()}", "type": "case.delegated",
               "data": {"applicants": EXPECTED["application-official-runin.pdf"]["applicants"],
                        "respondents": EXPECTED["application-official-runin.pdf"]["respondents"],
                        "dispute_category": "contract"}}
    first = client.webhook("weibin", local_stack.court_secret, payload)
    again = client.webhook("weibin", local_stack.court_secret, payload)
    assert (first.status_code, again.status_code) == (202, 409)
    assert again.json()["error"]["details"]["case_id"] == first.json()["case_id"]


ORGANIZATION = "新乡市中小企业协会调解委员会"  # the seeded xx-sme, which mediates every case here


def agreement_document(name: str, unsigned: str | None = None):
    """A contract agreement (person against company) drawn by the extraction corpus's producer: (case, document).

    Its parties open the case; once the mediator is known, `signed_pdf` draws it for this case.
    """
    from tests.extraction.corpus import build, content
    case = build.Case(name, "runin", "agreement",
                      content.Options(category="contract", applicants=("person",), respondents=("organization",),
                                      unsigned=unsigned),
                      {"date": "cn", "money": "plain"})
    return case, case.document()


def signed_pdf(corpus_case, document, tmp_path, *, mediator: str) -> bytes:
    """The agreement as this case's mediator and organization signed it today (China time: the server's day)."""
    import datetime as dt

    from tests.extraction.corpus import build
    document.mediator, document.organization = mediator, ORGANIZATION
    document.signed_date = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    path = tmp_path / f"{corpus_case.name}.pdf"
    build._render(corpus_case, document, str(path))
    return path.read_bytes()


def test_a_case_goes_all_the_way_to_a_confirmed_agreement(client, local_stack, court, tmp_path):
    corpus_case, document = agreement_document("e2e-agreement-today")
    truth = document.truth()["fields"]
    payload = {"event_id": f"e2e-{uuid.uuid4()}", "type": "case.delegated",
               "data": {"applicants": truth["applicants"], "respondents": truth["respondents"],
                        "dispute_category": "contract", "claims": ["请求被申请人支付加工费"], "facts": "……"}}
    case_id = client.webhook("weibin", local_stack.court_secret, payload).json()["case_id"]
    case = assigned(client, case_id)
    mediator = client.as_staff("mediator", mediator_id=case["mediator_id"])
    mediator.post(f"/cases/{case_id}/acceptance", {"decision": "accept"})
    pdf = signed_pdf(corpus_case, document, tmp_path, mediator=case["mediator"]["name"])
    settled = mediator.upload(f"/cases/{case_id}/agreement", pdf, "agreement.pdf")
    assert settled.status_code == 200, settled.text

    invitations = mediator.post(f"/cases/{case_id}/invitations").json()["invitations"]
    for invitation in invitations:
        consent = client.as_token(invitation["party_token"]).post(f"/cases/{case_id}/confirmations",
                                                                  {"consent": True})
        assert consent.status_code == 200, consent.text
    assert consent.json()["status"] == "confirmation_requested"
    requested = notifications(court, case_id, local_stack.court_secret, 4)[-1]
    assert requested["type"] == "confirmation.requested"
    assert truth["applicants"][0]["name"] in requested["data"]["document_html"]

    party = client.as_token(invitations[0]["party_token"])
    page = party.get(f"/cases/{case_id}/documents/confirmation-application")
    assert page.status_code == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    ruled = client.webhook("weibin", local_stack.court_secret, {
        "event_id": f"e2e-{uuid.uuid4()}", "type": "confirmation.ruled",
        "data": {"case_id": case_id, "ruling": "confirmed", "ruling_number": "（2026）豫0703民特5号"}})
    assert ruled.status_code == 200, ruled.text
    history = party.get(f"/cases/{case_id}").json()["history"]
    assert [h["to_status"] for h in history][-3:] == ["settled", "confirmation_requested", "confirmed"]


def test_a_party_gets_back_in_with_the_case_number_phone_and_sms_code(client, local_stack):
    case_id = delegate(client, local_stack, "application-official-runin.pdf")
    phone = EXPECTED["application-official-runin.pdf"]["applicants"][0]["phone"]
    for who in (phone, "18600000000"):  # a phone on the case, and a stranger's: the same answer
        asked = client.post("/auth/party-code", {"case_id": case_id, "phone": who})
        assert (asked.status_code, asked.json()["expires_in"]) == (202, 600)
    assert client.get("/_local/messages", to="18600000000").json() == {"messages": []}
    signed_in = client.sign_in(case_id, phone)
    assert signed_in.status_code == 200, signed_in.text
    case = client.as_token(signed_in.json()["party_token"]).get(f"/cases/{case_id}")
    assert case.status_code == 200 and case.json()["case_id"] == case_id


def test_two_parties_choose_the_court_together_and_it_receives_the_signed_agreement(client, local_stack, court,
                                                                                      tmp_path):
    """R2: a direct application whose parties live in 卫滨区 and 红旗区; they choose 卫滨区法院 jointly."""
    import hashlib

    import requests

    corpus_case, document = agreement_document("e2e-joint-court")
    truth = document.truth()["fields"]
    phone = f"139{uuid.uuid4().int % 10 ** 8:08d}"
    applicant = {**truth["applicants"][0], "address": "河南省新乡市卫滨区胜利路12号", "phone": phone}
    respondent = {**truth["respondents"][0], "address": "河南省新乡市红旗区平原路88号"}
    opened = client.post("/applications", {"applicants": [applicant], "respondents": [respondent],
                                           "claims": ["请求被申请人支付加工费"], "dispute_category": "contract",
                                           "org_id": "xx-sme"})
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["case_id"]
    assert client.sign_in(case_id, phone).status_code == 200
    staff_view = client.as_staff(**ADMIN).wait_for(f"/cases/{case_id}", lambda r: r.json().get("status") == "assigned")
    case = staff_view.json()
    mediator = client.as_staff("mediator", mediator_id=case["mediator_id"])
    mediator.post(f"/cases/{case_id}/acceptance", {"decision": "accept"})
    pdf = signed_pdf(corpus_case, document, tmp_path, mediator=case["mediator"]["name"])
    assert mediator.upload(f"/cases/{case_id}/agreement", pdf, "agreement.pdf").status_code == 200
    invitations = {i["party_name"]: i["party_token"]
                   for i in mediator.post(f"/cases/{case_id}/invitations").json()["invitations"]}
    assert client.post("/auth/party-code", {"case_id": case_id, "phone": phone}).status_code == 202
    signed_in = client.sign_in(case_id, phone)  # the applicant comes back by SMS code instead of the link
    first = client.as_token(signed_in.json()["party_token"])
    second = client.as_token(invitations[respondent["name"]])

    unchosen = first.post(f"/cases/{case_id}/confirmations", {"consent": True})
    assert unchosen.status_code == 422 and unchosen.json()["error"]["code"] == "court_choice_required"
    options = {o["court_id"]: o["reasons"] for o in unchosen.json()["error"]["details"]["options"]}
    assert options == {"weibin": [f"{applicant['name']}住所地", f"{ORGANIZATION}所在地"],
                       "hongqi": [f"{respondent['name']}住所地"]}
    assert first.post(f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "weibin"}).status_code == 200
    conflict = second.post(f"/cases/{case_id}/confirmations", {"consent": True, "court_id": "hongqi"})
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "court_choice_conflict"
    joined = second.post(f"/cases/{case_id}/confirmations", {"consent": True})
    assert joined.status_code == 200 and joined.json()["status"] == "confirmation_requested", joined.text

    choice = first.get(f"/cases/{case_id}").json()["court_choice"]
    assert (choice["court_id"], choice["name"]) == ("weibin", "新乡市卫滨区人民法院")
    consents = {c["party"]: c for c in choice["consents"]}
    assert set(consents) == {applicant["name"], respondent["name"]}
    assert consents[applicant["name"]]["channel"] == {"kind": "sms_code", "phone": f"{phone[:3]}****{phone[-4:]}"}
    assert consents[respondent["name"]]["channel"] == {"kind": "invitation"}

    [requested] = notifications(court, case_id, local_stack.court_secret, 1)
    assert requested["type"] == "confirmation.requested"
    html = requested["data"]["document_html"]
    addressee = html[html.index("此致"):]
    assert "新乡市卫滨区人民法院" in addressee[:200] and "____" not in html
    from chalicelib.rendering.filters import cn_datetime

    for name, given in consents.items():
        assert name in html and cn_datetime(given["at"]) in html
    [agreement] = requested["data"]["materials"]
    fetched = requests.get(agreement["url"], timeout=30)
    assert fetched.status_code == 200
    assert hashlib.sha256(fetched.content).hexdigest() == agreement["sha256"] == hashlib.sha256(pdf).hexdigest()
